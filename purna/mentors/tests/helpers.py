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


def classes_of(page: str, testid: str) -> set[str]:
    """The classes of the element marked data-testid=`testid` on a rendered page."""
    import re

    tag = re.search(rf'<[^>]*data-testid="{re.escape(testid)}"[^>]*>', page)
    assert tag, f"no element {testid}"
    found = re.search(r'class="([^"]*)"', tag.group(0))
    return set(found.group(1).split()) if found else set()


def is_big_tap_target(classes: set[str]) -> bool:
    """A Bootstrap button at least 44 px tall on any screen: .btn with a large font size
    (btn-lg: 48 px) or a large line height (lh-lg: 46 px), never .btn-sm (31 px)."""
    return "btn" in classes and "btn-sm" not in classes and bool({"btn-lg", "lh-lg"} & classes)
