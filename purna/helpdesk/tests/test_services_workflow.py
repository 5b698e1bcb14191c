"""A ticket's life after it is opened: states, conversation, assignment, reopening and the
rating, and what each leaves in the audit trail and the outbox."""

import json
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from purna.accounts.models import Role
from purna.audit.models import AuditEvent
from purna.helpdesk.models import Message, State, Ticket
from purna.helpdesk.services import (
    ticket_assign,
    ticket_note,
    ticket_rate,
    ticket_reopen,
    ticket_reply,
    ticket_submit,
    ticket_submitter_message,
    ticket_transition,
)
from purna.notifications.models import OutboxMessage
from tests.factories import PACITAN, make_institution, make_user, village

pytestmark = pytest.mark.django_db

FRIDAY = date(2026, 8, 14)
MONDAY = date(2026, 8, 24)
DESCRIPTION = "Suami saya memukul saya setiap kali saya minta uang untuk sekolah anak"
REPLY = "Kami sudah menghubungi unit PPA Polres Ponorogo untuk pendampingan Ibu"
NOTE = "Korban minta tidak dihubungi lewat telepon rumah"


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def ticket(db) -> Ticket:
    return ticket_submit(
        kind="abuse",
        description=DESCRIPTION,
        name="Ibu Lestari",
        phone="0812 3456 7890",
        village=village(),
        source="203.0.113.7",
        today=FRIDAY,
        now=at(FRIDAY),
    )


def move(ticket, *states, actor=None, today=MONDAY) -> Ticket:
    for state in states:
        ticket = ticket_transition(actor=actor, ticket=ticket, state=state, today=today)
    return ticket


def stored_texts() -> list[str]:
    audit = [json.dumps(e.changes) + e.summary for e in AuditEvent.objects.all()]
    outbox = [m.body + m.subject + m.related_label for m in OutboxMessage.objects.all()]
    return audit + outbox


def submitter_messages(ticket) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.exclude(dedupe_key=f"ticket-code:{ticket.pk}").order_by("id"))


# States


def test_acknowledging_stamps_the_time(ticket, personas):
    ticket = move(ticket, "acknowledged", actor=personas["coordinator"])
    assert ticket.state == State.ACKNOWLEDGED
    assert timezone.localdate(ticket.acknowledged_at) == MONDAY
    event = AuditEvent.objects.filter(entity="ticket", action="update").get()
    assert event.changes["state"] == ["new", "acknowledged"]
    assert event.actor == personas["coordinator"]
    assert event.person_id is None  # sensitive: never on a person's trail


def test_any_step_out_of_new_acknowledges(ticket):
    ticket = move(ticket, "in_progress")
    assert ticket.acknowledged_at is not None
    assert ticket_transition(actor=None, ticket=ticket, state="waiting").acknowledged_at == (
        ticket.acknowledged_at
    )


def test_resolving_and_closing(ticket):
    ticket = move(ticket, "acknowledged", "in_progress", "resolved")
    assert timezone.localdate(ticket.resolved_at) == MONDAY
    (message,) = submitter_messages(ticket)
    assert message.dedupe_key == f"ticket-resolved:{ticket.pk}:0"
    assert ticket.code in message.body
    ticket = move(ticket, "closed")
    assert ticket.closed_at is not None and ticket.resolved_at is not None
    assert len(submitter_messages(ticket)) == 1


@pytest.mark.parametrize(
    "path, refused",
    [
        ((), "waiting"),
        (("acknowledged",), "new"),
        (("acknowledged", "in_progress"), "acknowledged"),
        (("closed",), "resolved"),
        ((), "lost"),
    ],
)
def test_invalid_transitions_change_nothing(ticket, path, refused):
    ticket = move(ticket, *path)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        move(ticket, refused)
    assert "state" in error.value.message_dict
    ticket.refresh_from_db()
    assert ticket.state == (path[-1] if path else "new")
    assert AuditEvent.objects.count() == events


