"""The pathway block of the person page and its per-step change form."""

import re
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from purna.programme.models import PlanEntry
from tests.factories import make_assessment

STEP = re.compile(r'data-testid="step-(\w+)" data-state="(\w+)"')


def url(person, code):
    return reverse("programme:plan_step", args=[person.pk, code])


def page(client, person) -> str:
    return client.get(reverse("people:detail", args=[person.pk])).content.decode()


def states_on_page(client, person) -> dict[str, str]:
    return dict(STEP.findall(page(client, person)))


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def quadrant_i(person):
    make_assessment(person, "I", assessed_on=date(2026, 1, 5))
    person.refresh_from_db()
    return person


@pytest.mark.parametrize(
    "persona, status, changed",
    [
        ("admin", 302, True),
        ("coordinator", 302, True),
        ("field_officer", 302, True),
        ("mentor", 404, False),  # not a family the mentor accompanies
        ("viewer", 403, False),
        ("outsider", 404, False),
        ("anonymous", 302, False),
    ],
)
def test_access(client_for, quadrant_i, persona, status, changed):
    response = client_for(persona).post(
        url(quadrant_i, "MINDSET_BUSINESS"), {"state": "in_progress"}
    )
    assert response.status_code == status
    assert PlanEntry.objects.filter(person=quadrant_i).exists() is changed


def test_a_mentor_sees_the_plan_of_their_family_but_may_not_change_it(
    client_for, quadrant_i, accompany
):
    accompany(quadrant_i)
    client = client_for("mentor")
    assert states_on_page(client, quadrant_i)["MINDSET_BUSINESS"] == "planned"
    response = client.post(url(quadrant_i, "MINDSET_BUSINESS"), {"state": "in_progress"})
    assert response.status_code == 403 and not PlanEntry.objects.exists()


def test_get_is_not_allowed(client_for, quadrant_i):
    assert client_for("field_officer").get(url(quadrant_i, "MINDSET_BUSINESS")).status_code == 405


def test_unknown_module_is_404(client_for, quadrant_i):
    response = client_for("field_officer").post(url(quadrant_i, "NOPE"), {"state": "completed"})
    assert response.status_code == 404


def test_starting_the_first_module_puts_the_person_in_training(client_for, quadrant_i):
    client = client_for("field_officer")
    assert quadrant_i.status == "identified"
    response = client.post(url(quadrant_i, "MINDSET_BUSINESS"), {"state": "in_progress"})
    assert response.url == reverse("people:detail", args=[quadrant_i.pk]) + "#pathway"
    quadrant_i.refresh_from_db()
    assert quadrant_i.status == "in_training"
    states = states_on_page(client, quadrant_i)
    assert states["MINDSET_BUSINESS"] == "in_progress"
    assert states["TRAINING_BUSINESS"] == "planned"


def test_training_before_its_mindset_is_refused(client_for, quadrant_i):
    client = client_for("field_officer")
    response = client.post(url(quadrant_i, "TRAINING_BUSINESS"), {"state": "in_progress"})
    assert response.status_code == 302
    [message] = messages_of(response)
    assert "Pola pikir kewirausahaan" in message  # the module to finish first
    assert not PlanEntry.objects.exists()
    quadrant_i.refresh_from_db()
    assert quadrant_i.status == "identified"
    assert states_on_page(client, quadrant_i)["TRAINING_BUSINESS"] == "planned"


def test_the_refusal_is_shown_on_the_person_page(client_for, quadrant_i):
    response = client_for("field_officer").post(
        url(quadrant_i, "PRACTICE"), {"state": "completed"}, follow=True
    )
    body = response.content.decode()
    assert "alert-danger" in body and "Pelatihan kewirausahaan" in body


def test_dropping_needs_a_reason(client_for, quadrant_i):
    client = client_for("field_officer")
    client.post(url(quadrant_i, "MINDSET_SAKINAH"), {"state": "dropped", "reason": "  "})
    assert not PlanEntry.objects.exists()
    client.post(url(quadrant_i, "MINDSET_SAKINAH"), {"state": "dropped", "reason": "sakit"})
    body = page(client, quadrant_i)
    assert dict(STEP.findall(body))["MINDSET_SAKINAH"] == "dropped"
    assert 'data-testid="reason-MINDSET_SAKINAH">sakit<' in body


def test_unknown_state_is_refused(client_for, quadrant_i):
    client = client_for("field_officer")
    response = client.post(url(quadrant_i, "MINDSET_BUSINESS"), {"state": "finished"})
    assert response.status_code == 302 and messages_of(response)
    assert not PlanEntry.objects.exists()


def test_module_off_the_plan_is_refused(client_for, quadrant_i):
    response = client_for("field_officer").post(
        url(quadrant_i, "PEER_MENTOR"), {"state": "in_progress"}
    )
    assert messages_of(response) and not PlanEntry.objects.exists()


def test_reassessment_reroutes_the_plan(client_for, quadrant_i):
    client = client_for("field_officer")
    client.post(url(quadrant_i, "MINDSET_BUSINESS"), {"state": "completed"})
    make_assessment(quadrant_i, "IV", assessed_on=date(2026, 6, 1))
    body = page(client, quadrant_i)
    states = dict(STEP.findall(body))
    assert states["MINDSET_BUSINESS"] == "completed"
    assert states["TRAINING_BUSINESS"] == "not_needed"
    assert states["FIELD_VERIFICATION"] == "planned"
    assert states["PEER_MENTOR"] == "planned"
    assert 'data-testid="reason-TRAINING_BUSINESS"' in body
    assert "reassessment" not in body  # the marker is shown as words, not as a code


def test_steps_follow_the_pathway_order(client_for, quadrant_i, accompany):
    accompany(quadrant_i)
    codes = list(states_on_page(client_for("mentor"), quadrant_i))
    assert codes == [
        "MINDSET_BUSINESS",
        "MINDSET_SAKINAH",
        "TRAINING_BUSINESS",
        "TRAINING_SAKINAH",
        "PRACTICE",
        "MENTORING",
    ]


@pytest.mark.parametrize(
    "persona, has_form",
    [("admin", True), ("coordinator", True), ("field_officer", True), ("mentor", False)],
)
def test_change_form_only_for_who_may_change(client_for, quadrant_i, persona, has_form, accompany):
    accompany(quadrant_i)  # so the mentor sees the page at all
    body = page(client_for(persona), quadrant_i)
    assert 'data-testid="pathway"' in body
    assert (f'action="{url(quadrant_i, "PRACTICE")}"' in body) is has_form


def test_no_plan_before_a_self_assessment(client_for, person):
    body = page(client_for("field_officer"), person)
    assert 'data-testid="pathway"' not in body and "data-state" not in body


def test_plan_modules_cost_one_query(client_for, quadrant_i, django_assert_max_num_queries):
    client = client_for("field_officer")
    page(client, quadrant_i)
    client.post(url(quadrant_i, "MINDSET_BUSINESS"), {"state": "completed"})
    client.post(url(quadrant_i, "MINDSET_SAKINAH"), {"state": "completed"})
    with django_assert_max_num_queries(40) as captured:
        page(client, quadrant_i)
    module_queries = [q for q in captured if 'FROM "programme_module"' in q["sql"]]
    assert len(module_queries) == 1
