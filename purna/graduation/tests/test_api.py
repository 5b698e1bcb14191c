"""/api/v1: decent-life checks, graduation, sustainability checks and candidates."""

from datetime import date

import pytest

from purna.graduation.models import DecentLifeCheck, Graduation, SustainabilityCheck
from purna.mentors.models import Assignment
from tests.api import bearer
from tests.factories import assign, make_mentor, make_person

from .helpers import ALL_MET, in_english, in_practice, ready_family

CHECK = {"checked_on": "2026-11-10", **ALL_MET, "children_in_school": None, "notes": " ok "}


def path(person, thing):
    return f"/api/v1/participants/{person.nik}/{thing}"


def get(client, user, url):
    return client.get(url, headers=bearer(user))


def post(client, user, url, body):
    return client.post(url, body, content_type="application/json", headers=bearer(user))


READ = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 404),
    ("viewer", 403),
    ("peer_mentor", 403),
    ("outsider", 404),
    ("anonymous", 401),
]


# --- decent-life checks ----------------------------------------------------------------------


@pytest.mark.parametrize("persona, status", READ)
def test_decent_life_list_access(client, personas, person, persona, status):
    in_practice(person)
    assert get(client, personas[persona], path(person, "decent-life-checks")).status_code == status


def test_decent_life_round_trip(client, personas, person):
    in_practice(person)
    assign(person, make_mentor(user=personas["mentor"]))
    response = post(client, personas["mentor"], path(person, "decent-life-checks"), CHECK)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["children_in_school"] is None
    assert body["unmet"] == []
    assert body["notes"] == "ok"
    assert body["recorded_by"] == "mentor"
    listing = get(client, personas["mentor"], path(person, "decent-life-checks")).json()
    assert listing["schedule"] == {
        "last": "2026-11-10",
        "next_due": "2027-05-10",
        "overdue": False,
        "days_overdue": 0,
    }
    assert [c["id"] for c in listing["checks"]] == [body["id"]]


def test_decent_life_sent_twice_is_422(client, personas, person):
    in_practice(person)
    url = path(person, "decent-life-checks")
    assert post(client, personas["admin"], url, CHECK).status_code == 201
    response = post(client, personas["admin"], url, CHECK)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "checked_on"
    assert DecentLifeCheck.objects.count() == 1
    early = post(client, personas["admin"], url, {**CHECK, "checked_on": "1999-12-31"})
    assert early.status_code == 422
    assert DecentLifeCheck.objects.count() == 1


def test_decent_life_unmet_and_overdue(client, personas, person):
    in_practice(person)
    post(client, personas["admin"], path(person, "decent-life-checks"),
         {**CHECK, "checked_on": "2026-03-01", "routine_charity": False})  # fmt: skip
    listing = get(client, personas["admin"], path(person, "decent-life-checks")).json()
    assert listing["checks"][0]["unmet"] == ["routine_charity"]
    assert listing["schedule"]["overdue"] is True
    assert listing["schedule"]["days_overdue"] == 80  # due 2026-09-01


@pytest.mark.parametrize("persona, status", [("viewer", 403), ("outsider", 404)])
def test_decent_life_create_forbidden(client, personas, person, persona, status):
    in_practice(person)
    response = post(client, personas[persona], path(person, "decent-life-checks"), CHECK)
    assert response.status_code == status
    assert not DecentLifeCheck.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"checked_on": "2026-11-21"}, "checked_on"),
        ({"house_fit": None}, "house_fit"),
        ({"notes": "x" * 5001}, "notes"),
    ],
)
def test_decent_life_bad_input(client, personas, person, change, field):
    in_practice(person)
    response = post(client, personas["admin"], path(person, "decent-life-checks"),
                    {**CHECK, **change})  # fmt: skip
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == [field]
    assert not DecentLifeCheck.objects.exists()


def test_decent_life_children_in_school_must_be_given(client, personas, person):
    in_practice(person)
    body = {k: v for k, v in CHECK.items() if k != "children_in_school"}
    response = post(client, personas["admin"], path(person, "decent-life-checks"), body)
    assert response.status_code == 422


