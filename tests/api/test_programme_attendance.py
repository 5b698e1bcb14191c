"""/api/v1/cohorts/{id}/sessions/{number}/attendance and /scores: the roll call, test scores
and completion of the module on the family's plan."""

import pytest

from purna.accounts.models import Role
from purna.people.models import HouseholdMember
from purna.programme.cohorts import cohort_enrol, enrolment_cancel
from purna.programme.models import Attendance, Enrolment
from tests.api import bearer
from tests.api.test_programme_cohorts import (
    access_cases,
    ready_for_training,
    states,
    training_cohort,
)
from tests.factories import PACITAN, make_user


def roll_url(cohort, number: int = 1) -> str:
    return f"/api/v1/cohorts/{cohort.pk}/sessions/{number}/attendance"


def scores_url(cohort) -> str:
    return f"/api/v1/cohorts/{cohort.pk}/scores"


def put(client, user, path, body):
    return client.put(path, body, content_type="application/json", headers=bearer(user))


@pytest.fixture
def cohort(db):
    return training_cohort(sessions=4)


@pytest.fixture
def ani_budi(cohort):
    ani, budi = ready_for_training("Ani"), ready_for_training("Budi")
    cohort_enrol(actor=None, cohort=cohort, people=[ani, budi])
    return ani, budi


@pytest.fixture
def pacitan_mentor(db):
    """A facilitator from another regency: the cohort's names reach them only through it."""
    return make_user("pacitan_mentor", Role.MENTOR, regencies=[PACITAN])


def roll_call(client, user, cohort, number, *present, absent=()):
    body = [{"nik": p.nik, "member_id": None, "present": True} for p in present]
    body += [{"nik": p.nik, "present": False} for p in absent]
    response = put(client, user, roll_url(cohort, number), body)
    assert response.status_code == 200, response.content
    return response.json()


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona, status", access_cases(ok=200, managers_only=True))
def test_roll_get_access(client, personas, cohort, ani_budi, persona, status):
    response = client.get(roll_url(cohort), headers=bearer(personas[persona]))
    assert response.status_code == status


@pytest.mark.parametrize("persona, status", access_cases(ok=200, managers_only=True))
def test_roll_put_access(client, personas, cohort, ani_budi, persona, status):
    body = [{"nik": ani_budi[0].nik, "member_id": None, "present": True}]
    response = put(client, personas[persona], roll_url(cohort), body)
    assert response.status_code == status
    assert Attendance.objects.exists() is (status == 200)


@pytest.mark.parametrize("persona", ["field_officer", "mentor"])
def test_facilitators_in_the_area_take_the_roll_call(client, personas, cohort, ani_budi, persona):
    cohort.facilitators.add(personas[persona])
    body = [{"nik": ani_budi[0].nik, "member_id": None, "present": True}]
    assert put(client, personas[persona], roll_url(cohort), body).status_code == 200
    assert Attendance.objects.filter(present=True).count() == 1


def test_a_facilitator_from_another_regency_takes_the_roll_call(
    client, personas, cohort, ani_budi, pacitan_mentor
):
    ani, budi = ani_budi
    assert client.get(roll_url(cohort), headers=bearer(pacitan_mentor)).status_code == 404
    cohort.facilitators.add(pacitan_mentor)
    roll = client.get(roll_url(cohort), headers=bearer(pacitan_mentor)).json()
    assert [a["full_name"] for a in roll["attendees"]] == ["Ani", "Budi"]  # names on the roll
    saved = roll_call(client, pacitan_mentor, cohort, 1, ani)
    assert [a["present"] for a in saved["attendees"]] == [True, False]
    # Scores too, but nothing a coordinator does: the worklist, enrolling, cancelling.
    body = [{"nik": ani.nik, "pre_test": 50, "post_test": None}]
    assert put(client, pacitan_mentor, scores_url(cohort), body).status_code == 200
    worklist = client.get(f"/api/v1/cohorts/{cohort.pk}/worklist", headers=bearer(pacitan_mentor))
    assert worklist.status_code == 403
    # The people themselves stay outside the facilitator's area.
    plan = client.get(f"/api/v1/participants/{ani.nik}/plan", headers=bearer(pacitan_mentor))
    assert plan.status_code == 404


def test_another_cohorts_facilitator_may_not(client, personas, cohort, ani_budi, pacitan_mentor):
    training_cohort(facilitators=[personas["field_officer"], pacitan_mentor])
    body = [{"nik": ani_budi[0].nik, "member_id": None, "present": True}]
    assert put(client, personas["field_officer"], roll_url(cohort), body).status_code == 403
    assert put(client, pacitan_mentor, roll_url(cohort), body).status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("persona, status", access_cases(ok=200, managers_only=True))
def test_scores_access(client, personas, cohort, ani_budi, persona, status):
    body = [{"nik": ani_budi[0].nik, "pre_test": 40, "post_test": 80}]
    response = put(client, personas[persona], scores_url(cohort), body)
    assert response.status_code == status
    enrolment = Enrolment.objects.get(person=ani_budi[0])
    assert (enrolment.post_test is not None) is (status == 200)


