"""Escalation of overdue tickets: once per lateness, to the coordinators of the ticket's
area, by an email that says the code, the kind and how late, and nothing else."""

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from purna.accounts.models import Role
from purna.audit.models import AuditEvent
from purna.helpdesk.models import Ticket
from purna.helpdesk.services import (
    ticket_reply,
    ticket_submit,
    ticket_transition,
    tickets_escalate,
)
from purna.notifications.models import OutboxMessage
from tests.factories import PACITAN, make_institution, make_user, village

pytestmark = pytest.mark.django_db

# Submitted Friday 14 August 2026: acknowledge by Wednesday 19 August (Monday 17 is a
# holiday), resolve by Monday 7 September.
FRIDAY = date(2026, 8, 14)
ACK_BY = date(2026, 8, 19)
RESOLVE_BY = date(2026, 9, 7)
DESCRIPTION = "Rentenir mengancam akan mengambil rumah kami minggu depan"
NAME = "Ibu Suparti"


def at(day: date, hour: int = 7) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def escalate(day: date) -> int:
    return tickets_escalate(today=day, now=at(day))


def alerts() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(dedupe_key__startswith="ticket-escalation:"))


@pytest.fixture
def coordinator(personas):
    user = personas["coordinator"]
    user.email = "koordinator@umpo.example.org"
    user.save()
    return user


@pytest.fixture
def ticket(coordinator) -> Ticket:
    return ticket_submit(
        kind="abuse",
        description=DESCRIPTION,
        name=NAME,
        phone="0812 3456 7890",
        village=village(),
        today=FRIDAY,
        now=at(FRIDAY, 10),
    )


def test_nothing_is_overdue_on_the_deadline_day(ticket):
    assert escalate(ACK_BY) == 0
    assert alerts() == []


def test_late_to_acknowledge_escalates_once(ticket, coordinator):
    late = ACK_BY + timedelta(days=1)
    assert escalate(late) == 1
    ticket.refresh_from_db()
    assert ticket.escalated_at == at(late)
    (alert,) = alerts()
    assert alert.channel == "email" and alert.address == coordinator.email
    assert ticket.code in alert.body and ticket.code in alert.subject
    assert "2026-08-19" in alert.body  # how late: the deadline it missed
    # Running again, the same day or the next, adds nothing.
    assert escalate(late) == 0
    assert escalate(late + timedelta(days=1)) == 0
    assert len(alerts()) == 1
    ticket.refresh_from_db()
    assert ticket.escalated_at == at(late)


def test_the_alert_holds_no_content(ticket):
    escalate(ACK_BY + timedelta(days=1))
    (alert,) = alerts()
    for secret in (DESCRIPTION, NAME, "7890", "Rentenir"):
        assert secret not in alert.body + alert.subject
    event = AuditEvent.objects.get(entity="ticket", changes__has_key="escalated_at")
    assert event.changes["overdue"] == [None, "acknowledge"]
    assert event.channel == "escalation" and event.person_id is None
    assert DESCRIPTION not in str(event.changes) + event.summary


def test_acknowledged_in_time_is_not_escalated_for_acknowledgement(ticket, personas):
    ticket_reply(actor=personas["coordinator"], ticket=ticket, body="Kami segera datang")
    assert escalate(ACK_BY + timedelta(days=1)) == 0
    assert escalate(RESOLVE_BY) == 0
    # ... but is when it is not resolved in time.
    assert escalate(RESOLVE_BY + timedelta(days=1)) == 1
    (alert,) = alerts()
    assert "2026-09-07" in alert.body
    assert escalate(RESOLVE_BY + timedelta(days=2)) == 0


def test_late_to_acknowledge_and_then_late_to_resolve_escalates_twice(ticket):
    assert escalate(ACK_BY + timedelta(days=1)) == 1
    ticket_transition(actor=None, ticket=ticket, state="in_progress", today=ACK_BY + timedelta(2))
    assert escalate(RESOLVE_BY + timedelta(days=1)) == 1
    assert len(alerts()) == 2
    assert escalate(RESOLVE_BY + timedelta(days=5)) == 0


