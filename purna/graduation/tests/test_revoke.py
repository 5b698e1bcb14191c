"""Undoing a graduation confirmed by mistake."""

from datetime import date

import pytest
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.graduation import services
from purna.graduation.models import Graduation
from purna.notifications.models import OutboxMessage
from purna.people.models import Consent

from .helpers import TODAY, in_english, ready_family

ON = date(2026, 11, 18)


def url(person):
    return reverse("graduation:revoke", args=[person.pk])


@pytest.fixture
def graduated(personas, person):
    ready_family(person)
    person.phone = "081234567890"
    person.save(update_fields=["phone"])
    Consent.objects.create(person=person, given_on=date(2026, 2, 1), scopes=["contact"])
    services.graduation_confirm(actor=personas["coordinator"], person=person, on=ON, today=TODAY)
    person.refresh_from_db()
    return person


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 404),
        ("viewer", 403),
        ("peer_mentor", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_access(client_for, graduated, persona, status):
    assert client_for(persona).get(url(graduated)).status_code == status
    response = client_for(persona).post(url(graduated), {"reason": "wrong family"})
    assert response.status_code == (302 if status == 200 else status)
    assert Graduation.objects.exists() is (status != 200)


def test_wrong_method(client_for, graduated):
    assert client_for("coordinator").put(url(graduated)).status_code == 405


def test_revoke_puts_the_family_back_in_mentoring(client_for, personas, graduated):
    assert graduated.status == "independent"
    assert OutboxMessage.objects.get().state == "queued"
    response = client_for("coordinator").post(url(graduated), {"reason": "Wrong family chosen"})
    assert response.status_code == 302
    graduated.refresh_from_db()
    assert graduated.graduated_on is None
    assert graduated.status == "in_mentoring"
    assert not Graduation.objects.exists()
    assert OutboxMessage.objects.get().state == "cancelled"
    deleted = AuditEvent.objects.get(entity="graduation", action="delete")
    assert deleted.summary == "Wrong family chosen"
    assert deleted.actor == personas["coordinator"]
    assert deleted.changes == {"graduated_on": ["2026-11-18", None]}


def test_a_reason_is_required(client_for, graduated):
    response = in_english(client_for("coordinator")).post(url(graduated), {"reason": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    graduated.refresh_from_db()
    assert graduated.graduated_on == ON
    assert Graduation.objects.exists()


def test_confirming_again_requeues_the_invitation(personas, graduated):
    services.graduation_revoke(actor=personas["admin"], person=graduated, reason="mistake")
    services.graduation_confirm(actor=personas["admin"], person=graduated, on=TODAY, today=TODAY)
    message = OutboxMessage.objects.get()
    assert message.state == "queued"
    graduated.refresh_from_db()
    assert graduated.graduated_on == TODAY


def test_nothing_to_undo(client_for, person):
    response = client_for("coordinator").get(url(person))
    assert response.status_code == 302
    with pytest.raises(services.NotIndependent):
        services.graduation_revoke(actor=None, person=person, reason="x")


def test_invitation_changes_are_in_the_trail_without_the_text(personas, graduated):
    services.graduation_revoke(actor=personas["admin"], person=graduated, reason="mistake")
    trail = AuditEvent.objects.filter(entity="outboxmessage", person_id=graduated.pk)
    assert [e.changes for e in trail.order_by("id")] == [
        {"state": [None, "queued"]},
        {"state": [None, "cancelled"]},
    ]
    assert "81234567890" not in str([e.changes for e in trail]) + str([e.summary for e in trail])
