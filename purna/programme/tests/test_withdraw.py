"""Withdrawing a returnee from the programme (moved, migrated again, declined, deceased)
and bringing them back."""

from datetime import date

import pytest
from django.urls import reverse

from purna.programme.models import Module
from purna.programme.services import plan_step_set
from tests.factories import make_assessment


def withdraw_url(person):
    return reverse("programme:withdraw", args=[person.pk])


def reinstate_url(person):
    return reverse("programme:reinstate", args=[person.pk])


def page(client, person) -> str:
    return client.get(reverse("people:detail", args=[person.pk])).content.decode()


@pytest.fixture
def in_training(person):
    make_assessment(person, "I", assessed_on=date(2026, 1, 5))
    plan_step_set(
        actor=None,
        person=person,
        module=Module.objects.get(code="MINDSET_BUSINESS"),
        state="in_progress",
    )
    person.refresh_from_db()
    assert person.status == "in_training"
    return person


def withdrawn(person) -> bool:
    person.refresh_from_db()
    return person.withdrawn_on is not None


FORM = {"reason": "migrated_again", "on": "2026-07-01", "note": "berangkat ke Taiwan"}

WRITERS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 404),  # not a family the mentor accompanies
    ("viewer", 403),
    ("outsider", 404),
    ("anonymous", 302),
]


@pytest.mark.parametrize("persona, status", WRITERS)
def test_withdraw_form_access(client_for, person, persona, status):
    assert client_for(persona).get(withdraw_url(person)).status_code == status


@pytest.mark.parametrize("persona, status", WRITERS)
def test_withdraw_access(client_for, person, persona, status):
    response = client_for(persona).post(withdraw_url(person), FORM)
    assert response.status_code == (302 if status == 200 else status)
    assert withdrawn(person) is (status == 200)


@pytest.mark.parametrize("persona, status", WRITERS)
def test_reinstate_access(client_for, person, persona, status):
    client_for("coordinator").post(withdraw_url(person), FORM)
    response = client_for(persona).post(reinstate_url(person))
    assert response.status_code == (302 if status == 200 else status)
    assert withdrawn(person) is (status != 200)


def test_a_mentor_may_not_withdraw_or_reinstate_their_own_family(client_for, person, accompany):
    accompany(person)
    client = client_for("mentor")
    assert client.get(withdraw_url(person)).status_code == 403
    assert client.post(withdraw_url(person), FORM).status_code == 403
    assert not withdrawn(person)
    client_for("coordinator").post(withdraw_url(person), FORM)
    assert client_for("mentor").post(reinstate_url(person)).status_code == 403
    assert withdrawn(person)


def test_methods(client_for, person):
    client = client_for("coordinator")
    assert client.get(reinstate_url(person)).status_code == 405
    assert client.put(withdraw_url(person)).status_code == 405


def test_withdraw_then_reinstate_restores_the_status(client_for, in_training):
    client = client_for("field_officer")
    response = client.post(withdraw_url(in_training), FORM)
    assert response.url == reverse("people:detail", args=[in_training.pk]) + "#pathway"
    in_training.refresh_from_db()
    assert in_training.status == "withdrawn"
    assert in_training.withdrawn_on == date(2026, 7, 1)
    assert in_training.withdrawal_reason == "migrated_again"
    body = page(client, in_training)
    assert 'data-testid="withdrawal"' in body and "berangkat ke Taiwan" in body
    assert 'data-testid="withdraw"' not in body

    client.post(reinstate_url(in_training))
    in_training.refresh_from_db()
    assert in_training.status == "in_training"
    assert (in_training.withdrawal_reason, in_training.withdrawal_note) == ("", "")
    body = page(client, in_training)
    assert 'data-testid="withdrawal"' not in body and 'data-testid="withdraw"' in body


def test_future_date_is_refused(client_for, person):
    response = client_for("field_officer").post(withdraw_url(person), {**FORM, "on": "2099-01-01"})
    assert response.status_code == 200 and not withdrawn(person)


def test_reason_is_required(client_for, person):
    response = client_for("field_officer").post(withdraw_url(person), {**FORM, "reason": ""})
    assert response.status_code == 200 and not withdrawn(person)


def test_form_offers_the_four_reasons(client_for, person):
    body = client_for("field_officer").get(withdraw_url(person)).content.decode()
    for reason in ("moved", "migrated_again", "declined", "deceased"):
        assert f'value="{reason}"' in body


def test_correcting_a_withdrawal_starts_from_what_was_recorded(client_for, person):
    client = client_for("coordinator")
    client.post(withdraw_url(person), FORM)
    form = client.get(withdraw_url(person)).context["form"]
    assert form.initial["on"] == date(2026, 7, 1) and form.initial["reason"] == "migrated_again"


@pytest.mark.parametrize("persona, sees", [("field_officer", True), ("mentor", False)])
def test_withdraw_link_for_who_may(client_for, person, persona, sees, accompany):
    accompany(person)  # so the mentor sees the page at all
    body = page(client_for(persona), person)
    assert person.full_name in body
    assert ('data-testid="withdraw"' in body) is sees
