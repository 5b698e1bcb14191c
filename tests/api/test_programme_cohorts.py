"""/api/v1/cohorts: the list, a new cohort, one cohort, its worklist, enrolling and cancelling."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from purna.accounts.models import Institution, Role
from purna.audit.models import AuditEvent
from purna.programme.cohorts import cohort_create, cohort_enrol
from purna.programme.models import Cohort, Enrolment, Module
from purna.programme.services import plan_step_set
from tests.api import bearer
from tests.factories import (
    PACITAN,
    make_assessment,
    make_institution,
    make_person,
    make_user,
    village,
)

COHORTS = "/api/v1/cohorts"
OTHER_PONOROGO_DISTRICT = "35.02.01"  # in the coordinator's regency, not the field officer's
MANAGERS = [
    ("admin", True),
    ("coordinator", True),
    ("field_officer", False),
    ("mentor", False),
]


def ready_for_training(name: str, prefix: str = "35.02.17", *, mindset_done: bool = True):
    """A quadrant III returnee; with the mindset module done, business training is next."""
    person = make_person(full_name=name, village_code_prefix=prefix)
    make_assessment(person, "III")
    if mindset_done:
        plan_step_set(
            actor=None,
            person=person,
            module=Module.objects.get(code="MINDSET_BUSINESS"),
            state="completed",
        )
    person.refresh_from_db()
    return person


def training_cohort(
    *, venue_prefix: str = "35.02.17", capacity: int = 30, sessions: int = 4, facilitators=()
) -> Cohort:
    return cohort_create(
        actor=None,
        module=Module.objects.get(code="TRAINING_BUSINESS"),
        institution=make_institution(),
        name=f"Pelatihan {venue_prefix}",
        venue=village(venue_prefix),
        capacity=capacity,
        session_dates=[date(2026, 12, d) for d in range(1, sessions + 1)],
        facilitators=facilitators,
    )


def get(client, user, path, **params):
    return client.get(path, params, headers=bearer(user))


def post(client, user, path, body):
    return client.post(path, body, content_type="application/json", headers=bearer(user))


def states(client, user, person) -> dict[str, str]:
    plan = get(client, user, f"/api/v1/participants/{person.nik}/plan").json()
    return {step["code"]: step["state"] for step in plan}


@pytest.fixture
def cohort(db):
    return training_cohort()


def access_cases(*, ok: int, managers_only: bool):
    """The personas' statuses for an endpoint on a cohort in Kecamatan Ponorogo."""
    cases = [(p, ok if (may or not managers_only) else 403) for p, may in MANAGERS]
    return [*cases, ("viewer", 403), ("outsider", 404), ("anonymous", 401)]


# --- GET /cohorts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status, names",
    [
        ("admin", 200, ["Pelatihan 35.01", "Pelatihan 35.02.01", "Pelatihan 35.02.17"]),
        ("coordinator", 200, ["Pelatihan 35.02.01", "Pelatihan 35.02.17"]),
        ("field_officer", 200, ["Pelatihan 35.02.17"]),
        ("mentor", 200, ["Pelatihan 35.02.01", "Pelatihan 35.02.17"]),
        ("viewer", 403, None),
        ("outsider", 200, ["Pelatihan 35.01"]),
        ("anonymous", 401, None),
    ],
)
def test_list_access(client, personas, persona, status, names):
    for prefix in ("35.02.17", OTHER_PONOROGO_DISTRICT, PACITAN):
        training_cohort(venue_prefix=prefix)
    response = get(client, personas[persona], COHORTS)
    assert response.status_code == status
    if names is not None:
        assert sorted(c["name"] for c in response.json()) == names


def test_list_includes_the_cohorts_one_facilitates_elsewhere(client, personas):
    training_cohort(venue_prefix="35.02.17", facilitators=[personas["outsider"]])
    training_cohort(venue_prefix=OTHER_PONOROGO_DISTRICT)
    names = [c["name"] for c in get(client, personas["outsider"], COHORTS).json()]
    assert names == ["Pelatihan 35.02.17"]