def test_a_resolved_ticket_is_never_escalated(ticket):
    ticket_transition(actor=None, ticket=ticket, state="resolved", today=RESOLVE_BY + timedelta(3))
    assert escalate(RESOLVE_BY + timedelta(days=4)) == 0


def test_a_reopened_ticket_escalates_again_when_late_against_its_new_deadline(ticket):
    assert escalate(RESOLVE_BY + timedelta(days=1)) == 1
    resolved_on = RESOLVE_BY + timedelta(days=2)
    ticket_transition(actor=None, ticket=ticket, state="resolved", today=resolved_on)
    ticket = ticket_transition(actor=None, ticket=ticket, state="in_progress", today=resolved_on)
    assert ticket.resolve_by > RESOLVE_BY
    assert escalate(ticket.resolve_by) == 0
    assert escalate(ticket.resolve_by + timedelta(days=1)) == 1
    assert len(alerts()) == 2


def test_only_the_coordinators_of_the_area_are_told(ticket, coordinator):
    pacitan = make_user("pacitan_coordinator", Role.COORDINATOR, regencies=[PACITAN])
    pacitan.email = "pacitan@example.org"
    pacitan.save()
    district = make_user("district_coordinator", Role.COORDINATOR, districts=["35.02.17"])
    district.email = "kecamatan@example.org"
    district.save()
    national = make_user("national_coordinator", Role.COORDINATOR)
    national.email = "pusat@example.org"
    national.save()
    no_email = make_user("quiet_coordinator", Role.COORDINATOR, regencies=["35.02"])
    officer = make_user("officer_with_email", Role.FIELD_OFFICER, districts=["35.02.17"])
    officer.email = "petugas@example.org"
    officer.save()
    escalate(ACK_BY + timedelta(days=1))
    assert {a.address for a in alerts()} == {
        coordinator.email,
        district.email,
        national.email,
    }
    assert no_email.pk and officer.pk


def test_a_ticket_without_a_village_goes_to_its_queue_s_coordinators(coordinator):
    ticket = ticket_submit(
        kind="help",
        description=DESCRIPTION,
        name=NAME,
        phone="0812 3456 7890",
        today=FRIDAY,
        now=at(FRIDAY, 10),
    )
    other = make_user("other_coordinator", Role.COORDINATOR, regencies=["35.02"])
    other.institution = make_institution("Dinas Sosial", "government")
    other.email = "dinsos@example.org"
    other.save()
    Ticket.objects.filter(pk=ticket.pk).update(institution=coordinator.institution)
    escalate(ACK_BY + timedelta(days=1))
    assert [a.address for a in alerts()] == [coordinator.email]


def test_admins_hear_when_no_coordinator_can(ticket, coordinator, personas):
    coordinator.email = ""
    coordinator.save()
    admin = personas["admin"]
    admin.email = "admin@example.org"
    admin.save()
    assert escalate(ACK_BY + timedelta(days=1)) == 1
    assert [a.address for a in alerts()] == [admin.email]


def test_escalated_even_when_nobody_can_be_emailed(ticket, coordinator):
    coordinator.email = ""
    coordinator.save()
    assert escalate(ACK_BY + timedelta(days=1)) == 1
    assert alerts() == []
    ticket.refresh_from_db()
    assert ticket.escalated_at is not None


def test_the_command_prints_a_count_only(coordinator):
    # Long past, whatever today's date is when the suite runs.
    old = ticket_submit(
        kind="complaint",
        description=DESCRIPTION,
        name=NAME,
        phone="0812 3456 7890",
        village=village(),
        today=date(2020, 1, 6),
        now=at(date(2020, 1, 6)),
    )
    out = StringIO()
    call_command("escalate_tickets", stdout=out)
    assert out.getvalue().strip() == "tickets escalated: 1"
    old.refresh_from_db()
    assert old.escalated_at is not None
    out = StringIO()
    call_command("escalate_tickets", stdout=out)
    assert out.getvalue().strip() == "tickets escalated: 0"