def test_the_service_reads_the_current_state_not_a_stale_copy(ticket):
    stale = Ticket.objects.get(pk=ticket.pk)
    move(ticket, "closed")
    with pytest.raises(ValidationError):
        move(stale, "acknowledged")  # the stale copy still says "new"


# Conversation


def test_a_reply_acknowledges_a_new_ticket_and_tells_the_submitter_without_its_text(
    ticket, personas
):
    message = ticket_reply(actor=personas["coordinator"], ticket=ticket, body=f"  {REPLY}  ")
    assert message.kind == Message.Kind.REPLY and message.body == REPLY
    ticket.refresh_from_db()
    assert ticket.state == State.ACKNOWLEDGED and ticket.acknowledged_at is not None
    (notice,) = submitter_messages(ticket)
    assert notice.dedupe_key == f"ticket-reply:{message.pk}"
    assert notice.channel == "sms" and ticket.code in notice.body
    for secret in (REPLY, DESCRIPTION, "Lestari", "7890"):
        assert not any(secret in text for text in stored_texts())


def test_a_reply_to_a_ticket_in_progress_keeps_its_state(ticket, personas):
    ticket = move(ticket, "in_progress")
    ticket_reply(actor=personas["coordinator"], ticket=ticket, body=REPLY)
    ticket.refresh_from_db()
    assert ticket.state == State.IN_PROGRESS


def test_no_reply_to_a_closed_ticket(ticket, personas):
    ticket = move(ticket, "closed")
    with pytest.raises(ValidationError) as error:
        ticket_reply(actor=personas["coordinator"], ticket=ticket, body=REPLY)
    assert "body" in error.value.message_dict
    assert not Message.objects.exists()


def test_an_internal_note_tells_nobody_and_acknowledges_nothing(ticket, personas):
    note = ticket_note(actor=personas["coordinator"], ticket=ticket, body=NOTE)
    assert note.kind == Message.Kind.NOTE and note.author == personas["coordinator"]
    ticket.refresh_from_db()
    assert ticket.state == State.NEW
    assert submitter_messages(ticket) == []
    event = AuditEvent.objects.get(entity="message")
    assert event.changes == {
        "ticket": [None, ticket.pk],
        "kind": [None, "note"],
        "attachments": [None, 0],
    }


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001])
def test_an_empty_or_huge_message_is_refused(ticket, personas, body):
    with pytest.raises(ValidationError) as error:
        ticket_note(actor=personas["coordinator"], ticket=ticket, body=body)
    assert "body" in error.value.message_dict


def test_the_submitter_answers_a_ticket_waiting_for_them(ticket):
    ticket = move(ticket, "acknowledged", "waiting")
    message = ticket_submitter_message(ticket=ticket, body="Ini foto KTP saya sudah saya kirim")
    assert message.kind == Message.Kind.SUBMITTER and message.author is None
    ticket.refresh_from_db()
    assert ticket.state == State.IN_PROGRESS


def test_the_submitter_reopens_rather_than_writes_to_a_resolved_ticket(ticket):
    ticket = move(ticket, "in_progress", "resolved")
    with pytest.raises(ValidationError):
        ticket_submitter_message(ticket=ticket, body="Masih belum selesai")
    assert not Message.objects.exists()


# Assignment


def test_assigning_within_the_area(ticket, personas):
    queue = make_institution("Dinas Sosial Ponorogo", "government")
    officer = personas["field_officer"]
    ticket = ticket_assign(
        actor=personas["coordinator"], ticket=ticket, assignee=officer, institution=queue
    )
    assert (ticket.assignee, ticket.institution) == (officer, queue)
    event = AuditEvent.objects.get(entity="ticket", action="update")
    assert event.changes == {"assignee": [None, officer.pk], "institution": [None, queue.pk]}
    # None clears, exactly as given.
    ticket = ticket_assign(actor=personas["coordinator"], ticket=ticket)
    assert ticket.assignee is None and ticket.institution is None