def test_list_item_and_filter_by_module(client, personas, cohort):
    cohort.facilitators.set([personas["mentor"], personas["field_officer"]])
    people = [ready_for_training(f"Orang {i}") for i in range(3)]
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    cohort.refresh_from_db()
    cohort_enrol(actor=None, cohort=cohort, people=people)
    cohort_create(
        actor=None,
        module=Module.objects.get(code="MINDSET_SAKINAH"),
        institution=make_institution(),
        name="Sakinah",
        venue=village(),
        capacity=10,
        session_dates=[date(2026, 11, 1)],
    )
    user = personas["coordinator"]
    (item,) = get(client, user, COHORTS, module="TRAINING_BUSINESS").json()
    assert item == {
        "id": cohort.pk,
        "name": "Pelatihan 35.02.17",
        "module": {"code": "TRAINING_BUSINESS", "name": "Pelatihan kewirausahaan"},
        "institution": {"id": cohort.institution_id, "name": "Universitas Muhammadiyah Ponorogo"},
        "venue_code": cohort.venue_id,
        "venue_name": cohort.venue.name,
        "capacity": 2,
        "enrolled": 2,
        "waitlisted": 1,
        "first_session": "2026-12-01",
        "last_session": "2026-12-04",
        "facilitators": ["field_officer", "mentor"],
    }
    assert [c["name"] for c in get(client, user, COHORTS, module="mindset_sakinah").json()] == [
        "Sakinah"
    ]
    assert get(client, user, COHORTS, module="NOPE").json() == []
    assert len(get(client, user, COHORTS).json()) == 2


# --- POST /cohorts -----------------------------------------------------------------------------


def new_cohort(**change) -> dict:
    body = {
        "module": "TRAINING_BUSINESS",
        "name": "Pelatihan Ponorogo angkatan 1",
        "venue": village().code,
        "capacity": 20,
        "session_dates": ["2026-12-08", "2026-12-01", "2026-12-15"],
    }
    return {**body, **change}


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
def test_create_access(client, personas, persona, status):
    response = post(client, personas[persona], COHORTS, new_cohort())
    assert response.status_code == status
    assert Cohort.objects.exists() is (status == 201)


def test_create_with_an_undotted_venue_and_facilitators(client, personas):
    venue = village()
    body = new_cohort(venue=venue.code.replace(".", ""), facilitators=["mentor", "field_officer"])
    response = post(client, personas["coordinator"], COHORTS, body)
    assert response.status_code == 201, response.content
    created = response.json()
    cohort = Cohort.objects.get()
    assert created["id"] == cohort.pk
    assert (created["venue_code"], created["capacity"]) == (venue.code, 20)
    # Your own institution when none is given; sessions numbered in date order.
    assert created["institution"]["id"] == personas["coordinator"].institution_id
    assert [(s["number"], s["held_on"]) for s in created["sessions"]] == [
        (1, "2026-12-01"),
        (2, "2026-12-08"),
        (3, "2026-12-15"),
    ]
    assert created["facilitators"] == ["field_officer", "mentor"]
    assert created["enrolments"] == []
    event = AuditEvent.objects.get(entity="cohort")
    assert event.actor == personas["coordinator"]


def test_create_for_another_institution(client, personas):
    ngo = Institution.objects.create(name="LSM Migran", kind="ngo")
    response = post(client, personas["admin"], COHORTS, new_cohort(institution=ngo.pk))
    assert response.status_code == 201
    assert Cohort.objects.get().institution == ngo


@pytest.mark.parametrize(
    "change, field",
    [
        ({"module": "NOPE"}, "module"),
        ({"institution": 999999}, "institution"),
        ({"venue": "35.02.17"}, "venue"),  # a district, not a village
        ({"venue": "abc"}, "venue"),
        ({"venue": "35.01.01.2001"}, "venue"),  # Pacitan: outside the coordinator's area
        ({"venue": "35.02.17.9999"}, "venue"),  # the right shape, no such village
        ({"name": "  "}, "name"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 501}, "capacity"),
        ({"session_dates": []}, "session_dates"),
        ({"session_dates": ["2026-13-01"]}, "session_dates.0"),
        ({"facilitators": ["viewer"]}, "facilitators.0"),  # not a facilitator role
        ({"facilitators": ["mentor", "nobody"]}, "facilitators.1"),
    ],
)
def test_create_validation_names_the_field(client, personas, change, field):
    response = post(client, personas["coordinator"], COHORTS, new_cohort(**change))
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["detail"]] == [field]
    assert not Cohort.objects.exists()


