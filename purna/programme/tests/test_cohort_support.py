"""Data and personas shared by the cohort screen tests (no tests in here)."""

from datetime import date, timedelta

import pytest
from django.conf import settings

from purna.accounts.models import Role
from purna.programme.cohorts import cohort_create
from purna.programme.models import Module
from purna.programme.services import plan_step_set
from tests.factories import (
    PACITAN,
    PONOROGO_CITY_DISTRICT,
    make_assessment,
    make_institution,
    make_person,
    make_user,
    village,
)

# Every persona of tests/fixtures.py plus a facilitator of the cohort: a field officer
# from Pacitan, outside the cohort's area.
PERSONAS = [
    "admin",
    "coordinator",
    "field_officer",
    "mentor",
    "viewer",
    "outsider",
    "anonymous",
    "facilitator",
]
START = date(2026, 3, 2)


def quadrant_iii(name: str, prefix: str = PONOROGO_CITY_DISTRICT, *, ready: bool = True):
    """A quadrant III returnee; `ready` completes the mindset module, so the business
    training comes next."""
    person = make_person(full_name=name, village_code_prefix=prefix)
    make_assessment(person, "III")
    if ready:
        plan_step_set(
            actor=None,
            person=person,
            module=Module.objects.get(code="MINDSET_BUSINESS"),
            state="completed",
        )
    person.refresh_from_db()
    return person


def make_cohort(
    code: str = "TRAINING_BUSINESS",
    *,
    capacity: int = 30,
    sessions: int = 4,
    venue_prefix: str = PONOROGO_CITY_DISTRICT,
    start: date = START,
    facilitators=(),
    name: str = "Angkatan 1",
):
    return cohort_create(
        actor=None,
        module=Module.objects.get(code=code),
        institution=make_institution(),
        name=name,
        venue=village(venue_prefix),
        capacity=capacity,
        session_dates=[start + timedelta(days=7 * n) for n in range(sessions)],
        facilitators=facilitators,
    )


def in_english(client):
    """English for assertions on wording: the Indonesian catalogue may change its phrasing."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def facilitator(personas):
    return make_user("facilitator", Role.FIELD_OFFICER, regencies=[PACITAN])


@pytest.fixture
def login(client, personas, facilitator):
    """login("facilitator") -> a client logged in as any persona, the facilitator included."""
    users = {**personas, "facilitator": facilitator}

    def as_persona(persona: str):
        client.logout()
        if users[persona] is not None:
            client.force_login(users[persona])
        return client

    return as_persona


@pytest.fixture
def cohort(facilitator):
    """Business training in Kecamatan Ponorogo, four weekly sessions from 2 March 2026."""
    return make_cohort(facilitators=[facilitator])