# --- the roll call -----------------------------------------------------------------------------


def test_roll_before_and_after_the_roll_call(client, personas, cohort, ani_budi):
    ani, budi = ani_budi
    user = personas["coordinator"]
    before = client.get(roll_url(cohort, 2), headers=bearer(user)).json()
    assert before == {
        "number": 2,
        "held_on": "2026-12-02",
        "roll_called": False,
        "attendees": [
            {
                "nik": ani.nik,
                "full_name": "Ani",
                "member_id": None,
                "member_name": None,
                "present": None,
            },
            {
                "nik": budi.nik,
                "full_name": "Budi",
                "member_id": None,
                "member_name": None,
                "present": None,
            },
        ],
    }
    # Budi is not listed: on the roll, so absent.
    after = roll_call(client, user, cohort, 2, ani)
    assert after["roll_called"] is True
    assert [(a["full_name"], a["present"]) for a in after["attendees"]] == [
        ("Ani", True),
        ("Budi", False),
    ]
    assert client.get(roll_url(cohort, 2), headers=bearer(user)).json() == after
    detail = client.get(f"/api/v1/cohorts/{cohort.pk}", headers=bearer(user)).json()
    assert [(s["roll_called"], s["present"]) for s in detail["sessions"]] == [
        (False, 0),
        (True, 1),
        (False, 0),
        (False, 0),
    ]
    assert [e["attended"] for e in detail["enrolments"]] == [1, 0]


def test_a_corrected_roll_call_replaces_the_first(client, personas, cohort, ani_budi):
    ani, budi = ani_budi
    user = personas["coordinator"]
    roll_call(client, user, cohort, 1, ani, budi)
    saved = roll_call(client, user, cohort, 1, budi, absent=[ani])
    assert [a["present"] for a in saved["attendees"]] == [False, True]
    assert Attendance.objects.count() == 2


def test_family_members_attend_with_the_returnee(client, personas, cohort, ani_budi):
    ani, _budi = ani_budi
    spouse = HouseholdMember.objects.create(
        person=ani, full_name="Suami", relation="spouse", sex="L"
    )
    Enrolment.objects.get(person=ani).family.add(spouse)
    user = personas["coordinator"]
    body = [{"nik": ani.nik, "member_id": spouse.pk, "present": True}]
    saved = put(client, user, roll_url(cohort), body).json()
    assert [(a["full_name"], a["member_name"], a["present"]) for a in saved["attendees"]] == [
        ("Ani", None, False),
        ("Ani", "Suami", True),
        ("Budi", None, False),
    ]
    assert saved["attendees"][1]["member_id"] == spouse.pk
    # The spouse's presence is not the returnee's.
    detail = client.get(f"/api/v1/cohorts/{cohort.pk}", headers=bearer(user)).json()
    assert detail["enrolments"][0]["attended"] == 0


def test_attendees_not_on_the_roll_are_422(client, personas, cohort, ani_budi):
    ani, budi = ani_budi
    outsider = ready_for_training("Tidak terdaftar")
    relative = HouseholdMember.objects.create(
        person=ani, full_name="Anak", relation="child", sex="P"
    )  # in the household, but not attending with her
    body = [
        {"nik": ani.nik, "member_id": None, "present": True},
        {"nik": outsider.nik, "member_id": None, "present": True},
        {"nik": ani.nik, "member_id": relative.pk, "present": True},
        {"nik": budi.nik, "member_id": None, "present": True},
        {"nik": ani.nik, "member_id": None, "present": False},
    ]
    response = put(client, personas["coordinator"], roll_url(cohort), body)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [(e["field"], e["type"]) for e in errors] == [
        ("1.nik", "not_on_roll"),
        ("2.member_id", "not_on_roll"),
        ("4", "duplicate"),
    ]
    assert not Attendance.objects.exists()