def test_inactive_module_cannot_get_a_cohort(client, personas):
    Module.objects.filter(code="TRAINING_BUSINESS").update(is_active=False)
    response = post(client, personas["coordinator"], COHORTS, new_cohort())
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "module"


def test_create_without_an_institution_anywhere(client, personas):
    user = make_user("lone_admin", Role.ADMIN)
    user.institution = None
    user.save()
    response = post(client, user, COHORTS, new_cohort())
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "institution"


# --- GET /cohorts/{id} -------------------------------------------------------------------------


@pytest.mark.parametrize("persona, status", access_cases(ok=200, managers_only=False))
def test_detail_access(client, personas, cohort, persona, status):
    response = get(client, personas[persona], f"{COHORTS}/{cohort.pk}")
    assert response.status_code == status
    if status == 200:
        assert response.json()["id"] == cohort.pk


def test_detail_of_an_unknown_cohort_is_404(client, personas, db):
    assert get(client, personas["admin"], f"{COHORTS}/999999").status_code == 404


def test_detail_shows_sessions_and_enrolments(client, personas, cohort):
    ani, budi = ready_for_training("Ani"), ready_for_training("Budi")
    ea, eb = cohort_enrol(actor=None, cohort=cohort, people=[ani, budi])
    detail = get(client, personas["field_officer"], f"{COHORTS}/{cohort.pk}").json()
    assert [s["number"] for s in detail["sessions"]] == [1, 2, 3, 4]
    assert detail["sessions"][0] == {
        "number": 1,
        "held_on": "2026-12-01",
        "topic": "",
        "roll_called": False,
        "present": 0,
    }
    assert detail["enrolments"] == [
        {
            "id": ea.pk,
            "nik": ani.nik,
            "full_name": "Ani",
            "state": "enrolled",
            "attended": 0,
            "pre_test": None,
            "post_test": None,
            "completed_on": None,
        },
        {
            "id": eb.pk,
            "nik": budi.nik,
            "full_name": "Budi",
            "state": "enrolled",
            "attended": 0,
            "pre_test": None,
            "post_test": None,
            "completed_on": None,
        },
    ]


