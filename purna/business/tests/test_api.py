"""/api/v1: businesses and monthly records, with the screens' permissions."""

from datetime import date

import pytest
from django.test import Client

from purna.audit.models import AuditEvent
from purna.business import services
from purna.business.models import Business, MonthlyRecord
from purna.business.services import business_save
from tests.api import bearer
from tests.factories import make_person, village

from .conftest import add_record

MARCH = date(2026, 3, 1)
# Today is frozen at 15 April 2026 (conftest): March is the last complete month.
RECORD = {
    "month": "2026-03",
    "revenue": 4_500_000,
    "costs": 3_000_000,
    "workers_family": 2,
    "workers_hired": 0,
    "workers_community": 1,
    "loan_repayment": 250_000,
}
BUSINESS = {
    "name": "Toko Kelontong Makmur",
    "sector": "retail",
    "started_on": "2025-11-01",
    "legal_form": "individual",
    "capital_remittance": 12_500_000,
    "status": "operating",
}


def call(user, method, path, body=None):
    client = Client()
    kwargs = {"headers": bearer(user)}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(client, method)(f"/api/v1{path}", **kwargs)


def fields_of(response) -> dict[str, str]:
    return {e["field"]: e["msg"] for e in response.json()["detail"]}


PERSONAS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 404),
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 401),
]


# Businesses


@pytest.mark.parametrize("persona, status", PERSONAS)
def test_list_access(personas, person, business, persona, status):
    response = call(personas[persona], "get", f"/participants/{person.nik}/businesses")
    assert response.status_code == status


def test_list(personas, person, business):
    add_record(business, MARCH, 1, 1)
    body = call(personas["admin"], "get", f"/participants/{person.nik}/businesses").json()
    assert len(body) == 1
    out = body[0]
    assert out["id"] == business.pk and out["participant_nik"] == person.nik
    assert out["village_code"] == person.village_id
    assert out["capital_total"] == 25_000_000
    assert out["last_month"] == "2026-03"


def test_mentor_sees_only_assigned_families(personas, person, business, assigned_mentor):
    mentor = personas["mentor"]
    assert call(mentor, "get", f"/participants/{person.nik}/businesses").status_code == 200
    assert call(mentor, "get", f"/businesses/{business.pk}").status_code == 200
    other = make_person(full_name="Lain")
    theirs = business_save(actor=None, person=other, name="Bengkel", sector="services")
    assert call(mentor, "get", f"/participants/{other.nik}/businesses").status_code == 404
    assert call(mentor, "get", f"/businesses/{theirs.pk}").status_code == 404
    assert call(mentor, "get", f"/businesses/{theirs.pk}/records").status_code == 404
    response = call(mentor, "post", f"/businesses/{theirs.pk}/records", RECORD)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "persona, status",
    [(p, 201 if s == 200 else s) for p, s in PERSONAS],
)
def test_create_access(personas, person, persona, status):
    response = call(personas[persona], "post", f"/participants/{person.nik}/businesses", BUSINESS)
    assert response.status_code == status
    assert Business.objects.exists() == (status == 201)


def test_create(personas, person, assigned_mentor):
    response = call(assigned_mentor, "post", f"/participants/{person.nik}/businesses", BUSINESS)
    assert response.status_code == 201, response.content
    business = Business.objects.get()
    assert response.json()["id"] == business.pk
    assert business.village_id == person.village_id
    assert business.created_by == assigned_mentor
    assert AuditEvent.objects.get(entity="business").channel == "api"


def test_a_planned_business_may_start_later(personas, person):
    body = {**BUSINESS, "status": "planned", "started_on": "2026-06-01"}
    response = call(personas["coordinator"], "post", f"/participants/{person.nik}/businesses", body)
    assert response.status_code == 201, response.content
    assert response.json()["started_on"] == "2026-06-01"


def test_a_back_filled_month_jumping_from_the_month_after_is_409(personas, business):
    add_record(business, date(2026, 4, 1), 450_000, 2_500_000)
    response = call(personas["admin"], "post", f"/businesses/{business.pk}/records", RECORD)
    assert response.status_code == 409
    assert response.json()["jumps"] == [
        {"field": "revenue", "month": "2026-04", "other": 450_000, "value": 4_500_000}
    ]


