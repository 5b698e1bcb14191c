"""Small factory functions for tests: real services, so tests exercise what users do."""

from datetime import date
from itertools import count

from purna.accounts.models import Institution, User
from purna.areas.models import District, Regency, Village
from purna.assessment.services import assessment_record
from purna.core.pathways import pathway_for
from purna.people.models import Person
from purna.people.services import person_create

PONOROGO = "35.02"
PONOROGO_CITY_DISTRICT = "35.02.17"  # Kecamatan Ponorogo
PACITAN = "35.01"

_serial = count(1)

# Answer patterns that land in each quadrant with the default instrument (threshold 50).
HIGH = 5
LOW = 1
BUSINESS_CODES = [f"E{i:02d}" for i in range(1, 11)]
SAKINAH_CODES = [f"S{i:02d}" for i in range(1, 9)]
REVERSED = {"E05", "E07", "S06"}


def answers_for(business: int, sakinah: int) -> dict[str, int]:
    """Every item answered so that the axis mean is `business` / `sakinah` after reversal."""
    out = {}
    for code in BUSINESS_CODES:
        out[code] = 6 - business if code in REVERSED else business
    for code in SAKINAH_CODES:
        out[code] = 6 - sakinah if code in REVERSED else sakinah
    return out


QUADRANT_ANSWERS = {
    "I": answers_for(LOW, LOW),
    "II": answers_for(HIGH, LOW),
    "III": answers_for(LOW, HIGH),
    "IV": answers_for(HIGH, HIGH),
}


def village(code_prefix: str = PONOROGO_CITY_DISTRICT) -> Village:
    return Village.objects.filter(code__startswith=code_prefix + ".").order_by("code").first()


def make_institution(name: str = "Universitas Muhammadiyah Ponorogo", kind: str = "university"):
    return Institution.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def make_user(
    username: str,
    role: str,
    *,
    regencies: list[str] = (),
    districts: list[str] = (),
    password: str = "purna-test-pass",
) -> User:
    user = User.objects.create_user(
        username=username,
        password=password,
        role=role,
        institution=make_institution(),
        first_name=username.replace("_", " ").title(),
    )
    user.regencies.set(Regency.objects.filter(code__in=regencies))
    user.districts.set(District.objects.filter(code__in=districts))
    return user


def valid_nik(birth: date, sex: str, district_code: str = PONOROGO_CITY_DISTRICT) -> str:
    """A NIK consistent with the birth date and sex, unique within the test run."""
    day = birth.day + (40 if sex == "P" else 0)
    region = district_code.replace(".", "")
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{next(_serial):04d}"


def make_person(
    *,
    full_name: str = "Siti Aminah",
    sex: str = "P",
    birth_date: date = date(1985, 9, 5),
    village_code_prefix: str = PONOROGO_CITY_DISTRICT,
    actor=None,
    consent: bool = True,
    **fields,
) -> Person:
    v = village(village_code_prefix)
    return person_create(
        actor=actor,
        nik=fields.pop("nik", None) or valid_nik(birth_date, sex, v.district_id),
        full_name=full_name,
        sex=sex,
        birth_date=birth_date,
        village=v,
        consent_scopes=["registration", "assessment"] if consent else None,
        consent_date=date(2026, 1, 10),
        **fields,
    )


def make_assessment(
    person: Person,
    quadrant: str = "IV",
    *,
    source: str = "self",
    assessed_on: date = date(2026, 2, 1),
    answers=None,
    actor=None,
):
    return assessment_record(
        actor=actor,
        person=person,
        assessed_on=assessed_on,
        source=source,
        answers=answers if answers is not None else QUADRANT_ANSWERS[quadrant],
    )


def start_practice(person: Person, on: date = date(2026, 1, 15), quadrant: str = "III") -> Person:
    """A family whose training is done and whose business practice started `on`: the
    mentoring clock starts there. Quadrants I-III only (IV has no practice)."""
    from purna.programme.models import Module, PlanEntry
    from purna.programme.services import person_status_refresh

    if person.quadrant != quadrant:
        make_assessment(person, quadrant, assessed_on=min(on, date(2025, 12, 1)))
        person.refresh_from_db()
    pathway = pathway_for(quadrant)
    for code in pathway[: pathway.index("PRACTICE")]:
        PlanEntry.objects.update_or_create(
            person=person,
            module=Module.objects.get(code=code),
            defaults={"state": "completed", "started_on": on},
        )
    PlanEntry.objects.update_or_create(
        person=person,
        module=Module.objects.get(code="PRACTICE"),
        defaults={"state": "in_progress", "started_on": on},
    )
    person_status_refresh(person)
    return person


def make_mentor(
    name: str = "Bu Rina",
    *,
    user=None,
    person=None,
    sex: str = "P",
    capacity: int | None = None,
    sectors=("food", "retail"),
    districts=(PONOROGO_CITY_DISTRICT,),
):
    """A staff mentor (give `user`), or a peer mentor (give `person`, a returnee)."""
    from purna.mentors.models import PEER_CAPACITY, STAFF_CAPACITY, Mentor

    peer = person is not None
    mentor = Mentor.objects.create(
        kind="peer" if peer else "staff",
        user=user,
        person=person,
        name=person.full_name if peer else name,
        institution=None if peer else make_institution(),
        sex=person.sex if peer else sex,
        capacity=capacity or (PEER_CAPACITY if peer else STAFF_CAPACITY),
        sectors=list(sectors),
        village=person.village if peer else None,
    )
    mentor.districts.set(District.objects.filter(code__in=districts))
    return mentor


def assign(person: Person, mentor, on: date = date(2026, 1, 20)):
    """An open assignment, written directly (the service is what tests exercise)."""
    from purna.mentors.models import Assignment

    return Assignment.objects.create(
        person=person, mentor=mentor, kind=mentor.kind, started_on=on, reason="test"
    )
