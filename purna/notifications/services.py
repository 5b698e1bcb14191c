"""Preparing messages for the outbox: reminders for cohort sessions (through
`outbox.message_queue`, like every message).

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
from purna.core.followup import reminder_due, village_label
from purna.people.models import Consent
from purna.programme.models import CohortSession, Enrolment

from .models import OutboxMessage
from .outbox import message_queue, phone_address
from .texts import session_reminder

SESSION_REMINDER = "session-reminder"
# Returnees have no language of their own in Purna yet: their reminders are in Indonesian.
LANGUAGE = "id"


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
    """Queue an SMS reminder in the returnee's language (Indonesian) for each returnee
    enrolled in the session's cohort who has a phone number and consented to contact.
    Nothing for a session already past."""
    now = timezone.localtime(now or timezone.now())
    session = CohortSession.objects.select_related("cohort__module", "cohort__venue").get(
        pk=session.pk
    )
    cohort = session.cohort
    label = f"{cohort.name} #{session.number}"
    existing = set(
        OutboxMessage.objects.select_for_update()
        .filter(dedupe_key__startswith=_prefix(session))
        .values_list("dedupe_key", flat=True)
    )
    wanted: set[str] = set()
    queued: list[OutboxMessage] = []
    without_phone = without_consent = 0
    if session.held_on >= today:
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
            address = phone_address(person.phone)
            if not address:
                without_phone += 1
                continue
            if Consent.Scope.CONTACT not in (enrolment.scopes or []):
                without_consent += 1
                continue
            key = _key(session, person.pk)
            wanted.add(key)
            message = message_queue(
                channel=OutboxMessage.Channel.SMS,
                recipient=person,
                address=address,
                language=LANGUAGE,
                body=session_reminder(
                    language=LANGUAGE,
                    number=session.number,
                    module_name=cohort.module.name_id,
                    on=session.held_on,
                    place=village_label(cohort.venue.code, cohort.venue.name),
                ),
                send_after=send_after,
                dedupe_key=key,
                related_label=label,
            )
            if message is not None:  # new, or back in the queue after a cancellation
                queued.append(message)

    # Someone who left the cohort, or a session moved to another day (the key holds the
    # date): the reminder not sent yet is cancelled. Sent or failed ones stay as they are.
    cancelled = OutboxMessage.objects.filter(
        dedupe_key__in=existing - wanted, state=OutboxMessage.State.QUEUED
    ).update(state=OutboxMessage.State.CANCELLED)
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