def test_a_mentor_sees_the_cohort_and_only_their_own_families_in_it(
    client, personas, cohort, accompany
):
    ani, budi = ready_for_training("Ani"), ready_for_training("Budi")
    accompany(budi)
    cohort_enrol(actor=None, cohort=cohort, people=[ani, budi])
    response = get(client, personas["mentor"], f"{COHORTS}/{cohort.pk}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["enrolled"] == 2
    assert [e["full_name"] for e in detail["enrolments"]] == ["Budi"]


def test_a_facilitator_from_elsewhere_sees_the_cohort_not_the_names(client, personas, cohort):
    cohort.facilitators.add(personas["outsider"])
    cohort_enrol(actor=None, cohort=cohort, people=[ready_for_training("Ani")])
    response = get(client, personas["outsider"], f"{COHORTS}/{cohort.pk}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["enrolled"] == 1
    assert detail["enrolments"] == []


# --- GET /cohorts/{id}/worklist ----------------------------------------------------------------


@pytest.mark.parametrize("persona, status", access_cases(ok=200, managers_only=True))
def test_worklist_access(client, personas, cohort, persona, status):
    ready_for_training("Ani")
    response = get(client, personas[persona], f"{COHORTS}/{cohort.pk}/worklist")
    assert response.status_code == status
    if status == 200:
        assert [p["full_name"] for p in response.json()] == ["Ani"]


def test_worklist_nearest_first_and_only_who_is_ready(client, personas, cohort):
    near = ready_for_training("Dekat")
    ready_for_training("Jauh", prefix=OTHER_PONOROGO_DISTRICT)
    ready_for_training("Belum", mindset_done=False)  # mindset still open
    ready_for_training("Pacitan", prefix=PACITAN)  # outside the coordinator's area
    worklist = get(client, personas["coordinator"], f"{COHORTS}/{cohort.pk}/worklist").json()
    assert [(p["full_name"], p["distance"]) for p in worklist] == [("Dekat", 0), ("Jauh", 2)]
    assert worklist[0] == {
        "nik": near.nik,
        "full_name": "Dekat",
        "village_code": near.village_id,
        "village_name": near.village.name,
        "district_name": near.village.district.name,
        "distance": 0,
    }


# --- POST /cohorts/{id}/enrolments -------------------------------------------------------------


@pytest.mark.parametrize("persona, status", access_cases(ok=201, managers_only=True))
def test_enrol_access(client, personas, cohort, persona, status):
    ani = ready_for_training("Ani")
    response = post(client, personas[persona], f"{COHORTS}/{cohort.pk}/enrolments", [ani.nik])
    assert response.status_code == status
    assert Enrolment.objects.exists() is (status == 201)


def test_enrolling_starts_the_module_and_fills_the_waiting_list(client, personas):
    cohort = training_cohort(capacity=2)
    people = [ready_for_training(n) for n in ("Ani", "Budi", "Citra")]
    user = personas["coordinator"]
    url = f"{COHORTS}/{cohort.pk}/enrolments"
    response = post(client, user, url, [f" {p.nik} " for p in people])
    assert response.status_code == 201, response.content
    assert [(e["full_name"], e["state"]) for e in response.json()] == [
        ("Ani", "enrolled"),
        ("Budi", "enrolled"),
        ("Citra", "waitlisted"),
    ]
    assert states(client, user, people[0])["TRAINING_BUSINESS"] == "in_progress"
    assert states(client, user, people[2])["TRAINING_BUSINESS"] == "planned"
    # They have left the worklist.
    assert get(client, user, f"{COHORTS}/{cohort.pk}/worklist").json() == []


def test_enrol_422_names_the_nik_not_ready(client, personas, cohort):
    ready = ready_for_training("Siap")
    not_ready = ready_for_training("Belum", mindset_done=False)
    url = f"{COHORTS}/{cohort.pk}/enrolments"
    response = post(client, personas["coordinator"], url, [ready.nik, not_ready.nik])
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["field"] == "1"
    assert error["type"] == "not_ready"
    assert not_ready.nik in error["msg"] and error["input"] == not_ready.nik
    assert not Enrolment.objects.exists()  # nobody, not even the one who was ready


def test_enrol_422_for_someone_outside_the_area_or_unknown(client, personas, cohort):
    pacitan = ready_for_training("Pacitan", prefix=PACITAN)
    url = f"{COHORTS}/{cohort.pk}/enrolments"
    response = post(client, personas["coordinator"], url, [pacitan.nik, "3502170000009999"])
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [(e["field"], e["type"]) for e in errors] == [("0", "unknown"), ("1", "unknown")]
    assert pacitan.nik in errors[0]["msg"]
    assert not Enrolment.objects.exists()


def test_enrol_422_for_someone_already_in_a_cohort_of_the_module(client, personas, cohort):
    ani = ready_for_training("Ani")
    cohort_enrol(actor=None, cohort=training_cohort(), people=[ani])
    response = post(client, personas["coordinator"], f"{COHORTS}/{cohort.pk}/enrolments", [ani.nik])
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "not_ready"
    assert not cohort.enrolments.exists()


@pytest.mark.parametrize("body", [[], "3502170101850001", {"niks": []}, [""]])
def test_enrol_bad_body_is_422(client, personas, cohort, body):
    response = post(client, personas["coordinator"], f"{COHORTS}/{cohort.pk}/enrolments", body)
    assert response.status_code == 422


def test_enrol_listing_someone_twice_is_422(client, personas, cohort):
    ani = ready_for_training("Ani")
    url = f"{COHORTS}/{cohort.pk}/enrolments"
    response = post(client, personas["coordinator"], url, [ani.nik, ani.nik])
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["1"]


# --- POST /enrolments/{id}/cancel --------------------------------------------------------------


@pytest.mark.parametrize("persona, status", access_cases(ok=200, managers_only=True))
def test_cancel_access(client, personas, cohort, persona, status):
    (enrolment,) = cohort_enrol(actor=None, cohort=cohort, people=[ready_for_training("Ani")])
    response = post(client, personas[persona], f"/api/v1/enrolments/{enrolment.pk}/cancel", {})
    assert response.status_code == status
    enrolment.refresh_from_db()
    assert (enrolment.state == "cancelled") is (status == 200)


def test_cancel_plans_the_module_again_and_promotes_the_waiting_list(client, personas):
    cohort = training_cohort(capacity=1)
    ani, budi = ready_for_training("Ani"), ready_for_training("Budi")
    first, waiting = cohort_enrol(actor=None, cohort=cohort, people=[ani, budi])
    user = personas["coordinator"]
    response = post(client, user, f"/api/v1/enrolments/{first.pk}/cancel", {})
    assert response.status_code == 200, response.content
    assert (response.json()["id"], response.json()["state"]) == (first.pk, "cancelled")
    assert states(client, user, ani)["TRAINING_BUSINESS"] == "planned"
    assert states(client, user, budi)["TRAINING_BUSINESS"] == "in_progress"
    detail = get(client, user, f"{COHORTS}/{cohort.pk}").json()
    assert [(e["full_name"], e["state"]) for e in detail["enrolments"]] == [
        ("Ani", "cancelled"),
        ("Budi", "enrolled"),
    ]
    # Twice is a conflict, not a second cancellation.
    again = post(client, user, f"/api/v1/enrolments/{first.pk}/cancel", {})
    assert again.status_code == 409
    assert again.json()["code"] == "already_cancelled"


def test_cancel_unknown_enrolment_is_404(client, personas, db):
    assert (
        post(client, personas["admin"], "/api/v1/enrolments/999999/cancel", {}).status_code == 404
    )


def test_a_coordinator_of_another_regency_cannot_cancel(client, personas, cohort):
    (enrolment,) = cohort_enrol(actor=None, cohort=cohort, people=[ready_for_training("Ani")])
    pacitan = make_user("pacitan_coordinator", Role.COORDINATOR, regencies=[PACITAN])
    response = post(client, pacitan, f"/api/v1/enrolments/{enrolment.pk}/cancel", {})
    assert response.status_code == 404
    # ...and a coordinator who only facilitates it may not manage it.
    cohort.facilitators.add(pacitan)
    response = post(client, pacitan, f"/api/v1/enrolments/{enrolment.pk}/cancel", {})
    assert response.status_code == 403
    assert Enrolment.objects.get().state == "enrolled"


def test_wrong_method_is_405(client, personas, cohort):
    user = personas["coordinator"]
    assert client.delete(f"{COHORTS}/{cohort.pk}", headers=bearer(user)).status_code == 405
    assert get(client, user, "/api/v1/enrolments/1/cancel").status_code == 405
    assert post(client, user, f"{COHORTS}/{cohort.pk}/worklist", {}).status_code == 405


def test_listing_costs_the_same_for_one_cohort_or_many(client, personas):
    user = personas["coordinator"]
    headers = bearer(user)
    client.get(COHORTS, headers=headers)  # the token's first use writes its last_used_at
    training_cohort(facilitators=[personas["mentor"]])
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(COHORTS, headers=headers).json()) == 1
    for _n in range(3):
        training_cohort(facilitators=[personas["mentor"], personas["field_officer"]])
    with CaptureQueriesContext(connection) as four:
        assert len(client.get(COHORTS, headers=headers).json()) == 4
    assert len(four) == len(one)