def test_assigning_again_to_the_same_writes_nothing(ticket, personas):
    ticket_assign(actor=personas["admin"], ticket=ticket, assignee=personas["field_officer"])
    ticket_assign(actor=personas["admin"], ticket=ticket, assignee=personas["field_officer"])
    assert AuditEvent.objects.filter(entity="ticket", action="update").count() == 1


@pytest.mark.parametrize("persona", ["outsider", "viewer", "peer_mentor"])
def test_not_to_someone_outside_the_area_or_without_a_working_role(ticket, personas, persona):
    with pytest.raises(ValidationError) as error:
        ticket_assign(actor=personas["admin"], ticket=ticket, assignee=personas[persona])
    assert "assignee" in error.value.message_dict
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_not_to_an_inactive_user(ticket, personas):
    officer = personas["field_officer"]
    officer.is_active = False
    officer.save()
    with pytest.raises(ValidationError):
        ticket_assign(actor=personas["admin"], ticket=ticket, assignee=officer)


def test_a_ticket_without_a_village_may_go_to_anyone_on_staff(personas):
    ticket = ticket_submit(
        kind="help", description="Butuh modal", name="Pak Budi", phone="0813 2222 3333"
    )
    outsider = personas["outsider"]
    assert ticket_assign(actor=personas["admin"], ticket=ticket, assignee=outsider).assignee == (
        outsider
    )


def test_national_staff_cover_every_village(ticket, personas):
    national = make_user("national_officer", Role.FIELD_OFFICER)
    assert ticket_assign(actor=personas["admin"], ticket=ticket, assignee=national).assignee
    pacitan = make_user("pacitan_coordinator", Role.COORDINATOR, regencies=[PACITAN])
    with pytest.raises(ValidationError):
        ticket_assign(actor=personas["admin"], ticket=ticket, assignee=pacitan)


# Reopening


def resolved(ticket, on=MONDAY) -> Ticket:
    return move(ticket, "in_progress", "resolved", today=on)


def test_the_submitter_reopens_within_thirty_days(ticket):
    ticket = resolved(ticket)
    ticket = ticket_reopen(
        ticket=ticket, reason="Bantuan belum sampai", today=MONDAY + timedelta(days=30)
    )
    assert ticket.state == State.IN_PROGRESS
    assert ticket.reopened == 1
    assert ticket.resolved_at is None
    # A fresh resolution deadline: 14 working days from Wednesday 23 September.
    assert ticket.resolve_by == date(2026, 10, 13)
    message = ticket.messages.get()
    assert message.kind == Message.Kind.SUBMITTER and message.body == "Bantuan belum sampai"
    event = AuditEvent.objects.filter(entity="ticket").latest("id")
    assert event.changes["reopened"] == [0, 1] and event.actor is None


def test_not_after_thirty_days(ticket):
    ticket = resolved(ticket)
    with pytest.raises(ValidationError) as error:
        ticket_reopen(ticket=ticket, reason="Masih", today=MONDAY + timedelta(days=31))
    assert "state" in error.value.message_dict
    ticket.refresh_from_db()
    assert ticket.state == State.RESOLVED and not ticket.messages.exists()


def test_a_closed_ticket_counts_from_its_resolution(ticket):
    ticket = move(resolved(ticket), "closed", today=MONDAY + timedelta(days=20))
    with pytest.raises(ValidationError):
        ticket_reopen(ticket=ticket, reason="Masih", today=MONDAY + timedelta(days=31))
    ticket = ticket_reopen(ticket=ticket, reason="Masih", today=MONDAY + timedelta(days=29))
    assert ticket.state == State.IN_PROGRESS and ticket.closed_at is None


