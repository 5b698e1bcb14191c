"""`now=` on the services that stamp a ticket's history: a ticket's past (the demo's, or a
test's) is written at the time it happened, not stamped now and corrected afterwards."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from purna.core import tickets as rules
from purna.helpdesk.models import Message, State
from purna.helpdesk.services import (
    holidays_for,
    ticket_create,
    ticket_note,
    ticket_reopen,
    ticket_reply,
    ticket_submitter_message,
    ticket_transition,
)
from tests.factories import village

from .screen_helpers import at

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


def holidays(day: date) -> set[date]:
    return holidays_for(day, day + timedelta(days=120))


def test_a_history_written_at_past_times(personas):
    staff = personas["coordinator"]
    ticket = ticket_create(
        actor=staff,
        channel="phone",
        kind="complaint",
        description="Bantuan alat belum diterima",
        name="Bu Tini",
        phone="0812 5555 0101",
        village=village(),
        now=at(MONDAY, 9),
    )
    assert ticket.created_at == at(MONDAY, 9)
    # The deadlines count from the day of `now`, over that season's holidays.
    assert (ticket.acknowledge_by, ticket.resolve_by) == rules.deadlines(
        "complaint", MONDAY, holidays(MONDAY)
    )
    reply = ticket_reply(actor=staff, ticket=ticket, body="Kami cek", now=at(MONDAY, 11))
    ticket_transition(actor=staff, ticket=ticket, state=State.WAITING, now=at(MONDAY, 12))
    answer = ticket_submitter_message(ticket=ticket, body="Sudah saya kirim", now=at(MONDAY, 15))
    note = ticket_note(actor=staff, ticket=ticket, body="Diteruskan", now=at(MONDAY, 16))
    ticket = ticket_transition(
        actor=staff, ticket=ticket, state=State.RESOLVED, now=at(date(2026, 3, 3), 10)
    )
    assert ticket.acknowledged_at == at(MONDAY, 11)  # the reply acknowledged it
    assert ticket.resolved_at == at(date(2026, 3, 3), 10)
    assert [reply.created_at, answer.created_at, note.created_at] == [
        at(MONDAY, 11),
        at(MONDAY, 15),
        at(MONDAY, 16),
    ]
    reopened = ticket_reopen(ticket=ticket, reason="Belum beres", now=at(date(2026, 3, 9), 8))
    # A fresh resolution deadline counted from the day of `now`, and the reason stamped then.
    assert reopened.resolve_by == rules.resolve_by_after_reopening(
        "complaint", date(2026, 3, 9), holidays(date(2026, 3, 9))
    )
    assert Message.objects.latest("id").created_at == at(date(2026, 3, 9), 8)
    # Without `now`, the current time, as before.
    later = ticket_note(actor=staff, ticket=ticket, body="Hari ini")
    assert abs((timezone.now() - later.created_at).total_seconds()) < 60
