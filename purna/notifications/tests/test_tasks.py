"""The background task through django-tasks' database backend and its `db_worker`."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from purna.notifications.models import OutboxMessage
from purna.notifications.outbox import message_queue
from purna.notifications.tasks import PAUSE, deliver_outbox, delivery_enqueue

TASK = "purna.notifications.tasks.deliver_outbox"


def queue(n=1, **fields):
    values = {
        "channel": "sms",
        "address": f"+62812345678{n:02d}",
        "body": f"Pengingat {n}",
        "dedupe_key": f"test:{n}",
    }
    values.update(fields)
    return message_queue(**values)


def waiting_runs():
    return DBTaskResult.objects.filter(task_path=TASK, status="READY")


@pytest.fixture
def worker(restore_signals):
    def run():
        call_command(
            "db_worker",
            verbosity=0,
            batch=True,
            interval=0,
            startup_delay=False,
            reload=False,
        )

    yield run
    for name in ("django_tasks_db", "django_tasks"):  # the command adds its own handlers
        for handler in list(logging.getLogger(name).handlers):
            logging.getLogger(name).removeHandler(handler)


@pytest.mark.django_db
def test_queueing_asks_for_one_run_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for n in (1, 2, 3):
                queue(n)
            assert not waiting_runs().exists()  # nothing before the commit
    assert len(callbacks) == 3
    (run,) = waiting_runs()  # one run, not three
    assert run.task_path == TASK


@pytest.mark.django_db
def test_a_later_run_does_not_stop_a_run_now():
    delivery_enqueue(at=timezone.now() + timedelta(hours=1))
    delivery_enqueue(at=timezone.now() + timedelta(hours=2))  # the 1 h run comes first
    assert waiting_runs().count() == 1
    delivery_enqueue()
    assert waiting_runs().count() == 2
    delivery_enqueue(at=timezone.now() + timedelta(minutes=5))  # the run now covers it
    assert waiting_runs().count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_what_was_queued(gateway, worker):
    message = queue()  # autocommit: the run is asked for at once
    assert waiting_runs().count() == 1
    worker()
    message.refresh_from_db()
    assert message.state == "sent"
    assert [r["headers"]["Idempotency-Key"] for r in gateway.requests] == [str(message.message_id)]
    (run,) = DBTaskResult.objects.filter(task_path=TASK)
    assert run.status == "SUCCESSFUL"
    assert run.return_value["sent"] == 1
    # The stored task holds counts only: no number, no text.
    stored = f"{run.args_kwargs} {run.return_value}"
    assert message.address not in stored and "Pengingat" not in stored
    assert not waiting_runs().exists()  # nothing left: no run booked


@pytest.mark.django_db(transaction=True)
def test_a_failed_attempt_books_the_next_run_for_its_retry(gateway, worker):
    gateway.fail_first = 1
    message = queue()
    worker()
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("queued", 1)
    (booked,) = waiting_runs()
    assert booked.run_after >= message.send_after
    assert booked.run_after >= timezone.now() + PAUSE - timedelta(seconds=5)
    worker()  # not due yet: the worker leaves it
    assert waiting_runs().count() == 1
    DBTaskResult.objects.filter(pk=booked.pk).update(run_after=timezone.now())
    OutboxMessage.objects.filter(pk=message.pk).update(send_after=timezone.now())
    worker()
    message.refresh_from_db()
    assert message.state == "sent" and len(gateway.accepted) == 1


@pytest.mark.django_db
def test_the_task_can_be_called_directly(gateway):
    queue()
    assert deliver_outbox.call()["sent"] == 1


@pytest.mark.django_db
def test_a_run_that_breaks_still_books_the_next(gateway, monkeypatch):
    from purna.notifications import tasks

    def database_away(**kwargs):
        raise ConnectionError("database away")

    queue()
    monkeypatch.setattr(tasks, "deliver_due", database_away)
    with pytest.raises(ConnectionError):
        deliver_outbox.call()
    (booked,) = waiting_runs()
    assert booked.run_after >= timezone.now() + PAUSE - timedelta(seconds=5)