def test_cancelled_and_waiting_are_not_on_the_roll(client, personas):
    cohort = training_cohort(capacity=1)
    ani, budi, citra = (ready_for_training(n) for n in ("Ani", "Budi", "Citra"))
    first, *_rest = cohort_enrol(actor=None, cohort=cohort, people=[ani, budi, citra])
    enrolment_cancel(actor=None, enrolment=first)  # Budi takes the seat; Citra waits
    user = personas["coordinator"]
    roll = client.get(roll_url(cohort), headers=bearer(user)).json()
    assert [a["full_name"] for a in roll["attendees"]] == ["Budi"]
    for person in (ani, citra):
        body = [{"nik": person.nik, "member_id": None, "present": True}]
        response = put(client, user, roll_url(cohort), body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "0.nik"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"nik": "x", "present": True}, "body"),  # an object, not a list
        ([{"nik": "x"}], "0.present"),
        ([{"nik": "x", "present": "perhaps"}], "0.present"),
        ([{"nik": "", "present": True}], "0.nik"),
        ([{"nik": "x", "member_id": "spouse", "present": True}], "0.member_id"),
    ],
)
def test_bad_roll_body_is_422(client, personas, cohort, ani_budi, body, field):
    response = put(client, personas["coordinator"], roll_url(cohort), body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_unknown_session_is_404(client, personas, cohort, ani_budi):
    user = personas["coordinator"]
    assert client.get(roll_url(cohort, 5), headers=bearer(user)).status_code == 404
    assert put(client, user, roll_url(cohort, 0), []).status_code == 404


def test_an_empty_roll_call_marks_everyone_absent(client, personas, cohort, ani_budi):
    saved = put(client, personas["coordinator"], roll_url(cohort), [])
    assert [a["present"] for a in saved.json()["attendees"]] == [False, False]


# --- scores and completion ---------------------------------------------------------------------


def test_scores_are_saved_and_unlisted_ones_kept(client, personas, cohort, ani_budi):
    ani, budi = ani_budi
    user = personas["coordinator"]
    put(client, user, scores_url(cohort), [{"nik": budi.nik, "pre_test": 30, "post_test": None}])
    response = put(
        client, user, scores_url(cohort), [{"nik": ani.nik, "pre_test": 40.5, "post_test": 82}]
    )
    assert response.status_code == 200, response.content
    assert [(e["full_name"], e["pre_test"], e["post_test"]) for e in response.json()] == [
        ("Ani", 40.5, 82.0),
        ("Budi", 30.0, None),
    ]


@pytest.mark.parametrize(
    "row, field",
    [
        ({"pre_test": -1, "post_test": None}, "0.pre_test"),
        ({"pre_test": None, "post_test": 100.5}, "0.post_test"),
        ({"pre_test": 72.25, "post_test": None}, "0.pre_test"),
        ({"pre_test": "banyak", "post_test": None}, "0.pre_test"),
        ({"pre_test": 50}, "0.post_test"),  # both are required; null means not taken
    ],
)
def test_bad_scores_are_422(client, personas, cohort, ani_budi, row, field):
    body = [{"nik": ani_budi[0].nik, **row}]
    response = put(client, personas["coordinator"], scores_url(cohort), body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == [field]
    assert Enrolment.objects.get(person=ani_budi[0]).pre_test is None


def test_scores_of_someone_not_enrolled_are_422(client, personas, cohort, ani_budi):
    stranger = ready_for_training("Asing")
    body = [
        {"nik": ani_budi[0].nik, "pre_test": 50, "post_test": 60},
        {"nik": stranger.nik, "pre_test": 50, "post_test": 60},
        {"nik": ani_budi[0].nik, "pre_test": 55, "post_test": 60},
    ]
    response = put(client, personas["coordinator"], scores_url(cohort), body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["1.nik", "2"]
    assert Enrolment.objects.get(person=ani_budi[0]).pre_test is None


def test_three_of_four_sessions_and_a_post_test_complete_the_module(
    client, personas, cohort, ani_budi
):
    ani, budi = ani_budi
    user = personas["coordinator"]
    roll_call(client, user, cohort, 1, ani, budi)
    roll_call(client, user, cohort, 2, ani)
    roll_call(client, user, cohort, 3, ani, budi)
    assert states(client, user, ani)["TRAINING_BUSINESS"] == "in_progress"  # no post-test yet
    scores = [
        {"nik": ani.nik, "pre_test": 40, "post_test": 80},
        {"nik": budi.nik, "pre_test": 35, "post_test": 70},
    ]
    completed = put(client, user, scores_url(cohort), scores).json()
    assert [(e["full_name"], e["attended"], e["completed_on"]) for e in completed] == [
        ("Ani", 3, "2026-12-04"),  # the last session's date
        ("Budi", 2, None),  # 2 of 4 is not enough
    ]
    assert states(client, user, ani)["TRAINING_BUSINESS"] == "completed"
    assert states(client, user, budi)["TRAINING_BUSINESS"] == "in_progress"
    ani.refresh_from_db()
    assert ani.status == "in_training"

    roll_call(client, user, cohort, 4, budi)
    assert states(client, user, budi)["TRAINING_BUSINESS"] == "completed"
    # A corrected roll call that undoes the attendance undoes the completion.
    roll_call(client, user, cohort, 4, absent=[budi])
    assert states(client, user, budi)["TRAINING_BUSINESS"] == "in_progress"
    detail = client.get(f"/api/v1/cohorts/{cohort.pk}", headers=bearer(user)).json()
    assert [e["completed_on"] for e in detail["enrolments"]] == ["2026-12-04", None]


def test_removing_the_post_test_undoes_the_completion(client, personas, cohort, ani_budi):
    ani, _budi = ani_budi
    user = personas["coordinator"]
    for number in (1, 2, 3):
        roll_call(client, user, cohort, number, ani)
    put(client, user, scores_url(cohort), [{"nik": ani.nik, "pre_test": 40, "post_test": 80}])
    assert states(client, user, ani)["TRAINING_BUSINESS"] == "completed"
    put(client, user, scores_url(cohort), [{"nik": ani.nik, "pre_test": 40, "post_test": None}])
    assert states(client, user, ani)["TRAINING_BUSINESS"] == "in_progress"