def test_staff_reopen_through_a_transition_or_with_a_note(ticket, personas):
    ticket = resolved(ticket)
    ticket = move(ticket, "in_progress", today=MONDAY + timedelta(days=3))
    assert ticket.reopened == 1
    ticket = move(ticket, "resolved", today=MONDAY + timedelta(days=4))
    # The second resolution tells the submitter again.
    assert {m.dedupe_key for m in submitter_messages(ticket)} == {
        f"ticket-resolved:{ticket.pk}:0",
        f"ticket-resolved:{ticket.pk}:1",
    }
    ticket = ticket_reopen(
        ticket=ticket, actor=personas["coordinator"], reason=NOTE, today=MONDAY + timedelta(5)
    )
    assert ticket.reopened == 2
    assert ticket.messages.get().kind == Message.Kind.NOTE
    ticket = move(ticket, "resolved", today=MONDAY + timedelta(days=6))
    with pytest.raises(ValidationError) as error:
        move(ticket, "in_progress", today=MONDAY + timedelta(days=37))
    assert "state" in error.value.message_dict
    assert move(ticket, "in_progress", today=MONDAY + timedelta(days=36)).reopened == 3


def test_an_open_ticket_is_not_reopened(ticket):
    with pytest.raises(ValidationError):
        ticket_reopen(ticket=ticket, reason="?", today=MONDAY)


def test_reopening_needs_a_reason(ticket):
    ticket = resolved(ticket)
    with pytest.raises(ValidationError) as error:
        ticket_reopen(ticket=ticket, reason="  ", today=MONDAY)
    assert "reason" in error.value.message_dict


# Rating


def test_rating_once_after_resolution(ticket):
    with pytest.raises(ValidationError):
        ticket_rate(ticket=ticket, satisfaction=5)
    ticket = resolved(ticket)
    ticket = ticket_rate(ticket=ticket, satisfaction=4, comment="Cepat ditanggapi")
    assert (ticket.satisfaction, ticket.satisfaction_comment) == (4, "Cepat ditanggapi")
    event = AuditEvent.objects.filter(entity="ticket").latest("id")
    assert event.changes == {"satisfaction": [None, 4]}  # not the comment
    with pytest.raises(ValidationError) as error:
        ticket_rate(ticket=ticket, satisfaction=1)
    assert "satisfaction" in error.value.message_dict
    ticket.refresh_from_db()
    assert ticket.satisfaction == 4


def test_a_closed_ticket_that_was_resolved_may_be_rated(ticket):
    ticket = move(resolved(ticket), "closed")
    assert ticket_rate(ticket=ticket, satisfaction=3).satisfaction == 3


def test_a_ticket_closed_without_resolution_is_not_rated(ticket):
    ticket = move(ticket, "closed")
    with pytest.raises(ValidationError):
        ticket_rate(ticket=ticket, satisfaction=1)


@pytest.mark.parametrize("value", [0, 6, -1, True, "5", 4.5, None])
def test_ratings_are_one_to_five(ticket, value):
    ticket = resolved(ticket)
    with pytest.raises(ValidationError) as error:
        ticket_rate(ticket=ticket, satisfaction=value)
    assert "satisfaction" in error.value.message_dict
    ticket.refresh_from_db()
    assert ticket.satisfaction is None


def test_a_whole_conversation_leaves_no_content_in_the_trail_or_the_outbox(ticket, personas):
    coordinator = personas["coordinator"]
    ticket_note(actor=coordinator, ticket=ticket, body=NOTE)
    ticket_reply(actor=coordinator, ticket=ticket, body=REPLY)
    ticket = move(ticket, "waiting")
    ticket_submitter_message(ticket=ticket, body="Saya takut pulang ke rumah")
    ticket = move(ticket, "resolved")
    ticket_rate(ticket=ticket, satisfaction=5, comment="Terima kasih banyak, Bu Rina")
    ticket_reopen(ticket=ticket, reason="Dia datang lagi tadi malam", today=MONDAY)
    texts = stored_texts()
    assert len(texts) > 8
    for secret in (
        DESCRIPTION,
        NOTE,
        REPLY,
        "Saya takut",
        "Terima kasih",
        "datang lagi",
        "Lestari",
        "3456",
        "7890",
    ):
        assert not any(secret in text for text in texts), secret
