"""/api/v1: mentoring plans, agreement, visits, visits due, a peer mentor's families."""

from datetime import date, timedelta

import pytest

from purna.business.models import Business
from purna.mentoring.models import MentoringPlan, Visit
from purna.people.services import consent_record
from tests.api import bearer
from tests.factories import assign, make_assessment

from .conftest import STARTED_DAYS_AGO
from .english import in_english
from .support import make_plan, make_visit, written_on

# The API answers 401 rather than redirecting to the login page.
SEE = {
    "admin": 200,
    "coordinator": 200,
    "field_officer": 200,
    "mentor": 200,
    "viewer": 403,
    "outsider": 404,
    "peer_mentor": 403,
    "anonymous": 401,
}
CREATED = {k: (201 if v == 200 else v) for k, v in SEE.items()}


def get(client, user, url, **query):
    return client.get(url, query, headers=bearer(user))


def post(client, user, url, data):
    return client.post(url, data, content_type="application/json", headers=bearer(user))


def visit_body(today, **overrides):
    body = {"kind": "home", "visited_on": today.isoformat(), "topics": "Stock"}
    body.update(overrides)
    return body


ACTION = {"description": "Second stall", "who": "family", "due_on": "2026-06-01"}


def plan_body(**overrides):
    body = {
        "business_goal": "Sell at two markets",
        "family_goal": "Eat together",
        "schooling_goal": "",
        "actions": [ACTION],
    }
    body.update(overrides)
    return body


def fields_in(response) -> set[str]:
    return {error["field"] for error in response.json()["detail"]}


# Plans


@pytest.mark.parametrize("persona, status", SEE.items())
def test_plan_list_access(client, personas, family, persona, status):
    make_plan(family)
    url = f"/api/v1/participants/{family.nik}/mentoring-plans"
    response = get(client, personas[persona], url)
    assert response.status_code == status
    if status == 200:
        [plan] = response.json()
        assert plan["version"] == 1 and plan["actions"][0]["who"] == "family"


@pytest.mark.parametrize("persona, status", CREATED.items())
def test_plan_create_access(client, personas, family, persona, status):
    url = f"/api/v1/participants/{family.nik}/mentoring-plans"
    response = post(client, personas[persona], url, plan_body())
    assert response.status_code == status, response.content
    assert MentoringPlan.objects.count() == (1 if status == 201 else 0)


def test_a_mentor_gets_404_for_a_family_not_theirs(client, personas, other_family, today):
    mentor = personas["mentor"]
    plan = make_plan(other_family)
    nik = other_family.nik
    assert get(client, mentor, f"/api/v1/participants/{nik}/mentoring-plans").status_code == 404
    assert get(client, mentor, f"/api/v1/participants/{nik}/visits").status_code == 404
    url = f"/api/v1/participants/{nik}/visits"
    assert post(client, mentor, url, visit_body(today)).status_code == 404
    url = f"/api/v1/mentoring-plans/{plan.pk}/agreement"
    body = {"agreed_on": today.isoformat(), "agreement_note": "signed"}
    assert post(client, mentor, url, body).status_code == 404
    assert not Visit.objects.exists()


def test_new_versions_and_the_agreement(client, personas, family, today):
    user = personas["mentor"]
    url = f"/api/v1/participants/{family.nik}/mentoring-plans"
    first = post(client, user, url, plan_body()).json()
    assert post(client, user, url, plan_body()).json()["code"] == "unchanged"
    second = post(client, user, url, plan_body(family_goal="Pray together")).json()
    assert (first["version"], second["version"]) == (1, 2) and second["agreed_on"] is None
    agree = {"agreed_on": today.isoformat(), "agreement_note": "signed"}
    old = post(client, user, f"/api/v1/mentoring-plans/{first['id']}/agreement", agree)
    assert old.status_code == 409 and old.json()["code"] == "not_newest"
    agreement_url = f"/api/v1/mentoring-plans/{second['id']}/agreement"
    agreed = post(client, user, agreement_url, agree)
    assert agreed.status_code == 200 and agreed.json()["agreed_on"] == today.isoformat()
    again = post(client, user, agreement_url, agree)
    assert again.status_code == 409 and again.json()["code"] == "already_agreed"
    versions = get(client, user, url).json()
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[1]["family_goal"] == "Eat together" and versions[1]["agreed_on"] is None