def test_create_in_another_village(personas, person):
    other = village("35.02.01")
    body = {**BUSINESS, "village_code": other.code}
    response = call(personas["coordinator"], "post", f"/participants/{person.nik}/businesses", body)
    assert response.json()["village_code"] == other.code


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"sector": "mining"}, "sector"),
        ({"nib": "12345"}, "nib"),
        ({"status": "closed"}, "closed_reason"),
        ({"started_on": "2026-04-16"}, "started_on"),
        ({"capital_kur": -1}, "capital_kur"),
        ({"capital_kur": 2**63}, "capital_kur"),
        ({"capital_grant": 10**13 + 1}, "capital_grant"),
        ({"started_on": "2026-04-16", "status": "paused"}, "started_on"),
        ({"village_code": "35.01.01.2001"}, "village_code"),  # outside Ponorogo
        ({"village_code": "99.99"}, "village_code"),
        ({"name": ""}, "name"),
    ],
)
def test_create_refused_naming_the_field(personas, person, extra, field):
    body = {**BUSINESS, **extra}
    response = call(personas["coordinator"], "post", f"/participants/{person.nik}/businesses", body)
    assert response.status_code == 422, response.content
    assert field in fields_of(response)
    assert not Business.objects.exists()


@pytest.mark.parametrize("persona, status", PERSONAS)
def test_get_access(personas, business, persona, status):
    assert call(personas[persona], "get", f"/businesses/{business.pk}").status_code == status


def test_patch_closes_with_a_reason(personas, business):
    path = f"/businesses/{business.pk}"
    response = call(personas["field_officer"], "patch", path, {"status": "closed"})
    assert response.status_code == 422
    assert "closed_reason" in fields_of(response)
    response = call(
        personas["field_officer"],
        "patch",
        path,
        {"status": "closed", "closed_reason": "Sepi pembeli"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    business.refresh_from_db()
    assert business.closed_reason == "Sepi pembeli"
    assert business.name == "Warung Soto Bu Siti"  # untouched


@pytest.mark.parametrize("persona, status", [("viewer", 403), ("outsider", 404)])
def test_patch_refused(personas, business, persona, status):
    response = call(personas[persona], "patch", f"/businesses/{business.pk}", {"name": "X"})
    assert response.status_code == status


def test_delete_business(personas, business):
    path = f"/businesses/{business.pk}"
    assert call(personas["field_officer"], "delete", path).status_code == 403
    assert call(personas["coordinator"], "delete", path).status_code == 204
    assert not Business.objects.exists()


# Monthly records


@pytest.mark.parametrize("persona, status", PERSONAS)
def test_records_list_access(personas, business, persona, status):
    response = call(personas[persona], "get", f"/businesses/{business.pk}/records")
    assert response.status_code == status


def test_records_list_newest_first_with_profit(personas, business):
    add_record(business, date(2026, 2, 1), 2_000_000, 2_500_000)
    add_record(business, MARCH, 4_000_000, 1_000_000)
    body = call(personas["admin"], "get", f"/businesses/{business.pk}/records").json()
    assert [(r["month"], r["profit"]) for r in body] == [
        ("2026-03", 3_000_000),
        ("2026-02", -500_000),
    ]


@pytest.mark.parametrize(
    "persona, status",
    [(p, 201 if s == 200 else s) for p, s in PERSONAS],
)
def test_record_create_access(personas, business, persona, status):
    response = call(personas[persona], "post", f"/businesses/{business.pk}/records", RECORD)
    assert response.status_code == status
    assert MonthlyRecord.objects.exists() == (status == 201)


def test_record_create(personas, business, assigned_mentor):
    response = call(assigned_mentor, "post", f"/businesses/{business.pk}/records", RECORD)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["month"] == "2026-03" and body["profit"] == 1_500_000
    assert body["recorded_by"] == "mentor" and body["jump_confirmed"] is False
    record = MonthlyRecord.objects.get()
    assert record.month == MARCH and record.recorded_by == assigned_mentor


def test_profit_may_not_be_sent(personas, business):
    body = {**RECORD, "profit": 1_500_000}
    response = call(personas["admin"], "post", f"/businesses/{business.pk}/records", body)
    assert response.status_code == 422
    assert "profit" in fields_of(response)
    assert not MonthlyRecord.objects.exists()


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"revenue": -1}, "revenue"),
        ({"costs": -500}, "costs"),
        ({"loan_repayment": 2**63}, "loan_repayment"),
        ({"revenue": 10**13 + 1}, "revenue"),
        ({"costs": 9 * 10**18}, "costs"),
        ({"workers_hired": -1}, "workers_hired"),
        ({"month": "2026-13"}, "month"),
        ({"month": "March"}, "month"),
        ({"month": "2026-05"}, "month"),
        ({"month": "1999-12"}, "month"),
    ],
)
def test_record_refused_naming_the_field(personas, business, extra, field):
    body = {**RECORD, **extra}
    response = call(personas["admin"], "post", f"/businesses/{business.pk}/records", body)
    assert response.status_code == 422, response.content
    assert field in fields_of(response)
    assert not MonthlyRecord.objects.exists()


