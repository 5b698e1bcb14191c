"""Who sees which ticket, for every persona, and the audit of each opening of a sensitive
ticket."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from purna.accounts.models import Role
from purna.audit.models import AuditEvent
from purna.helpdesk.access import (
    may_manage_tickets,
    ticket_by_code_for,
    ticket_for,
    tickets_for,
)
from purna.helpdesk.models import Ticket
from purna.helpdesk.services import ticket_assign, ticket_create, ticket_submit
from tests.factories import PACITAN, make_institution, make_user, village

pytestmark = pytest.mark.django_db

DESCRIPTION = "Pak kades meminta uang untuk tanda tangan surat keterangan usaha"


def submit(kind: str, village_prefix: str | None = "35.02.17", **extra) -> Ticket:
    return ticket_submit(
        kind=kind,
        description=DESCRIPTION,
        name="Warga Babadan",
        phone=f"0812 {Ticket.objects.count():04d} 0000",
        village=village(village_prefix) if village_prefix else None,
        **extra,
    )


@pytest.fixture
def tickets(personas):
    """One ticket of each kind of visibility (all personas share one institution)."""
    area = submit("complaint")
    sensitive = submit("abuse")
    assigned = submit("abuse")
    ticket_assign(actor=personas["admin"], ticket=assigned, assignee=personas["mentor"])
    outside = submit("complaint", PACITAN)
    queue = make_institution()  # the personas' institution
    no_village = submit("help", None)
    Ticket.objects.filter(pk=no_village.pk).update(institution=queue)
    other_queue = submit("help", None)
    Ticket.objects.filter(pk=other_queue.pk).update(
        institution=make_institution("Kementerian P2MI", "government")
    )
    AuditEvent.objects.all().delete()
    return {
        "area": area,
        "sensitive": sensitive,
        "sensitive_assigned_to_mentor": assigned,
        "outside": outside,
        "no_village_our_queue": no_village,
        "no_village_other_queue": other_queue,
    }


VISIBLE = {
    "admin": {
        "area",
        "sensitive",
        "sensitive_assigned_to_mentor",
        "outside",
        "no_village_our_queue",
        "no_village_other_queue",
    },
    "coordinator": {"area", "sensitive", "sensitive_assigned_to_mentor", "no_village_our_queue"},
    "field_officer": {"area"},
    "mentor": {"sensitive_assigned_to_mentor"},
    "outsider": {"outside"},
}
FORBIDDEN = ["viewer", "peer_mentor", "anonymous"]


def user_of(personas, persona):
    return personas[persona] or AnonymousUser()


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_who_sees_which_ticket(personas, tickets, persona):
    user = personas[persona]
    seen = {name for name, t in tickets.items() if tickets_for(user).filter(pk=t.pk).exists()}
    assert seen == VISIBLE[persona]
    for name, ticket in tickets.items():
        if name in VISIBLE[persona]:
            assert ticket_for(user, ticket.pk, write=True) == ticket
            assert ticket_by_code_for(user, ticket.code.lower()) == ticket
        else:
            with pytest.raises(Http404):
                ticket_for(user, ticket.pk)
            with pytest.raises(Http404):
                ticket_by_code_for(user, ticket.code)


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_viewers_peer_mentors_and_anonymous_get_403(personas, tickets, persona):
    user = user_of(personas, persona)
    with pytest.raises(PermissionDenied):
        tickets_for(user)
    with pytest.raises(PermissionDenied):
        ticket_for(user, tickets["area"].pk)
    assert not may_manage_tickets(user)


@pytest.mark.parametrize(
    "persona, may",
    [
        ("admin", True),
        ("coordinator", True),
        ("field_officer", False),
        ("mentor", False),
        ("outsider", False),
    ],
)
def test_who_manages_the_helpdesk(personas, persona, may):
    assert may_manage_tickets(personas[persona]) is may


def test_a_sensitive_ticket_is_seen_by_its_assignee(personas, tickets):
    officer = personas["field_officer"]
    sensitive = tickets["sensitive"]
    with pytest.raises(Http404):
        ticket_for(officer, sensitive.pk)
    ticket_assign(actor=personas["coordinator"], ticket=sensitive, assignee=officer)
    assert ticket_for(officer, sensitive.pk) == sensitive
    # ... and no longer once someone else has it.
    ticket_assign(actor=personas["coordinator"], ticket=sensitive, assignee=personas["mentor"])
    with pytest.raises(Http404):
        ticket_for(officer, sensitive.pk)


def test_a_sensitive_ticket_is_hidden_from_coordinators_of_another_area(personas, tickets):
    pacitan = make_user("pacitan_coordinator", Role.COORDINATOR, regencies=[PACITAN])
    with pytest.raises(Http404):
        ticket_for(pacitan, tickets["sensitive"].pk)
    assert ticket_for(pacitan, tickets["outside"].pk)


def test_a_national_field_officer_sees_non_sensitive_tickets_everywhere(tickets):
    national = make_user("national_officer", Role.FIELD_OFFICER)
    seen = set(tickets_for(national).values_list("pk", flat=True))
    assert seen == {tickets["area"].pk, tickets["outside"].pk}


def test_a_ticket_staff_marked_sensitive_is_hidden_too(personas):
    ticket = ticket_create(
        actor=personas["coordinator"],
        channel="phone",
        kind="complaint",
        description=DESCRIPTION,
        name="Warga",
        village=village(),
        sensitive=True,
    )
    with pytest.raises(Http404):
        ticket_for(personas["field_officer"], ticket.pk)


def test_an_inactive_user_sees_nothing(personas, tickets):
    admin = personas["admin"]
    admin.is_active = False
    admin.save()
    with pytest.raises(PermissionDenied):
        tickets_for(admin)


@pytest.mark.parametrize("persona", ["admin", "coordinator", "mentor"])
def test_every_opening_of_a_sensitive_ticket_is_audited(personas, tickets, persona):
    user = personas[persona]
    ticket = tickets["sensitive_assigned_to_mentor"]
    for _i in range(3):
        ticket_for(user, ticket.pk)
    ticket_by_code_for(user, ticket.code)
    events = AuditEvent.objects.filter(entity="ticket", entity_id=ticket.pk, action="view")
    assert events.count() == 4
    assert {e.actor for e in events} == {user}
    assert all(e.person_id is None and e.summary == ticket.code for e in events)
    assert DESCRIPTION not in json.dumps([e.changes for e in events])


def test_opening_an_ordinary_ticket_is_not_audited(personas, tickets):
    ticket_for(personas["coordinator"], tickets["area"].pk)
    assert not AuditEvent.objects.exists()


def test_a_refused_opening_is_not_audited_as_a_view(personas, tickets):
    with pytest.raises(Http404):
        ticket_for(personas["field_officer"], tickets["sensitive"].pk)
    assert not AuditEvent.objects.filter(action="view").exists()
