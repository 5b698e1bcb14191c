"""The family's mentoring plan: versions, prefilled new versions, the family's agreement."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from purna.mentoring.models import MentoringPlan, PlanAction
from purna.mentoring.tests.english import in_english

from .support import SEE, make_plan, matrix, written_on


def plan_url(person):
    return reverse("mentoring:plan", args=[person.pk])


def new_url(person):
    return reverse("mentoring:plan_new", args=[person.pk])


def agree_url(plan):
    return reverse("mentoring:plan_agree", args=[plan.pk])


def plan_data(actions, *, initial=0, **goals):
    data = {
        "business_goal": "Sell tempe at two markets",
        "family_goal": "Eat together every evening",
        "schooling_goal": "Both children finish SMP",
        "actions-TOTAL_FORMS": str(max(len(actions), 1)),
        "actions-INITIAL_FORMS": str(initial),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "20",
    }
    data.update(goals)
    for n, action in enumerate(actions):
        for key, value in action.items():
            data[f"actions-{n}-{key}"] = value
    return data


ACTION = {"description": "Open a second stall", "who": "family", "due_on": "2026-06-01"}


@pytest.mark.parametrize("persona, status", matrix(SEE))
def test_plan_page_access(client_for, family, persona, status):
    make_plan(family)
    assert client_for(persona).get(plan_url(family)).status_code == status


@pytest.mark.parametrize("persona, status", matrix(SEE))
def test_who_may_write_a_plan(client_for, family, persona, status):
    client = client_for(persona)
    assert client.get(new_url(family)).status_code == status
    response = client.post(new_url(family), plan_data([ACTION]))
    assert response.status_code == (302 if status == 200 else status)
    assert MentoringPlan.objects.count() == (1 if status == 200 else 0)


def test_a_mentor_gets_404_for_a_family_not_theirs(client_for, other_family):
    plan = make_plan(other_family)
    client = client_for("mentor")
    assert client.get(plan_url(other_family)).status_code == 404
    assert client.post(new_url(other_family), plan_data([ACTION])).status_code == 404
    assert client.post(agree_url(plan), {"agreed_on": "2026-03-01"}).status_code == 404


@pytest.mark.parametrize("url", [plan_url, new_url])
def test_wrong_methods(client_for, family, url):
    assert client_for("mentor").delete(url(family)).status_code == 405


def test_the_first_plan_then_a_new_version_prefilled_from_it(client_for, family):
    client = client_for("mentor")
    response = client.post(
        new_url(family), plan_data([ACTION, {**ACTION, "description": "Keep a cash book"}])
    )
    assert response.status_code == 302 and response.url == plan_url(family)
    first = MentoringPlan.objects.get()
    assert first.version == 1 and first.actions.count() == 2
    assert first.created_by.username == "mentor"

    page = client.get(new_url(family)).content.decode()
    assert "Sell tempe at two markets" in page and "Keep a cash book" in page
    assert 'name="actions-1-DELETE"' in page  # an earlier action may be dropped
    formset = client.get(new_url(family)).context["formset"]
    assert formset.total_form_count() == 2 + 3  # the two actions and three empty rows

    actions = [
        {**ACTION},
        {
            "description": "Keep a cash book",
            "who": "family",
            "due_on": "2026-06-01",
            "DELETE": "on",
        },
        {"description": "Enrol the youngest in SD", "who": "family", "due_on": "2026-07-15"},
        # Empty rows are skipped (the "who" select always sends its value).
        {"description": "", "who": "family", "due_on": ""},
        {"description": "", "who": "family", "due_on": ""},
    ]
    response = client.post(
        new_url(family), plan_data(actions, initial=2, schooling_goal="All three finish SMP")
    )
    assert response.status_code == 302
    second = MentoringPlan.objects.get(version=2)
    assert sorted(a.description for a in second.actions.all()) == [
        "Enrol the youngest in SD",
        "Open a second stall",
    ]
    first.refresh_from_db()
    assert first.schooling_goal == "Both children finish SMP" and first.actions.count() == 2

    page = in_english(client).get(plan_url(family)).content.decode()
    assert 'data-version="2"' in page and 'data-testid="version-1"' in page
    assert "goal for the children&#x27;s schooling" in page
    assert "1 action added" in page and "1 action removed" in page


def test_the_plan_is_changed_only_by_a_new_version_even_after_agreement(client_for, family):
    plan = make_plan(family, agreed_on=date(2026, 2, 1))
    client = client_for("coordinator")
    page = client.get(plan_url(family)).content.decode()
    assert 'data-testid="plan-agreed"' in page and 'data-testid="agree-form"' not in page
    response = client.post(
        new_url(family), plan_data([ACTION], business_goal="Sell at three markets")
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.business_goal == "Sell tempe at two markets" and plan.agreed_on == date(2026, 2, 1)
    page = client.get(plan_url(family)).content.decode()
    assert 'data-testid="plan-waiting"' in page and 'data-testid="agree-form"' in page


@pytest.mark.parametrize(
    "data",
    [
        plan_data([ACTION], business_goal=""),
        plan_data([ACTION], family_goal="   "),
        plan_data([{"description": "", "who": "", "due_on": ""}]),
        plan_data([{**ACTION, "due_on": "not a date"}]),
        plan_data([{**ACTION, "who": "neighbour"}]),
        plan_data([{**ACTION, "due_on": "1990-01-01"}]),
        plan_data([{**ACTION, "description": "x" * 301}]),
        plan_data([ACTION], business_goal="x" * 2001),
        {"business_goal": "Sell", "family_goal": "Eat"},  # no management form
        plan_data([ACTION] * 25),
    ],
)
def test_bad_input_shows_the_form_again_and_writes_nothing(client_for, family, data):
    response = client_for("mentor").post(new_url(family), data)
    assert response.status_code == 200
    assert not MentoringPlan.objects.exists() and not PlanAction.objects.exists()


def test_an_unchanged_version_is_refused(client_for, family):
    client = client_for("mentor")
    client.post(new_url(family), plan_data([ACTION]))
    response = client.post(new_url(family), plan_data([ACTION], initial=1))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert MentoringPlan.objects.count() == 1


@pytest.mark.parametrize("persona, status", matrix(SEE))
def test_who_may_record_the_agreement(client_for, family, today, persona, status):
    plan = make_plan(family)
    client = client_for(persona)
    assert client.get(agree_url(plan)).status_code == status
    response = client.post(
        agree_url(plan), {"agreed_on": today.isoformat(), "agreement_note": "signed"}
    )
    assert response.status_code == (302 if status == 200 else status)
    plan.refresh_from_db()
    assert (plan.agreed_on == today) is (status == 200)


def test_the_agreement_checks_its_input(client_for, family, today):
    old = make_plan(family, 1)
    plan = make_plan(family, 2)
    client = client_for("mentor")
    for bad in (
        {"agreed_on": (today + timedelta(days=1)).isoformat(), "agreement_note": "signed"},
        {"agreed_on": today.isoformat(), "agreement_note": ""},
        {"agreed_on": "yesterday", "agreement_note": "signed"},
    ):
        assert client.post(agree_url(plan), bad).status_code == 200
    response = client.post(
        agree_url(old), {"agreed_on": today.isoformat(), "agreement_note": "signed"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    old.refresh_from_db()
    plan.refresh_from_db()
    assert old.agreed_on is None and plan.agreed_on is None
    assert client.delete(agree_url(plan)).status_code == 405


def test_a_family_without_a_plan(client_for, family):
    page = client_for("mentor").get(plan_url(family)).content.decode()
    assert 'data-testid="plan-missing"' in page and 'data-testid="plan-new"' in page


def label_of(page: str, name: str) -> str:
    found = re.search(rf'<label class="form-label" for="id_{name}">([^<]*)', page)
    assert found, name
    return found.group(1).strip()


def test_the_plan_form_is_labelled_in_the_users_language(client_for, family):
    client = client_for("mentor")
    indonesian = client.get(new_url(family)).content.decode()
    english = in_english(client).get(new_url(family)).content.decode()
    assert label_of(english, "business_goal") == "Goal for the business"
    assert label_of(english, "family_goal") == "Goal for the family"
    assert label_of(indonesian, "business_goal") == "Tujuan usaha"
    assert label_of(indonesian, "family_goal") == "Tujuan keluarga"


def test_the_actions_heading_and_rows_use_the_same_word(client_for, family):
    page = in_english(client_for("mentor")).get(new_url(family)).content.decode()
    assert "Actions in the plan</h2>" in page and ">Action 1</legend>" in page


def test_the_family_cannot_agree_before_the_version_was_written(client_for, family, today):
    plan = written_on(make_plan(family), today - timedelta(days=3))
    client = in_english(client_for("mentor"))
    response = client.post(agree_url(plan), {"agreed_on": "2001-01-01", "agreement_note": "x"})
    assert response.status_code == 200
    with translation.override("en"):
        written = date_format(today - timedelta(days=3), "j M Y")
    assert written in " ".join(response.context["form"].errors["agreed_on"])
    plan.refresh_from_db()
    assert plan.agreed_on is None
