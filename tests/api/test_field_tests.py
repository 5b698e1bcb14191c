"""/api/v1/participants/{nik}/field-tests: the field test of quadrant IV families."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.programme.models import FieldTest, FieldTestPhoto, PlanEntry
from tests.api import bearer
from tests.factories import make_assessment

# Answers on both axes confirmed: the family becomes a mitra pendamping.
CONFIRMED = {
    "visited_on": "2026-03-02",
    "business_exists": True,
    "sector": "food",
    "months_operating": 18,
    "monthly_revenue": 6_000_000,
    "monthly_profit": 1_500_000,
    "workers": 2,
    "worship_routine": True,
    "charity_routine": True,
    "family_harmony": True,
    "social_participation": True,
    "business_confirmed": True,
    "sakinah_confirmed": True,
    "notes": "  Warung soto, ramai pembeli.  ",
}
# The business is real, sakinah values are not lived: quadrant II.
SAKINAH_NOT_CONFIRMED = {
    **CONFIRMED,
    "charity_routine": False,
    "family_harmony": False,
    "sakinah_confirmed": False,
}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def url(person) -> str:
    return f"/api/v1/participants/{person.nik}/field-tests"


def post(client, user, person, body):
    return client.post(url(person), body, content_type="application/json", headers=bearer(user))


@pytest.fixture
def quadrant_iv(person):
    make_assessment(person, "IV", assessed_on=date(2026, 2, 1))
    person.refresh_from_db()
    assert person.quadrant == "IV"
    return person


@pytest.fixture
def recorded(client, personas, quadrant_iv):
    response = post(client, personas["field_officer"], quadrant_iv, CONFIRMED)
    assert response.status_code == 201, response.content
    return FieldTest.objects.get(person=quadrant_iv)


def plan_state(person, code: str) -> str:
    return PlanEntry.objects.get(person=person, module__code=code).state


# --- GET -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 404),  # not a family the mentor accompanies
        ("viewer", 403),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_list_access(client, personas, recorded, persona, status):
    response = client.get(url(recorded.person), headers=bearer(personas[persona]))
    assert response.status_code == status, response.content
    if status == 200:
        assert [t["id"] for t in response.json()] == [recorded.pk]


def test_list_unknown_nik_is_404(client, personas):
    path = "/api/v1/participants/3502170000000000/field-tests"
    response = client.get(path, headers=bearer(personas["coordinator"]))
    assert response.status_code == 404


def test_list_empty_before_a_field_test(client, personas, quadrant_iv, accompany):
    accompany(quadrant_iv)
    response = client.get(url(quadrant_iv), headers=bearer(personas["mentor"]))
    assert response.status_code == 200
    assert response.json() == []


def test_list_shows_the_answers_and_protected_photo_urls(
    client, personas, recorded, settings, tmp_path, accompany
):
    settings.MEDIA_ROOT = tmp_path
    accompany(recorded.person)  # the mentor persona reads their own family's field test
    photo = FieldTestPhoto.objects.create(
        field_test=recorded, image=SimpleUploadedFile("warung.png", PNG, content_type="image/png")
    )
    response = client.get(url(recorded.person), headers=bearer(personas["mentor"]))
    assert response.status_code == 200
    (test,) = response.json()
    assert test == {
        "id": recorded.pk,
        "visited_on": "2026-03-02",
        "officer": "field_officer",
        "business_exists": True,
        "sector": "food",
        "months_operating": 18,
        "monthly_revenue": 6_000_000,
        "monthly_profit": 1_500_000,
        "workers": 2,
        "worship_routine": True,
        "charity_routine": True,
        "family_harmony": True,
        "social_participation": True,
        "business_confirmed": True,
        "sakinah_confirmed": True,
        "confirmed": True,
        "notes": "Warung soto, ramai pembeli.",
        "photos": [reverse("programme:field_test_photo", args=[photo.pk])],
    }
    # The URL is the screen's protected view: a session of someone who sees the family.
    session = Client()
    assert session.get(test["photos"][0]).status_code == 302  # to the login page
    session.force_login(personas["outsider"])
    assert session.get(test["photos"][0]).status_code == 404
    session.force_login(personas["mentor"])
    photo_response = session.get(test["photos"][0])
    assert photo_response.status_code == 200
    assert b"".join(photo_response.streaming_content) == PNG


# --- POST ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 201),
        ("coordinator", 201),
        ("field_officer", 201),
        ("mentor", 404),  # not a family the mentor accompanies
        ("viewer", 403),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_create_access(client, personas, quadrant_iv, persona, status):
    response = post(client, personas[persona], quadrant_iv, CONFIRMED)
    assert response.status_code == status, response.content
    assert FieldTest.objects.filter(person=quadrant_iv).exists() is (status == 201)


def test_a_mentor_may_not_record_a_field_test_of_their_own_family(
    client, personas, quadrant_iv, accompany
):
    accompany(quadrant_iv)
    assert post(client, personas["mentor"], quadrant_iv, CONFIRMED).status_code == 403
    assert not FieldTest.objects.exists()


def test_confirmed_makes_a_peer_mentor(client, personas, quadrant_iv):
    user = personas["field_officer"]
    response = post(client, user, quadrant_iv, CONFIRMED)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["quadrant"]) == ("peer_mentor", "IV")
    assert body["field_test"]["confirmed"] is True
    assert body["field_test"]["officer"] == "field_officer"
    assert body["field_test"]["notes"] == "Warung soto, ramai pembeli."
    assert body["field_test"]["photos"] == []
    quadrant_iv.refresh_from_db()
    assert (quadrant_iv.status, quadrant_iv.quadrant) == ("peer_mentor", "IV")
    assert plan_state(quadrant_iv, "FIELD_VERIFICATION") == "completed"
    assert plan_state(quadrant_iv, "PEER_MENTOR") == "in_progress"
    test = FieldTest.objects.get(person=quadrant_iv)
    assert test.officer == user and test.monthly_revenue == 6_000_000
    event = AuditEvent.objects.get(entity="fieldtest", entity_id=test.pk)
    assert event.action == "create" and event.actor == user


def test_sakinah_not_confirmed_places_in_quadrant_ii(client, personas, quadrant_iv):
    response = post(client, personas["coordinator"], quadrant_iv, SAKINAH_NOT_CONFIRMED)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["quadrant"] == "II"
    assert body["status"] != "peer_mentor"
    assert body["field_test"]["confirmed"] is False
    quadrant_iv.refresh_from_db()
    assert (quadrant_iv.quadrant, quadrant_iv.status) == ("II", body["status"])
    placement = quadrant_iv.placements.get()
    assert placement.quadrant == "II" and placement.placed_on == date(2026, 3, 2)
    assert "sakinah" in placement.reason and "business" not in placement.reason
    assert not PlanEntry.objects.filter(
        person=quadrant_iv, module__code="PEER_MENTOR", state="in_progress"
    ).exists()


def test_a_second_field_test_is_409(client, personas, recorded):
    response = post(client, personas["coordinator"], recorded.person, SAKINAH_NOT_CONFIRMED)
    assert response.status_code == 409
    assert response.json()["code"] == "not_due"
    assert FieldTest.objects.filter(person=recorded.person).count() == 1


def test_not_quadrant_iv_is_409(client, personas, person):
    make_assessment(person, "II")
    response = post(client, personas["field_officer"], person, CONFIRMED)
    assert response.status_code == 409
    assert response.json()["code"] == "not_due"
    assert not FieldTest.objects.exists()


def test_not_assessed_is_409(client, personas, person):
    response = post(client, personas["field_officer"], person, CONFIRMED)
    assert response.status_code == 409


def test_mentor_gets_403_even_when_none_is_due(client, personas, person, accompany):
    accompany(person)
    assert post(client, personas["mentor"], person, CONFIRMED).status_code == 403


@pytest.mark.parametrize(
    "change, field",
    [
        ({"monthly_revenue": -1}, "monthly_revenue"),
        ({"visited_on": (date.today() + timedelta(days=1)).isoformat()}, "visited_on"),
        ({"visited_on": "1899-12-31"}, "visited_on"),
        ({"visited_on": "2026-02-30"}, "visited_on"),
        ({"workers": -2}, "workers"),
        ({"months_operating": 40000}, "months_operating"),
        ({"sector": "mining"}, "sector"),
        ({"business_confirmed": None}, "business_confirmed"),
        ({"notes": "x" * 5001}, "notes"),
    ],
)
def test_invalid_values_are_422_naming_the_field(client, personas, quadrant_iv, change, field):
    response = post(client, personas["field_officer"], quadrant_iv, {**CONFIRMED, **change})
    assert response.status_code == 422, response.content
    assert field in {error["field"] for error in response.json()["detail"]}
    assert not FieldTest.objects.exists()
    quadrant_iv.refresh_from_db()
    assert quadrant_iv.status != "peer_mentor"


def test_missing_answers_are_422(client, personas, quadrant_iv):
    body = {k: v for k, v in CONFIRMED.items() if k != "sakinah_confirmed"}
    response = post(client, personas["field_officer"], quadrant_iv, body)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"sakinah_confirmed"}


def test_a_loss_is_allowed(client, personas, quadrant_iv):
    body = {**CONFIRMED, "monthly_profit": -250_000, "business_confirmed": False}
    response = post(client, personas["field_officer"], quadrant_iv, body)
    assert response.status_code == 201, response.content
    assert response.json()["field_test"]["monthly_profit"] == -250_000
    assert response.json()["quadrant"] == "III"


def test_only_the_answers_are_needed(client, personas, quadrant_iv):
    body = {
        k: v
        for k, v in CONFIRMED.items()
        if k not in {"sector", "months_operating", "monthly_revenue", "monthly_profit", "workers"}
    }
    response = post(client, personas["field_officer"], quadrant_iv, body)
    assert response.status_code == 201, response.content
    test = response.json()["field_test"]
    assert test["sector"] == "" and test["monthly_revenue"] is None


# --- authentication ------------------------------------------------------------------------------


def test_wrong_token_is_401(client, quadrant_iv):
    headers = {"Authorization": "Bearer not-a-token"}
    assert client.get(url(quadrant_iv), headers=headers).status_code == 401
    response = client.post(
        url(quadrant_iv), CONFIRMED, content_type="application/json", headers=headers
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert not FieldTest.objects.exists()


def test_session_post_needs_csrf(personas, quadrant_iv):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["field_officer"])
    assert browser.get(url(quadrant_iv)).status_code == 200
    response = browser.post(url(quadrant_iv), CONFIRMED, content_type="application/json")
    assert response.status_code == 403
    assert not FieldTest.objects.exists()


def test_openapi_says_photos_stay_on_the_screen(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/participants/{nik}/field-tests"]["post"]
    assert "Photos cannot be sent through the API" in operation["description"]
    assert {"201", "409"} <= set(operation["responses"])
    assert operation["tags"] == ["programme"]
