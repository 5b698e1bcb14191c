"""Preparing messages for the outbox: reminders for cohort sessions.

Each reminder has a dedupe key naming the session, the person and the session's date, so
running the queue again never adds a second copy; a session moved to another date gets a
fresh reminder and the one with the old date is cancelled, as is the reminder of someone
who has left the cohort. Only returnees whose current consent covers contact by phone or
message are reminded.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import JSONField, OuterRef, Subquery
from django.utils import timezone

from purna.audit.models import AuditEvent
from purna.audit.services import audit_record
from purna.core.followup import (
    normalise_phone,
    reminder_due,
    session_reminder,
    village_label,
)
from purna.people.models import Consent
from purna.programme.models import CohortSession, Enrolment

from .models import OutboxMessage

SESSION_REMINDER = "session-reminder"


@dataclass(frozen=True)
class QueueResult:
    queued: list[OutboxMessage]  # new, or queued again after a cancellation
    cancelled: int  # reminders with an old date or for someone no longer enrolled
    without_phone: int
    without_consent: int


def _prefix(session: CohortSession) -> str:
    return f"{SESSION_REMINDER}:{session.pk}:"


def _key(session: CohortSession, person_id: int) -> str:
    return f"{_prefix(session)}{person_id}:{session.held_on:%Y%m%d}"


def _latest_scopes() -> Subquery:
    latest = Consent.objects.filter(person=OuterRef("person")).order_by("-given_on", "-id")
    return Subquery(latest.values("scopes")[:1], output_field=JSONField())


@transaction.atomic
def reminders_queue_for_session(
    session: CohortSession,
    *,
    today: date,
    now: datetime | None = None,
    actor=None,
    channel: str = "command",
) -> QueueResult:
    """Queue an Indonesian SMS reminder for each returnee enrolled in the session's cohort
    who has a phone number and consented to contact. Nothing for a session already past."""
    now = timezone.localtime(now or timezone.now())
    session = CohortSession.objects.select_related("cohort__module", "cohort__venue").get(
        pk=session.pk
    )
    cohort = session.cohort
    label = f"{cohort.name} #{session.number}"
    existing = {
        m.dedupe_key: m
        for m in OutboxMessage.objects.select_for_update().filter(
            dedupe_key__startswith=_prefix(session)
        )
    }
    wanted: dict[str, OutboxMessage] = {}
    without_phone = without_consent = 0
    if session.held_on >= today:
        body = session_reminder(
            number=session.number,
            module_name=cohort.module.name_id,
            on=session.held_on,
            place=village_label(cohort.venue.code, cohort.venue.name),
        )
        send_after = reminder_due(session.held_on, now)
        enrolments = (
            cohort.enrolments.filter(
                state=Enrolment.State.ENROLLED, person__withdrawn_on__isnull=True
            )
            .select_related("person")
            .annotate(scopes=_latest_scopes())
        )
        for enrolment in enrolments:
            person = enrolment.person
            address = normalise_phone(person.phone)
            if not address:
                without_phone += 1
                continue
            if Consent.Scope.CONTACT not in (enrolment.scopes or []):
                without_consent += 1
                continue
            key = _key(session, person.pk)
            wanted[key] = OutboxMessage(
                channel=OutboxMessage.Channel.SMS,
                recipient=person,
                address=address,
                language="id",
                body=body,
                send_after=send_after,
                dedupe_key=key,
                related_label=label,
            )

    new = [m for key, m in wanted.items() if key not in existing]
    # A concurrent run may have queued the same key meanwhile: the unique key keeps one.
    OutboxMessage.objects.bulk_create(new, ignore_conflicts=True)
    queued = list(OutboxMessage.objects.filter(dedupe_key__in=[m.dedupe_key for m in new]))
    changed = []
    for key, message in existing.items():
        fresh = wanted.get(key)
        if fresh is None:
            if message.state == OutboxMessage.State.QUEUED:
                message.state = OutboxMessage.State.CANCELLED
                changed.append(message)
            continue
        if message.state == OutboxMessage.State.CANCELLED:
            # Back in the cohort before the session: the reminder that was never sent
            # goes back in the queue (it is the same message, not a second one).
            message.state = OutboxMessage.State.QUEUED
            queued.append(message)
        elif message.state != OutboxMessage.State.QUEUED:
            continue  # sent or failed: delivery owns it now
        elif (message.body, message.address) == (fresh.body, fresh.address):
            continue
        message.body, message.address = fresh.body, fresh.address
        message.send_after = max(message.send_after, fresh.send_after)
        changed.append(message)
    OutboxMessage.objects.bulk_update(changed, ["state", "body", "address", "send_after"])
    cancelled = sum(m.state == OutboxMessage.State.CANCELLED for m in changed)
    if queued or cancelled:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=session,
            person_id=None,
            # Counts only: the trail is read by many, the numbers and texts are personal.
            changes={
                "reminders_queued": [None, len(queued)],
                "reminders_cancelled": [None, cancelled],
            },
            summary=label,
            channel=channel,
        )
    return QueueResult(queued, cancelled, without_phone, without_consent)


def reminders_queue_upcoming(
    *, today: date, days: int = 1, now: datetime | None = None
) -> list[tuple[CohortSession, QueueResult]]:
    """Queue reminders for every session in the next `days` days (tomorrow onwards: the
    command runs daily, so today's sessions were reminded yesterday)."""
    sessions = CohortSession.objects.filter(
        held_on__gt=today, held_on__lte=today + timedelta(days=days)
    ).order_by("held_on", "cohort_id", "number")
    return [(s, reminders_queue_for_session(s, today=today, now=now)) for s in sessions]
