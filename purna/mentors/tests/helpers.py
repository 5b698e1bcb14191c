"""Builders for the mentors tests: practising families in chosen villages, mentors."""

from datetime import date

from purna.assessment.models import Assessment
from purna.mentors.models import MentorPreference
from purna.people.models import Person
from tests.factories import make_mentor, make_person, start_practice

PAJU = "35.02.17.1001"  # Kecamatan Ponorogo
BROTONEGARAN = "35.02.17.1002"  # Kecamatan Ponorogo
TUGUREJO = "35.02.01.2001"  # Kecamatan Slahung, same regency
WIDORO = "35.01.01.2001"  # Pacitan, another regency
PONOROGO = "35.02.17"
SLAHUNG = "35.02.01"
PACITAN_DISTRICT = "35.01.01"

STARTED = date(2026, 1, 15)
TODAY = date(2026, 6, 1)


def family(
    full_name: str = "Siti Aminah",
    *,
    sex: str = "P",
    village: str = PAJU,
    interests=(),
    same_sex: bool = False,
    on: date = STARTED,
    practice: bool = True,
) -> Person:
    """A returnee living in `village`; in business practice since `on` unless not."""
    district = village.rsplit(".", 1)[0]
    person = make_person(full_name=full_name, sex=sex, village_code_prefix=district)
    Person.objects.filter(pk=person.pk).update(village_id=village)
    person.refresh_from_db()
    if practice:
        start_practice(person, on=on)
        person.refresh_from_db()
        if interests:
            Assessment.objects.filter(pk=person.current_assessment_id).update(
                business_interests=list(interests)
            )
    if same_sex:
        MentorPreference.objects.create(person=person, same_sex=True)
    return Person.objects.select_related("village", "current_assessment").get(pk=person.pk)


def staff(name: str = "Bu Rina", *, districts=(PONOROGO,), **kwargs):
    return make_mentor(name, districts=districts, **kwargs)


def peer_returnee(full_name: str = "Bu Lastri", *, village: str = BROTONEGARAN, sex="P"):
    """A returnee whose field test confirmed quadrant IV (status peer_mentor)."""
    person = family(full_name, sex=sex, village=village, practice=False)
    Person.objects.filter(pk=person.pk).update(status="peer_mentor", quadrant="IV")
    person.refresh_from_db()
    return person
