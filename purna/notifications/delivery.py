"""Delivering the outbox: claim a due message, send it, record what happened.

Guarantees, and their limits:

- Never lost. A message is a row written with the change it reports; it leaves `queued`
  only to be sent, and a failure puts it back with a later `send_after` (backoff) until
  MAX_ATTEMPTS, then `failed`, visible on the outbox screen with a "retry now" button.
  A channel with no server configured is not attempted at all: its messages wait, queued,
  with the reason in `last_error`.
- Never claimed twice. A worker claims one message at a time with a conditional UPDATE
  (state queued and due, or sending with an expired lease; and `attempts` still what it
  read) that moves it to `sending`, increments `attempts` and sets a lease. Two workers
  cannot both win that UPDATE; on PostgreSQL the candidate is read with
  SELECT ... FOR UPDATE SKIP LOCKED so workers do not queue behind each other, SQLite
  serialises writers anyway. The result is recorded with the same condition on `attempts`,
  so a worker whose lease ran out cannot overwrite the outcome of the worker that took over.
- At least once, not exactly once. A worker that dies after the receiver accepted a message
  but before recording it leaves the message `sending`; after the lease it is sent again.
  No protocol can rule that out against an SMTP server or a gateway we do not control, so
  every copy carries the same `message_id` (SMTP Message-ID, HTTP Idempotency-Key) for the
  receiver to drop the second one. The lease is far longer than a send can take (the
  SMTP and HTTP timeouts), so a live worker is not overtaken.

No transaction is open while a message is on the wire: a slow server never holds a lock.
"""

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from .channels import DeliveryError, configured_channels, not_configured_reason, send
from .models import OutboxMessage

logger = logging.getLogger(__name__)

State = OutboxMessage.State
LEASE = timedelta(minutes=5)
# Waits after the 1st, 2nd... failed attempt; after the last one the message is failed.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
BATCH = 100
WORKER_DIED = "a worker stopped while sending it; it may have arrived"


def retry_delay(attempts: int) -> timedelta | None:
    """How long to wait after the `attempts`-th failed attempt; None: give up."""
    if 1 <= attempts <= len(RETRY_DELAYS):
        return RETRY_DELAYS[attempts - 1]
    return None


@dataclass
class DeliveryReport:
    """Counts only: what a run did, safe to print and to keep as a task's result."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    waiting_for_configuration: int = 0
    more: bool = False  # stopped at the limit with messages still due

    def as_dict(self) -> dict:
        return asdict(self)


def due_q(now: datetime) -> Q:
    return Q(state=State.QUEUED, send_after__lte=now) | Q(
        state=State.SENDING, claimed_until__lt=now
    )


def deliver_due(*, now: datetime | None = None, limit: int = BATCH) -> DeliveryReport:
    """Send up to `limit` due messages, one claim at a time. One message's failure never
    stops the run; a channel whose server is down is left alone for the rest of the run.
    `now` freezes the clock (tests); by default each claim reads the time afresh."""
    report = DeliveryReport()
    channels = configured_channels()
    report.waiting_for_configuration = _hold_unconfigured(
        now or timezone.now(), set(OutboxMessage.Channel.values) - channels
    )
    for _ in range(limit):
        at = now or timezone.now()
        message = claim_next(now=at, channels=channels)
        if message is None:
            break
        if message.attempts > MAX_ATTEMPTS:  # reclaimed from a dead worker once too often
            _record(message, state=State.FAILED, last_error=WORKER_DIED)
            report.failed += 1
            continue
        try:
            send(message)
        except DeliveryError as exc:
            if exc.channel_down:
                channels.discard(message.channel)
            failed = _record_failure(message, at, exc.reason, permanent=exc.permanent)
        except Exception as exc:  # a bug must not stop the batch; the class name only
            failed = _record_failure(message, at, f"unexpected error ({type(exc).__name__})")
        else:
            _record(message, state=State.SENT, sent_at=now or timezone.now(), last_error="")
            report.sent += 1
            continue
        if failed:
            report.failed += 1
        else:
            report.retrying += 1
    else:
        report.more = claim_candidates(now or timezone.now(), channels).exists()
    return report


def claim_candidates(now: datetime, channels: set[str]):
    return OutboxMessage.objects.filter(due_q(now), channel__in=channels)


def claim_next(*, now: datetime, channels: set[str]) -> OutboxMessage | None:
    """The next due message, now `sending` and ours until the lease ends; None when
    nothing is due. Losing a race to another worker just moves on to the next one."""
    if not channels:
        return None
    due = claim_candidates(now, channels)
    for _race in range(10):
        with transaction.atomic():
            candidates = due.order_by("send_after", "pk").only("pk", "attempts")
            if connection.features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            candidate = candidates.first()
            if candidate is None:
                return None
            won = due.filter(pk=candidate.pk, attempts=candidate.attempts).update(
                state=State.SENDING, attempts=F("attempts") + 1, claimed_until=now + LEASE
            )
        if won:
            return OutboxMessage.objects.get(pk=candidate.pk)
    return None


def _record(message: OutboxMessage, **fields) -> bool:
    """Record the outcome of our claim, unless another worker has claimed it since."""
    mine = OutboxMessage.objects.filter(
        pk=message.pk, state=State.SENDING, attempts=message.attempts
    ).update(claimed_until=None, **fields)
    if not mine:
        logger.warning("outbox message %s: claimed by another worker meanwhile", message.pk)
    return bool(mine)


def _record_failure(message: OutboxMessage, at: datetime, reason: str, *, permanent=False) -> bool:
    """Back to the queue with a backoff, or failed: True when failed."""
    logger.warning("outbox message %s, attempt %s: %s", message.pk, message.attempts, reason)
    delay = None if permanent else retry_delay(message.attempts)
    if delay is None:
        _record(message, state=State.FAILED, last_error=reason[:500])
        return True
    _record(message, state=State.QUEUED, send_after=at + delay, last_error=reason[:500])
    return False


def _hold_unconfigured(now: datetime, channels: set[str]) -> int:
    """Messages of channels with no server configured stay queued, untouched but for the
    reason shown on the screen; they go out once the channel is configured. A message
    left `sending` by a dead worker goes back to the queue too. Returns how many wait."""
    waiting = 0
    for channel in sorted(channels):
        reason = not_configured_reason(channel)
        OutboxMessage.objects.filter(
            channel=channel, state=State.SENDING, claimed_until__lt=now
        ).update(state=State.QUEUED, claimed_until=None, last_error=reason)
        due = OutboxMessage.objects.filter(channel=channel, state=State.QUEUED, send_after__lte=now)
        due.exclude(last_error=reason).update(last_error=reason)
        waiting += due.count()
    return waiting


def next_due() -> datetime | None:
    """When a delivery run next has something to do: the earliest `send_after` of a
    queued message on a configured channel, or the end of a lease."""
    channels = configured_channels()
    if not channels:
        return None
    mine = OutboxMessage.objects.filter(channel__in=channels)
    # Two queries, each on the (state, send_after) index, rather than one scan of the table.
    found = [
        mine.filter(state=State.QUEUED).aggregate(t=Min("send_after"))["t"],
        mine.filter(state=State.SENDING).aggregate(t=Min("claimed_until"))["t"],
    ]
    found = [t for t in found if t is not None]
    return min(found) if found else None