def test_decent_life_not_in_practice(client, personas, person):
    response = post(client, personas["admin"], path(person, "decent-life-checks"), CHECK)
    assert response.status_code == 409
    assert response.json()["code"] == "not_in_practice"
    listing = get(client, personas["admin"], path(person, "decent-life-checks")).json()
    assert listing == {"schedule": None, "checks": []}


# --- graduation ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona, status", READ)
def test_graduation_detail_access(client, personas, person, persona, status):
    ready_family(person)
    assert get(client, personas[persona], path(person, "graduation")).status_code == status


def test_graduation_detail_before(client, personas, person):
    ready_family(person, business=False)
    client = in_english(client)
    body = get(client, personas["coordinator"], path(person, "graduation")).json()
    assert body["ready"] is False
    assert body["practice_started"] == "2025-09-01"
    assert body["rules"] == {
        "modules_completed": True,
        "profitable_months": 6,
        "profit_window": 8,
        "decent_life": True,
        "quadrant_iv": True,
    }
    business = next(c for c in body["criteria"] if c["code"] == "business")
    assert business["met"] is False
    assert business["facts"] == {"operating": False, "profitable": 0, "required": 6, "window": 8}
    assert business["detail"] == "No business is operating. Profitable months: 0 of 8."
    assert body["graduation"] is None


def test_graduation_confirm(client, personas, person):
    ready_family(person)
    assign(person, make_mentor(user=personas["mentor"]))
    response = post(client, personas["coordinator"], path(person, "graduation"),
                    {"on": "2026-11-18", "note": "Mandiri"})  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "independent"
    assert body["independent_since"] == "2026-11-18"
    assert body["criteria"] == []
    assert body["graduation"]["confirmed_by"] == "coordinator"
    assert body["graduation"]["criteria"]["quadrant"]["met"] is True
    assert Assignment.objects.get().end_reason == "graduated"
    again = post(client, personas["coordinator"], path(person, "graduation"), {"on": "2026-11-18"})
    assert again.status_code == 409
    assert again.json()["code"] == "already_independent"


