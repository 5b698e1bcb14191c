"""Shared fixtures: the personas every screen is tried with."""

import pytest

from purna.accounts.models import Role

from .factories import (
    PACITAN,
    PONOROGO,
    PONOROGO_CITY_DISTRICT,
    assign,
    make_mentor,
    make_person,
    make_user,
)

PERSONAS = ["admin", "coordinator", "field_officer", "mentor", "viewer", "outsider", "anonymous"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher costs ~0.3 s per user; seven personas per test would dominate the suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db):
    """One user per role in Ponorogo, and an outsider: a field officer of another regency."""
    return {
        "admin": make_user("admin_user", Role.ADMIN),
        "coordinator": make_user("coordinator", Role.COORDINATOR, regencies=[PONOROGO]),
        "field_officer": make_user(
            "field_officer", Role.FIELD_OFFICER, districts=[PONOROGO_CITY_DISTRICT]
        ),
        "mentor": make_user("mentor", Role.MENTOR, regencies=[PONOROGO]),
        "viewer": make_user("viewer", Role.VIEWER, regencies=[PONOROGO]),
        "outsider": make_user("outsider", Role.FIELD_OFFICER, regencies=[PACITAN]),
        # A returnee mentor's login: sees only the families paired with them.
        "peer_mentor": make_user("peer_mentor", Role.PEER_MENTOR, regencies=[PONOROGO]),
        "anonymous": None,
    }


@pytest.fixture
def client_for(client, personas):
    """client_for("mentor") -> a test client logged in as that persona."""

    def login(persona: str):
        user = personas[persona]
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def person(db):
    return make_person()


@pytest.fixture
def accompany(personas):
    """accompany(person) -> the mentor persona accompanies that family from now on (an open
    assignment to the staff mentor whose login is personas["mentor"]). Without it the
    mentor persona sees nobody: a mentor sees only the families assigned to them."""

    def start(person):
        from purna.mentors.models import Mentor

        mentor = Mentor.objects.filter(user=personas["mentor"]).first() or make_mentor(
            "Mentor Persona", user=personas["mentor"]
        )
        return assign(person, mentor)

    return start