@pytest.mark.parametrize(
    "body, field",
    [
        (plan_body(business_goal=""), "business_goal"),
        (plan_body(family_goal="  "), "family_goal"),
        (plan_body(actions=[]), "actions"),
        (plan_body(actions=[{**ACTION, "who": "x"}]), "actions.0.who"),
        (plan_body(actions=[{**ACTION, "due_on": "1990-01-01"}]), "actions"),
        (plan_body(schooling_goal="x" * 2001), "schooling_goal"),
    ],
)
def test_bad_plans_get_422_naming_the_field(client, personas, family, body, field):
    url = f"/api/v1/participants/{family.nik}/mentoring-plans"
    response = post(client, personas["coordinator"], url, body)
    assert response.status_code == 422 and field in fields_in(response)
    assert not MentoringPlan.objects.exists()


def test_bad_agreement_gets_422(client, personas, family, today):
    plan = make_plan(family)
    url = f"/api/v1/mentoring-plans/{plan.pk}/agreement"
    future = {"agreed_on": (today + timedelta(days=1)).isoformat(), "agreement_note": "x"}
    response = post(client, personas["coordinator"], url, future)
    assert response.status_code == 422 and "agreed_on" in fields_in(response)
    response = post(client, personas["coordinator"], url, {"agreed_on": today.isoformat()})
    assert response.status_code == 422 and "agreement_note" in fields_in(response)


def test_an_agreement_before_the_version_was_written_gets_422(client, personas, family, today):
    plan = written_on(make_plan(family), today - timedelta(days=3))
    url = f"/api/v1/mentoring-plans/{plan.pk}/agreement"
    body = {"agreed_on": "2001-01-01", "agreement_note": "signed"}
    response = post(client, personas["coordinator"], url, body)
    assert response.status_code == 422 and fields_in(response) == {"agreed_on"}
    plan.refresh_from_db()
    assert plan.agreed_on is None


def test_plan_endpoints_refuse_other_methods(client, personas, family):
    url = f"/api/v1/participants/{family.nik}/mentoring-plans"
    response = client.delete(url, headers=bearer(personas["coordinator"]))
    assert response.status_code == 405


# Visits


@pytest.mark.parametrize("persona, status", SEE.items())
def test_visit_list_access(client, personas, family, today, persona, status):
    make_visit(family, today, topics="Prices")
    response = get(client, personas[persona], f"/api/v1/participants/{family.nik}/visits")
    assert response.status_code == status
    if status == 200:
        [visit] = response.json()
        assert visit["topics"] == "Prices" and visit["photo"] is None


@pytest.mark.parametrize("persona, status", CREATED.items())
def test_visit_create_access(client, personas, family, today, persona, status):
    url = f"/api/v1/participants/{family.nik}/visits"
    response = post(client, personas[persona], url, visit_body(today))
    assert response.status_code == status, response.content
    assert Visit.objects.count() == (1 if status == 201 else 0)


def test_a_visit_by_the_mentor_is_theirs_and_clears_the_overdue(
    client, personas, family, staff_mentor, today
):
    user = personas["mentor"]
    due = get(client, user, "/api/v1/mentoring/due", overdue=True).json()
    assert [f["nik"] for f in due["items"]] == [family.nik]
    response = post(
        client, user, f"/api/v1/participants/{family.nik}/visits",
        visit_body(today, next_visit_on=(today + timedelta(days=7)).isoformat()),
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["mentor"] == "Bu Rina"
    assert get(client, user, "/api/v1/mentoring/due", overdue=True).json()["count"] == 0
    [row] = get(client, user, "/api/v1/mentoring/due").json()["items"]
    assert row["next_visit_due"] == (today + timedelta(days=7)).isoformat()
    assert row["days_overdue"] == 0 and row["mentor"] == "Bu Rina"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"topics": ""}, "topics"),
        ({"topics": "   "}, "topics"),
        ({"kind": "party"}, "kind"),
        ({"visited_on": "2099-01-01"}, "visited_on"),
        ({"visited_on": "1999-01-01"}, "visited_on"),
        ({"visited_on": "soon"}, "visited_on"),
        ({"next_visit_on": "2000-01-01"}, "next_visit_on"),
    ],
)
def test_bad_visits_get_422_naming_the_field(client, personas, family, today, overrides, field):
    url = f"/api/v1/participants/{family.nik}/visits"
    response = post(client, personas["coordinator"], url, visit_body(today, **overrides))
    assert response.status_code == 422 and field in fields_in(response)
    assert not Visit.objects.exists()


def test_no_visit_before_business_practice(client, personas, person, today):
    url = f"/api/v1/participants/{person.nik}/visits"
    response = post(client, personas["coordinator"], url, visit_body(today))
    assert response.status_code == 409 and response.json()["code"] == "not_in_practice"