def test_graduation_confirm_refused_with_the_unmet_criteria(client, personas, person):
    ready_family(person)
    DecentLifeCheck.objects.update(house_fit=False)
    response = post(client, personas["admin"], path(person, "graduation"), {"on": "2026-11-18"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "criteria_unmet"
    assert [(c["code"], c["met"]) for c in body["criteria"]] == [
        ("modules", True),
        ("business", True),
        ("decent_life", False),
        ("quadrant", True),
    ]
    assert body["criteria"][2]["facts"]["unmet"] == ["house_fit"]
    assert not Graduation.objects.exists()


@pytest.mark.parametrize(
    "persona, status",
    [("field_officer", 403), ("mentor", 404), ("viewer", 403), ("outsider", 404)],
)
def test_graduation_confirm_forbidden(client, personas, person, persona, status):
    ready_family(person)
    response = post(client, personas[persona], path(person, "graduation"), {"on": "2026-11-18"})
    assert response.status_code == status
    assert not Graduation.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"on": "2026-11-21"}, "on"),
        ({"on": "2025-01-01"}, "on"),
        ({}, "on"),
        ({"on": "2026-11-18", "note": "x" * 2001}, "note"),
    ],
)
def test_graduation_confirm_bad_input(client, personas, person, body, field):
    ready_family(person)
    response = post(client, personas["admin"], path(person, "graduation"), body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == [field]
    assert not Graduation.objects.exists()


def test_graduation_confirm_not_in_practice(client, personas, person):
    response = post(client, personas["admin"], path(person, "graduation"), {"on": "2026-11-18"})
    assert response.status_code == 409
    assert response.json()["code"] == "not_in_practice"


# --- sustainability checks -------------------------------------------------------------------


@pytest.fixture
def graduated(person):
    ready_family(person)
    person.graduated_on = date(2026, 5, 4)
    person.save()
    return person


SUSTAINABILITY = {
    "checked_on": "2026-11-10",
    "business_operating": True,
    "migrated_again": False,
    "migrated_who": "ignored",
}


@pytest.mark.parametrize("persona, status", READ)
def test_sustainability_list_access(client, personas, graduated, persona, status):
    url = path(graduated, "sustainability-checks")
    assert get(client, personas[persona], url).status_code == status


def test_sustainability_round_trip(client, personas, graduated):
    url = path(graduated, "sustainability-checks")
    before = get(client, personas["field_officer"], url).json()
    assert before["schedule"]["next_due"] == "2026-11-04"
    assert before["schedule"]["overdue"] is True
    response = post(client, personas["field_officer"], url, SUSTAINABILITY)
    assert response.status_code == 201, response.content
    assert response.json()["migrated_who"] == ""
    after = get(client, personas["field_officer"], url).json()
    assert after["independent_since"] == "2026-05-04"
    assert after["schedule"]["next_due"] == "2027-05-10"
    assert len(after["checks"]) == 1


def test_sustainability_not_independent(client, personas, person):
    ready_family(person)
    url = path(person, "sustainability-checks")
    response = post(client, personas["admin"], url, SUSTAINABILITY)
    assert response.status_code == 409
    assert response.json()["code"] == "not_independent"
    assert get(client, personas["admin"], url).json()["schedule"] is None


def test_sustainability_bad_date(client, personas, graduated):
    url = path(graduated, "sustainability-checks")
    response = post(client, personas["admin"], url, {**SUSTAINABILITY, "checked_on": "2026-05-01"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "checked_on"
    assert not SustainabilityCheck.objects.exists()


def test_sustainability_forbidden(client, personas, graduated):
    url = path(graduated, "sustainability-checks")
    assert post(client, personas["viewer"], url, SUSTAINABILITY).status_code == 403
    assert post(client, personas["outsider"], url, SUSTAINABILITY).status_code == 404


# --- candidates ------------------------------------------------------------------------------

CANDIDATES = "/api/v1/graduation/candidates"


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_candidates_access(client, personas, persona, status):
    assert get(client, personas[persona], CANDIDATES).status_code == status


def test_candidates(client, personas, person):
    ready_family(person)
    waiting = in_practice(make_person(full_name="Aminah Waiting"))
    body = get(client, personas["coordinator"], CANDIDATES).json()
    assert body["count"] == 2
    assert [(c["nik"], c["ready"]) for c in body["items"]] == [
        (person.nik, True),
        (waiting.nik, False),
    ]
    assert body["items"][0]["district_code"] == "35.02.17"
    assert body["items"][0]["practice_started"] == "2025-09-01"
    ready_only = get(client, personas["coordinator"], CANDIDATES + "?ready=true").json()
    assert [c["nik"] for c in ready_only["items"]] == [person.nik]
    other = get(client, personas["coordinator"], CANDIDATES + "?district=350201").json()
    assert other["count"] == 0


def test_candidates_bad_district(client, personas):
    response = get(client, personas["admin"], CANDIDATES + "?district=35.02")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "district"


# --- the description -------------------------------------------------------------------------

OURS = {
    "/api/v1/participants/{nik}/decent-life-checks": {"get", "post"},
    "/api/v1/participants/{nik}/graduation": {"get", "post"},
    "/api/v1/participants/{nik}/sustainability-checks": {"get", "post"},
    "/api/v1/graduation/candidates": {"get"},
}


def test_openapi_describes_the_endpoints(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    for url, methods in OURS.items():
        operations = spec["paths"][url]
        assert set(operations) == methods
        for operation in operations.values():
            assert operation["summary"] and operation["description"]
            assert operation["security"] == [{"BearerToken": []}, {"Session": []}]
            assert "independence" in operation["tags"]
    conflict = spec["paths"]["/api/v1/participants/{nik}/graduation"]["post"]["responses"]
    assert {"201", "409"} <= set(conflict)
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(spec)
