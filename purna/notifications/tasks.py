"""The background task that delivers the outbox, run by `purna db_worker`.

The worker has no clock of its own: a run is asked for when a message is queued (on
commit, see `outbox.message_queue`), and each run books the next one for the earliest
retry or lease end. `purna deliver-messages` from cron is the safety net that needs no
worker (see docs/operations.md, "Messages").
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

try:  # Django 6 has the tasks API built in; the backport is the same API
    from django.tasks import task
except ImportError:
    from django_tasks import task

from .delivery import deliver_due, next_due

# A run that found nothing more to do right now books the next one at least this late, so
# a channel that keeps failing is tried once a minute, not in a tight loop.
PAUSE = timedelta(minutes=1)


@task()
def deliver_outbox() -> dict:
    """Deliver the due messages, then book the next run, even after an error (the database
    was away, say), so the chain of runs does not break. Returns counts only: the task's
    result is stored in the database, never an address or a text."""
    report = None
    try:
        report = deliver_due()
        return report.as_dict()
    finally:
        if report is not None and report.more:
            delivery_enqueue()
        elif (when := next_due()) is not None:
            delivery_enqueue(at=max(when, timezone.now() + PAUSE))


def delivery_enqueue(*, at: datetime | None = None) -> None:
    """Ask the worker for a delivery run at `at` (as soon as possible when None), unless a
    run already waits that will start by then."""
    if at is not None and at <= timezone.now():
        at = None
    if _run_waiting(by=at or timezone.now()):
        return
    (deliver_outbox if at is None else deliver_outbox.using(run_after=at)).enqueue()


def _run_waiting(*, by: datetime) -> bool:
    from django_tasks_db.backend import DatabaseBackend

    backend = deliver_outbox.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    from django_tasks_db.models import DBTaskResult, get_date_max

    return (
        DBTaskResult.objects.filter(
            backend_name=backend.alias, task_path=deliver_outbox.module_path, status="READY"
        )
        .filter(Q(run_after=get_date_max()) | Q(run_after__lte=by))
        .exists()
    )
