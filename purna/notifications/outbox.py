"""Putting messages in the outbox: the one way every part of Purna sends a message.

Call `message_queue` inside the transaction of the change the message reports: both are
kept or neither. The row is the durable part; when the transaction commits a delivery run
is asked for (`tasks.delivery_enqueue`), and if that request is lost the next run or
`purna deliver-messages` still finds the row.

Callers audit in their own terms (counts or the fact of an invitation): an address or a
text never goes into the audit trail.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from purna.audit.models import AuditEvent
from purna.audit.services import audit_record
from purna.core.followup import normalise_phone

from .models import OutboxMessage
from .tasks import delivery_enqueue
from .texts import languages

State = OutboxMessage.State
PHONE = re.compile(r"^\+[1-9]\d{6,14}$")  # E.164: at most 15 digits


def phone_address(phone: str) -> str:
    """The number a message can go to (+62...), or "" when there is none that could be
    dialled: callers count those as "without phone" instead of failing their change."""
    address = normalise_phone(phone)
    return address if PHONE.match(address) else ""


def _check(*, channel, address, body, subject, language, dedupe_key) -> None:
    if channel not in OutboxMessage.Channel.values:
        raise ValidationError({"channel": _("Unknown channel %(value)s.") % {"value": channel}})
    if channel == OutboxMessage.Channel.EMAIL:
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError({"address": _("Enter a valid email address.")}) from None
    elif not PHONE.match(address):
        raise ValidationError(
            {"address": _("A phone number in international form (+62...) is needed.")}
        )
    if not body.strip():
        raise ValidationError({"body": _("A message needs a text.")})
    if len(subject) > 200:
        raise ValidationError({"subject": _("A subject of at most 200 characters is needed.")})
    if language not in languages():
        raise ValidationError({"language": _("Unknown language %(value)s.") % {"value": language}})
    if not dedupe_key or len(dedupe_key) > 200:
        raise ValidationError({"dedupe_key": _("A key of 1 to 200 characters is needed.")})


def delivery_on_commit() -> None:
    # robust: a lost request must not turn the committed change into an error page; the
    # message is in the outbox and the next run delivers it.
    transaction.on_commit(delivery_enqueue, robust=True)


@transaction.atomic
def message_queue(
    *,
    channel: str,
    address: str,
    body: str,
    subject: str = "",
    language: str = "id",
    dedupe_key: str,
    recipient=None,
    related_label: str = "",
    send_after=None,
) -> OutboxMessage | None:
    """Queue a message; the message if this call put it in the queue, else None.

    One `dedupe_key` is one message, whatever happens:
    - a new key: a new queued message (returned);
    - still queued: text, address, subject and label brought up to date, `send_after`
      only moved later (a retry's backoff is kept); None;
    - cancelled: queued again, the same row and message id (returned);
    - sending, sent or failed: delivery owns it, nothing changes; None.
    """
    _check(
        channel=channel,
        address=address,
        body=body,
        subject=subject,
        language=language,
        dedupe_key=dedupe_key,
    )
    fields = {
        "channel": channel,
        "address": address,
        "body": body,
        "subject": subject,
        "language": language,
        "recipient": recipient,
        "related_label": related_label[:200],
    }
    message = OutboxMessage.objects.select_for_update().filter(dedupe_key=dedupe_key).first()
    if message is None:
        try:
            with transaction.atomic():
                message = OutboxMessage.objects.create(
                    dedupe_key=dedupe_key, send_after=send_after or timezone.now(), **fields
                )
        except IntegrityError:
            if not OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
                raise
            return None  # a concurrent transaction queued the same key first
        delivery_on_commit()
        return message
    if message.state == State.QUEUED:
        for name, value in fields.items():
            setattr(message, name, value)
        if send_after is not None:
            message.send_after = max(message.send_after, send_after)
        message.save(update_fields=[*fields, "send_after"])
        return None
    if message.state != State.CANCELLED:
        return None
    for name, value in fields.items():
        setattr(message, name, value)
    message.state = State.QUEUED
    message.send_after = send_after or timezone.now()
    message.attempts, message.last_error = 0, ""
    message.claimed_until = message.sent_at = None
    message.save()
    delivery_on_commit()
    return message


@transaction.atomic
def message_retry(*, actor, message: OutboxMessage) -> OutboxMessage:
    """A failed message back in the queue, due now, with its attempts counted afresh."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.state != State.FAILED:
        raise ValidationError(
            {
                "state": _("Only a failed message can be retried; this one is %(state)s.")
                % {"state": message.get_state_display()}
            }
        )
    attempts = message.attempts
    message.state, message.attempts = State.QUEUED, 0
    message.send_after = timezone.now()
    message.save(update_fields=["state", "attempts", "send_after"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=message,
        person_id=message.recipient_id,
        # States and counts only: never the address or the text.
        changes={"state": [State.FAILED.value, State.QUEUED.value], "attempts": [attempts, 0]},
        summary=str(message),
    )
    delivery_on_commit()
    return message
