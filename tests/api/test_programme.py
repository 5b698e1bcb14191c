"""/api/v1/modules and /api/v1/participants/{nik}/plan: the catalogue and each family's plan."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client

from purna.audit.models import AuditEvent
from purna.programme.models import Module, PlanEntry
from purna.programme.services import plan_step_set
from tests.api import bearer
from tests.factories import PACITAN, make_assessment, make_person

MODULES = "/api/v1/modules"
NEW_MODULE = {
    "code": "FIN_LITERACY",
    "name_id": "Literasi keuangan",
    "name_en": "Financial literacy",
    "planned_sessions": 3,
    "planned_hours": 4.5,
}


def plan_url(person, code: str = "") -> str:
    return f"/api/v1/participants/{person.nik}/plan" + (f"/{code}" if code else "")


def post(client, user, path, body):
    return client.post(path, body, content_type="application/json", headers=bearer(user))


@pytest.fixture
def quadrant_iii(person):
    make_assessment(person, "III", assessed_on=date(2026, 1, 5))
    person.refresh_from_db()
    return person


def plan_states(client, user, person) -> dict[str, str]:
    response = client.get(plan_url(person), headers=bearer(user))
    assert response.status_code == 200, response.content
    return {step["code"]: step["state"] for step in response.json()}


# --- GET /modules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 200),
        ("viewer", 403),
        ("outsider", 200),  # the catalogue is not tied to an area
        ("anonymous", 401),
    ],
)
def test_module_list_access(client, personas, persona, status):
    response = client.get(MODULES, headers=bearer(personas[persona]))
    assert response.status_code == status
    if status == 200:
        assert len(response.json()) == 8


def test_module_list_in_pathway_order_then_optional(client, personas):
    Module.objects.create(code="A_FIRST_BY_CODE", name_id="A", name_en="A")
    modules = client.get(MODULES, headers=bearer(personas["mentor"])).json()
    assert [m["code"] for m in modules] == [
        "MINDSET_BUSINESS",
        "MINDSET_SAKINAH",
        "TRAINING_BUSINESS",
        "TRAINING_SAKINAH",
        "PRACTICE",
        "MENTORING",
        "FIELD_VERIFICATION",
        "PEER_MENTOR",
        "A_FIRST_BY_CODE",
    ]
    assert modules[2] == {
        "code": "TRAINING_BUSINESS",
        "name": "Pelatihan kewirausahaan",  # Indonesian by default
        "name_id": "Pelatihan kewirausahaan",
        "name_en": "Entrepreneurship training",
        "description": "",
        "planned_sessions": 6,
        "planned_hours": 18.0,
        "in_pathway": True,
        "is_active": True,
        "min_attendance_percent": 75,
        "post_test_required": True,
    }
    assert modules[-1]["in_pathway"] is False


def test_module_names_follow_the_language_cookie(client, personas):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    modules = client.get(MODULES, headers=bearer(personas["mentor"])).json()
    assert modules[0]["name"] == "Entrepreneurship mindset"


# --- POST /modules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 201),
        ("coordinator", 201),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_module_create_access(client, personas, persona, status):
    response = post(client, personas[persona], MODULES, NEW_MODULE)
    assert response.status_code == status
    assert Module.objects.filter(code="FIN_LITERACY").exists() is (status == 201)


def test_module_create_saves_and_audits(client, personas):
    body = {**NEW_MODULE, "code": " fin_literacy ", "min_attendance_percent": 50}
    response = post(client, personas["coordinator"], MODULES, body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["code"] == "FIN_LITERACY"
    assert created["in_pathway"] is False
    assert (created["planned_hours"], created["min_attendance_percent"]) == (4.5, 50)
    module = Module.objects.get(code="FIN_LITERACY")
    assert module.name_en == "Financial literacy" and module.post_test_required
    event = AuditEvent.objects.get(entity="module", entity_id=module.pk)
    assert event.action == "create" and event.actor == personas["coordinator"]
    # It is now in the catalogue and can be attached to plans.
    codes = [m["code"] for m in client.get(MODULES, headers=bearer(personas["mentor"])).json()]
    assert codes[-1] == "FIN_LITERACY"


@pytest.mark.parametrize("code", ["FIN_LITERACY", "TRAINING_BUSINESS", "fin_literacy"])
def test_module_code_in_use_is_409(client, personas, code):
    post(client, personas["coordinator"], MODULES, NEW_MODULE)
    response = post(client, personas["coordinator"], MODULES, {**NEW_MODULE, "code": code})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_code"
    assert Module.objects.filter(code=code.upper()).count() == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"code": "1ABC"}, "code"),
        ({"code": "FIN-LIT"}, "code"),
        ({"code": ""}, "code"),
        ({"name_id": "   "}, "name_id"),
        ({"planned_sessions": 0}, "planned_sessions"),
        ({"planned_hours": 0}, "planned_hours"),
        ({"planned_hours": 1.25}, "planned_hours"),
        ({"min_attendance_percent": 101}, "min_attendance_percent"),
    ],
)
def test_module_create_validation_names_the_field(client, personas, change, field):
    response = post(client, personas["coordinator"], MODULES, {**NEW_MODULE, **change})
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["detail"]] == [field]
    assert not Module.objects.filter(in_pathway=False).exists()


def test_module_create_needs_the_names(client, personas):
    response = post(client, personas["coordinator"], MODULES, {"code": "X"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"name_id", "name_en"}


# --- GET /participants/{nik}/plan --------------------------------------------------------------


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
def test_plan_access(client, personas, quadrant_iii, persona, status):
    response = client.get(plan_url(quadrant_iii), headers=bearer(personas[persona]))
    assert response.status_code == status
    if status == 200:
        assert [s["code"] for s in response.json()] == [
            "MINDSET_BUSINESS",
            "TRAINING_BUSINESS",
            "PRACTICE",
            "MENTORING",
        ]


def test_plan_shows_recorded_states_reasons_and_optional_modules(
    client, personas, quadrant_iii, accompany
):
    person = quadrant_iii
    accompany(person)  # read by the mentor who accompanies the family
    coordinator = personas["coordinator"]
    optional = Module.objects.create(code="FIN_LITERACY", name_id="Literasi", name_en="Literacy")
    PlanEntry.objects.create(person=person, module=optional, state="planned", optional=True)
    plan_step_set(
        actor=coordinator,
        person=person,
        module=Module.objects.get(code="MENTORING"),
        state="dropped",
        reason="Pindah ke Surabaya",
    )
    # Re-assessed as quadrant II: the business modules are no longer needed.
    make_assessment(person, "II", assessed_on=date(2026, 3, 1))
    plan = client.get(plan_url(person), headers=bearer(personas["mentor"])).json()
    assert plan == [
        {
            "code": "MINDSET_BUSINESS",
            "name": "Pola pikir kewirausahaan",
            "state": "not_needed",
            "reason": "reassessment",
            "optional": False,
        },
        {
            "code": "MINDSET_SAKINAH",
            "name": "Pola pikir keluarga sakinah",
            "state": "planned",
            "reason": "",
            "optional": False,
        },
        {
            "code": "TRAINING_BUSINESS",
            "name": "Pelatihan kewirausahaan",
            "state": "not_needed",
            "reason": "reassessment",
            "optional": False,
        },
        {
            "code": "TRAINING_SAKINAH",
            "name": "Pelatihan keluarga sakinah",
            "state": "planned",
            "reason": "",
            "optional": False,
        },
        {
            "code": "PRACTICE",
            "name": "Praktik usaha",
            "state": "planned",
            "reason": "",
            "optional": False,
        },
        {
            "code": "MENTORING",
            "name": "Pembinaan dan pendampingan",
            "state": "dropped",
            "reason": "Pindah ke Surabaya",
            "optional": False,
        },
        {
            "code": "FIN_LITERACY",
            "name": "Literasi",
            "state": "planned",
            "reason": "",
            "optional": True,
        },
    ]


def test_plan_of_an_unassessed_person_is_empty(client, personas, person, accompany):
    accompany(person)
    assert client.get(plan_url(person), headers=bearer(personas["mentor"])).json() == []


def test_plan_of_an_unknown_nik_is_404(client, personas, db):
    response = client.get(
        "/api/v1/participants/3502170000000000/plan", headers=bearer(personas["admin"])
    )
    assert response.status_code == 404


# --- POST /participants/{nik}/plan/{code} ------------------------------------------------------


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
def test_plan_step_access(client, personas, quadrant_iii, persona, status):
    url = plan_url(quadrant_iii, "MINDSET_BUSINESS")
    response = post(client, personas[persona], url, {"state": "in_progress"})
    assert response.status_code == status
    assert PlanEntry.objects.filter(person=quadrant_iii).exists() is (status == 200)


def test_a_mentor_reads_but_does_not_change_their_familys_plan(
    client, personas, quadrant_iii, accompany
):
    accompany(quadrant_iii)
    mentor = personas["mentor"]
    assert plan_states(client, mentor, quadrant_iii)["MINDSET_BUSINESS"] == "planned"
    url = plan_url(quadrant_iii, "MINDSET_BUSINESS")
    assert post(client, mentor, url, {"state": "in_progress"}).status_code == 403
    assert not PlanEntry.objects.filter(person=quadrant_iii).exists()


def test_plan_step_records_the_state_and_returns_the_plan(client, personas, quadrant_iii):
    user = personas["field_officer"]
    url = plan_url(quadrant_iii, "MINDSET_BUSINESS")
    response = post(client, user, url, {"state": "completed"})
    assert response.status_code == 200, response.content
    assert response.json()[0] == {
        "code": "MINDSET_BUSINESS",
        "name": "Pola pikir kewirausahaan",
        "state": "completed",
        "reason": "",
        "optional": False,
    }
    entry = PlanEntry.objects.get(person=quadrant_iii)
    assert (entry.state, entry.updated_by) == ("completed", user)
    quadrant_iii.refresh_from_db()
    assert quadrant_iii.status == "in_training"
    assert AuditEvent.objects.filter(entity="planentry", person_id=quadrant_iii.pk).exists()


def test_plan_step_refused_by_the_order_is_422_with_the_modules_to_finish(
    client, personas, quadrant_iii
):
    url = plan_url(quadrant_iii, "TRAINING_BUSINESS")
    response = post(client, personas["coordinator"], url, {"state": "in_progress"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["field"] == "state"
    assert "Pola pikir kewirausahaan" in error["msg"]  # the module still open
    assert not PlanEntry.objects.exists()


def test_plan_step_refusal_in_english(client, personas, quadrant_iii):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = plan_url(quadrant_iii, "TRAINING_BUSINESS")
    response = post(client, personas["coordinator"], url, {"state": "completed"})
    assert response.json()["detail"][0]["msg"] == (
        "Finish these modules first: Entrepreneurship mindset."
    )


@pytest.mark.parametrize("state", ["dropped", "not_needed"])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_dropping_needs_a_reason(client, personas, quadrant_iii, state, reason):
    body = {"state": state} if reason is None else {"state": state, "reason": reason}
    response = post(client, personas["coordinator"], plan_url(quadrant_iii, "PRACTICE"), body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["reason"]
    assert not PlanEntry.objects.exists()


def test_dropping_with_a_reason(client, personas, quadrant_iii):
    url = plan_url(quadrant_iii, "PRACTICE")
    body = {"state": "dropped", "reason": " Sakit "}
    response = post(client, personas["coordinator"], url, body)
    assert response.status_code == 200
    step = next(s for s in response.json() if s["code"] == "PRACTICE")
    assert (step["state"], step["reason"]) == ("dropped", "Sakit")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"state": "finished"}, "state"),
        ({}, "state"),
        ({"state": "dropped", "reason": "x" * 301}, "reason"),
    ],
)
def test_plan_step_bad_body_is_422(client, personas, quadrant_iii, body, field):
    response = post(client, personas["coordinator"], plan_url(quadrant_iii, "PRACTICE"), body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_module_not_on_the_plan_is_422_on_the_code(client, personas, quadrant_iii):
    url = plan_url(quadrant_iii, "PEER_MENTOR")  # quadrant IV's, not III's
    response = post(client, personas["coordinator"], url, {"state": "in_progress"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["code"]


def test_unknown_module_is_404(client, personas, quadrant_iii):
    url = plan_url(quadrant_iii, "NO_SUCH_MODULE")
    assert post(client, personas["coordinator"], url, {"state": "planned"}).status_code == 404


def test_plan_of_someone_in_another_regency(client, personas):
    pacitan = make_person(full_name="Pacitan", village_code_prefix=PACITAN)
    make_assessment(pacitan, "III")
    assert plan_states(client, personas["outsider"], pacitan)["MINDSET_BUSINESS"] == "planned"
    url = plan_url(pacitan, "MINDSET_BUSINESS")
    assert post(client, personas["coordinator"], url, {"state": "completed"}).status_code == 404


def test_session_reads_and_writes_with_the_csrf_token(personas, quadrant_iii):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["coordinator"])
    assert browser.get(plan_url(quadrant_iii)).status_code == 200
    url = plan_url(quadrant_iii, "MINDSET_BUSINESS")
    body = {"state": "completed"}
    response = browser.post(url, body, content_type="application/json")
    assert response.status_code == 403
    assert not PlanEntry.objects.exists()
    browser.cookies["csrftoken"] = token = "k" * 32
    headers = {"X-CSRFToken": token}
    response = browser.post(url, body, content_type="application/json", headers=headers)
    assert response.status_code == 200
    assert PlanEntry.objects.get(person=quadrant_iii).state == "completed"


def test_bad_token_is_401(client, personas, quadrant_iii):
    response = client.get(plan_url(quadrant_iii), headers={"Authorization": "Bearer purna_nope"})
    assert response.status_code == 401


# --- the OpenAPI description -------------------------------------------------------------------

PROGRAMME_ENDPOINTS = {
    "/api/v1/participants/{nik}/field-tests": {"get", "post"},
    "/api/v1/modules": {"get", "post"},
    "/api/v1/participants/{nik}/plan": {"get"},
    "/api/v1/participants/{nik}/plan/{code}": {"post"},
    "/api/v1/cohorts": {"get", "post"},
    "/api/v1/cohorts/{cohort_id}": {"get"},
    "/api/v1/cohorts/{cohort_id}/worklist": {"get"},
    "/api/v1/cohorts/{cohort_id}/enrolments": {"post"},
    "/api/v1/enrolments/{enrolment_id}/cancel": {"post"},
    "/api/v1/cohorts/{cohort_id}/sessions/{number}/attendance": {"get", "put"},
    "/api/v1/cohorts/{cohort_id}/scores": {"put"},
}


def test_openapi_describes_the_programme(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    tagged = {
        path: {method for method, op in ops.items() if op["tags"] == ["programme"]}
        for path, ops in spec["paths"].items()
    }
    assert {path: methods for path, methods in tagged.items() if methods} == PROGRAMME_ENDPOINTS
    paths = spec["paths"]

    def body(path, method):
        return paths[path][method]["requestBody"]["content"]["application/json"]["schema"]

    assert body("/api/v1/cohorts/{cohort_id}/enrolments", "post")["type"] == "array"
    roll = body("/api/v1/cohorts/{cohort_id}/sessions/{number}/attendance", "put")
    assert roll["items"] == {"$ref": "#/components/schemas/AttendeeIn"}
    assert body("/api/v1/cohorts/{cohort_id}/scores", "put")["items"] == {
        "$ref": "#/components/schemas/ScoreIn"
    }
    assert "409" in paths["/api/v1/modules"]["post"]["responses"]
    assert "409" in paths["/api/v1/enrolments/{enrolment_id}/cancel"]["post"]["responses"]
    schemas = spec["components"]["schemas"]
    assert set(schemas["CohortIn"]["required"]) == {"module", "name", "venue", "session_dates"}
    assert set(schemas["ScoreIn"]["required"]) == {"nik", "pre_test", "post_test"}
    assert schemas["PlanStep"]["properties"]["state"]["enum"] == [
        "planned",
        "in_progress",
        "completed",
        "dropped",
        "not_needed",
    ]