def test_duplicate_month_is_409(personas, business):
    existing = add_record(business, MARCH, 1, 1)
    response = call(personas["admin"], "post", f"/businesses/{business.pk}/records", RECORD)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate_month" and body["record_id"] == existing.pk
    assert MonthlyRecord.objects.get().revenue == 1


def test_duplicate_race_is_409_not_500(personas, business, monkeypatch):
    existing = add_record(business, MARCH, 1, 1)
    monkeypatch.setattr(services, "_recorded", lambda business, excluding: {})
    response = call(personas["admin"], "post", f"/businesses/{business.pk}/records", RECORD)
    assert response.status_code == 409
    assert response.json()["record_id"] == existing.pk


def test_tenfold_jump_is_409_until_confirmed(personas, business):
    add_record(business, date(2026, 2, 1), 400_000, 2_000_000)
    path = f"/businesses/{business.pk}/records"
    response = call(personas["admin"], "post", path, RECORD)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "tenfold_jump"
    assert body["jumps"] == [
        {"field": "revenue", "month": "2026-02", "other": 400_000, "value": 4_500_000}
    ]
    # How to confirm over the API, not the screen's "tick the box".
    assert "confirm_jump: true" in body["detail"]
    assert "tick" not in body["detail"].lower()
    assert not MonthlyRecord.objects.filter(month=MARCH).exists()
    response = call(personas["admin"], "post", path, {**RECORD, "confirm_jump": True})
    assert response.status_code == 201
    assert response.json()["jump_confirmed"] is True


def test_correct_a_record(personas, business):
    record = add_record(business, MARCH, 1, 1, by=personas["field_officer"])
    path = f"/records/{record.pk}"
    assert call(personas["field_officer"], "get", path).json()["profit"] == 0
    response = call(personas["field_officer"], "put", path, RECORD)
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.revenue == 4_500_000
    other = add_record(business, date(2026, 2, 1), 1, 1, by=personas["coordinator"])
    response = call(personas["field_officer"], "put", f"/records/{other.pk}", RECORD)
    assert response.status_code == 403


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 204),
        ("coordinator", 204),
        ("field_officer", 204),  # who recorded it
        ("mentor", 404),
        ("viewer", 403),
        ("outsider", 404),
        ("peer_mentor", 403),
        ("anonymous", 401),
    ],
)
def test_record_delete(personas, business, persona, status):
    record = add_record(business, MARCH, 1, 1, by=personas["field_officer"])
    assert call(personas[persona], "delete", f"/records/{record.pk}").status_code == status
    assert MonthlyRecord.objects.exists() == (status != 204)


def test_assigned_mentor_may_not_delete_anothers_record(personas, business, assigned_mentor):
    record = add_record(business, MARCH, 1, 1, by=personas["field_officer"])
    assert call(assigned_mentor, "delete", f"/records/{record.pk}").status_code == 403