def test_a_visit_before_business_practice_started_gets_422(client, personas, family, today):
    started = today - timedelta(days=STARTED_DAYS_AGO)
    body = visit_body(today, visited_on=(started - timedelta(days=1)).isoformat())
    url = f"/api/v1/participants/{family.nik}/visits"
    response = post(client, personas["coordinator"], url, body)
    assert response.status_code == 422 and fields_in(response) == {"visited_on"}
    assert not Visit.objects.exists()


def test_the_same_visit_sent_twice_is_saved_once(client, personas, family, today):
    url = f"/api/v1/participants/{family.nik}/visits"
    first = post(client, personas["coordinator"], url, visit_body(today))
    again = post(client, personas["coordinator"], url, visit_body(today))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and Visit.objects.count() == 1


# Visits due


@pytest.mark.parametrize("persona, status", SEE.items())
def test_due_access(client, personas, family, persona, status):
    if status == 404:
        status = 200  # an outsider sees their own area: nobody here
    response = get(client, personas[persona], "/api/v1/mentoring/due")
    assert response.status_code == status
    if status == 200:
        niks = [f["nik"] for f in response.json()["items"]]
        assert niks == ([] if persona == "outsider" else [family.nik])


def test_due_lists_a_mentors_own_families_and_filters(client, personas, family, other_family):
    mentor = get(client, personas["mentor"], "/api/v1/mentoring/due").json()
    assert [f["nik"] for f in mentor["items"]] == [family.nik]
    staff = personas["coordinator"]
    everyone = get(client, staff, "/api/v1/mentoring/due").json()
    assert {f["nik"] for f in everyone["items"]} == {family.nik, other_family.nik}
    first = everyone["items"][0]
    assert first["plan"] == "missing" and first["plan_overdue"] is True
    assert first["days_overdue"] > 0
    elsewhere = get(client, staff, "/api/v1/mentoring/due", district="35.02.16").json()
    assert elsewhere["count"] == 0
    own = family.mentor_assignments.get().mentor_id
    by_mentor = get(client, staff, "/api/v1/mentoring/due", mentor=own).json()
    assert [f["nik"] for f in by_mentor["items"]] == [family.nik]
    bad = get(client, staff, "/api/v1/mentoring/due", district="nowhere")
    assert bad.status_code == 422 and "district" in fields_in(bad)


# Peer mentors


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 403),
        ("coordinator", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("peer_mentor", 200),
        ("anonymous", 401),
    ],
)
def test_peer_families_access(client, personas, persona, status):
    response = get(client, personas[persona], "/api/v1/peer/families")
    assert response.status_code == status


def test_peer_families_have_only_the_allowed_fields(client, personas, family, peer_mentor):
    make_assessment(family, "III", assessed_on=date(2025, 11, 1))
    family.refresh_from_db()
    assert family.business_score is not None
    family.phone = "081234567890"
    family.save()
    consent_record(
        actor=None, person=family, scopes=["registration", "contact"], given_on=date(2026, 2, 1)
    )
    Business.objects.create(
        person=family,
        name="Warung",
        sector="food",
        village=family.village,
        capital_kur=7654321,
        status=Business.Status.OPERATING,
    )
    make_visit(family, date(2026, 1, 5), topics="Secret")
    assign(family, peer_mentor)
    in_english(client)
    response = get(client, personas["peer_mentor"], "/api/v1/peer/families")
    [paired] = response.json()
    assert set(paired) == {"full_name", "village_name", "district_name", "businesses"}
    assert paired["full_name"] == family.full_name
    [business] = paired["businesses"]
    assert business == {
        "name": "Warung",
        "sector": "food",
        "sector_label": business["sector_label"],
        "status": "operating",
        "status_label": "Operating",
    }
    assert business["sector_label"] not in ("", "food")
    text = response.content.decode()
    for secret in ("7654321", "Secret", family.nik, "score", "quadrant", "revenue", "08123"):
        assert secret not in text


def test_peer_mentors_get_403_on_family_records(client, personas, family, peer_mentor, today):
    assign(family, peer_mentor)
    user = personas["peer_mentor"]
    assert get(client, user, f"/api/v1/participants/{family.nik}/visits").status_code == 403
    url = f"/api/v1/participants/{family.nik}/mentoring-plans"
    assert get(client, user, url).status_code == 403
    assert get(client, user, "/api/v1/mentoring/due").status_code == 403
