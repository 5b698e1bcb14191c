"""SMS and WhatsApp through a real HTTP gateway on 127.0.0.1 that fails, then recovers:
nothing lost, nothing doubled; a worker that dies mid-batch; two workers at once."""

import json
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from purna.notifications import delivery
from purna.notifications.channels import gateway_body
from purna.notifications.delivery import (
    LEASE,
    MAX_ATTEMPTS,
    claim_next,
    deliver_due,
    next_due,
)
from purna.notifications.models import OutboxMessage

from .conftest import free_port, make_message

pytestmark = pytest.mark.django_db


def run_until_done(start, *, rounds=20):
    """Delivery runs as the worker books them: each at the next message's due time."""
    now = start
    for _ in range(rounds):
        deliver_due(now=now)
        when = next_due()
        if when is None:
            return now
        now = max(now + timedelta(seconds=1), when)
    raise AssertionError(f"messages still due after {rounds} runs")


def test_the_gateway_gets_the_template_the_key_and_the_header(gateway, settings):
    settings.PURNA_GATEWAY_BODY = (
        '{"msisdn": "{to}", "message": "{text}", "type": "{channel}", "ref": "{message_id}"}'
    )
    text = 'Tiket "PMI-7Q4K": balasan baru.\nBuka {to} – terima kasih'
    message = make_message(channel="whatsapp", body=text)
    assert deliver_due(now=timezone.now()).sent == 1
    (request,) = gateway.requests
    assert request["path"] == "/send/whatsapp"
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["headers"]["Idempotency-Key"] == str(message.message_id)
    assert request["headers"]["Content-Type"].startswith("application/json")
    # Values are JSON-escaped into the template; "{to}" inside the text stays as written.
    assert json.loads(request["body"]) == {
        "msisdn": "+6281234567801",
        "message": text,
        "type": "whatsapp",
        "ref": str(message.message_id),
    }
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 1)


def test_fails_then_recovers_nothing_lost_nothing_doubled(gateway):
    gateway.fail_first = 3  # HTTP 500 three times, then the gateway is back
    messages = [make_message(n, channel="sms" if n % 2 else "whatsapp") for n in range(1, 6)]
    run_until_done(timezone.now())
    ids = {str(m.message_id) for m in messages}
    assert set(gateway.accepted) == ids  # every message arrived...
    posts = [r["headers"]["Idempotency-Key"] for r in gateway.requests]
    assert len(posts) == 5 + 3  # ...each accepted once, after three refused requests
    assert gateway.duplicates == []
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
    assert sum(OutboxMessage.objects.values_list("attempts", flat=True)) == 8


def test_a_worker_dying_mid_batch_loses_nothing_and_the_receiver_drops_the_copy(
    gateway, monkeypatch
):
    first, second, third = (make_message(n) for n in (1, 2, 3))
    record = delivery._record

    class WorkerKilled(BaseException):
        pass

    def killed_after_sending(message, **fields):
        raise WorkerKilled  # the gateway has accepted, nothing is recorded yet

    start = timezone.now()
    monkeypatch.setattr(delivery, "_record", killed_after_sending)
    with pytest.raises(WorkerKilled):
        deliver_due(now=start)
    monkeypatch.setattr(delivery, "_record", record)
    first.refresh_from_db()
    assert (first.state, first.attempts) == ("sending", 1)
    assert first.claimed_until == start + LEASE

    # A new worker a minute later: the dead worker's message is still leased, the rest go.
    assert deliver_due(now=start + timedelta(minutes=1)).sent == 2
    first.refresh_from_db()
    assert first.state == "sending"
    # After the lease it is sent again, with the same key: at least once, never lost.
    assert deliver_due(now=start + LEASE + timedelta(seconds=1)).sent == 1
    first.refresh_from_db()
    assert (first.state, first.attempts) == ("sent", 2)
    assert gateway.duplicates == [str(first.message_id)]  # the receiver dropped the copy
    assert set(gateway.accepted) == {str(m.message_id) for m in (first, second, third)}


def test_a_message_is_never_claimed_by_two_workers():
    first, second = make_message(1), make_message(2)
    now = timezone.now()
    mine = claim_next(now=now, channels={"sms"})
    theirs = claim_next(now=now, channels={"sms"})
    assert {mine.pk, theirs.pk} == {first.pk, second.pk}
    assert claim_next(now=now, channels={"sms"}) is None  # both leased
    # After the lease another worker may take it over; the first one's late outcome is
    # then ignored (attempts is the fence), so it cannot overwrite the new owner's.
    later = now + LEASE + timedelta(seconds=1)
    taken_over = claim_next(now=later, channels={"sms"})
    assert taken_over.pk == mine.pk and taken_over.attempts == 2
    assert delivery._record(mine, state="sent", sent_at=later) is False
    assert OutboxMessage.objects.get(pk=mine.pk).state == "sending"
    assert delivery._record(taken_over, state="sent", sent_at=later) is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_send_each_message_once(gateway):
    messages = [make_message(n) for n in range(1, 31)]
    errors = []

    def worker():
        try:
            deliver_due()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    keys = [r["headers"]["Idempotency-Key"] for r in gateway.requests]
    assert sorted(keys) == sorted(str(m.message_id) for m in messages)  # one request each
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}


def test_a_permanent_refusal_fails_at_once(gateway):
    gateway.status = 400
    message = make_message()
    report = deliver_due(now=timezone.now())
    assert (report.failed, report.retrying) == (1, 0)
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("failed", 1)
    assert message.last_error == "gateway refused the message (HTTP 400)"
    assert next_due() is None  # nothing more will be tried


@pytest.mark.parametrize("status", [408, 429, 401, 503])
def test_statuses_that_mean_later_are_retried(gateway, status):
    gateway.status = status
    message = make_message()
    now = timezone.now()
    assert deliver_due(now=now).retrying == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("queued", 1)
    assert message.send_after == now + timedelta(minutes=1)
    assert message.last_error == f"gateway error (HTTP {status})"


def test_a_redirect_is_an_error_not_a_delivery(gateway):
    gateway.status = 302
    message = make_message()
    assert deliver_due(now=timezone.now()).retrying == 1
    assert [r["method"] for r in gateway.requests] == ["POST"]  # no GET to the new place
    message.refresh_from_db()
    assert message.state == "queued" and message.last_error == "gateway error (HTTP 302)"


def test_an_unreachable_gateway_leaves_the_rest_of_the_run_untouched(settings):
    settings.PURNA_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/send"
    messages = [make_message(n) for n in (1, 2, 3)]
    assert deliver_due(now=timezone.now()).retrying == 1
    attempts = sorted(OutboxMessage.objects.values_list("attempts", flat=True))
    assert attempts == [0, 0, 1]
    messages[0].refresh_from_db()
    assert messages[0].last_error == "gateway unreachable (ConnectionRefusedError)"
    assert "127.0.0.1" not in messages[0].last_error


def test_a_timeout_is_retried_and_the_late_copy_is_dropped_by_key(gateway, settings):
    settings.PURNA_GATEWAY_TIMEOUT = 1
    gateway.stall_first = 2  # the gateway takes the first request but answers too late
    message = make_message()
    now = timezone.now()
    assert deliver_due(now=now).retrying == 1
    message.refresh_from_db()
    assert message.last_error == "gateway unreachable (TimeoutError)"
    assert deliver_due(now=now + timedelta(minutes=1)).sent == 1
    # Whether the first copy went out is unknowable to us; the key lets the gateway tell.
    deadline = time.monotonic() + 5
    while len(gateway.duplicates) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)  # the stalled first request finishes on the gateway's side
    assert list(gateway.accepted) == [str(message.message_id)]
    assert gateway.duplicates == [str(message.message_id)]


def test_without_a_gateway_messages_wait_and_go_once_it_is_configured(settings, gateway):
    url = settings.PURNA_GATEWAY_URL
    settings.PURNA_GATEWAY_URL = ""
    message = make_message()
    now = timezone.now()
    report = deliver_due(now=now)
    assert (report.sent, report.retrying, report.waiting_for_configuration) == (0, 0, 1)
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("queued", 0)
    assert message.last_error.startswith("no gateway configured")
    assert next_due() is None  # no run is booked for a channel that cannot send
    settings.PURNA_GATEWAY_URL = url
    assert deliver_due(now=now + timedelta(seconds=5)).sent == 1
    message.refresh_from_db()
    assert (message.state, message.last_error) == ("sent", "")


def test_a_channel_the_gateway_does_not_carry_waits(gateway, settings):
    settings.PURNA_GATEWAY_CHANNELS = ["sms"]
    sms, whatsapp = make_message(1), make_message(2, channel="whatsapp")
    report = deliver_due(now=timezone.now())
    assert (report.sent, report.waiting_for_configuration) == (1, 1)
    assert [r["path"] for r in gateway.requests] == ["/send/sms"]
    sms.refresh_from_db()
    whatsapp.refresh_from_db()
    assert sms.state == "sent"
    assert whatsapp.state == "queued" and whatsapp.attempts == 0


def test_a_template_that_is_not_json_is_reported_not_sent(gateway, settings):
    settings.PURNA_GATEWAY_BODY = '{"to": {to}}'
    message = make_message()
    assert deliver_due(now=timezone.now()).retrying == 1
    message.refresh_from_db()
    assert message.last_error == "PURNA_GATEWAY_BODY does not give valid JSON"
    assert gateway.requests == []


def test_a_malformed_auth_header_is_reported(gateway, settings):
    settings.PURNA_GATEWAY_AUTH_HEADER = "Bearer-without-a-name"
    message = make_message()
    deliver_due(now=timezone.now())
    message.refresh_from_db()
    assert "PURNA_GATEWAY_AUTH_HEADER" in message.last_error
    assert "Bearer" not in message.last_error  # the secret is not repeated
    assert gateway.requests == []


def test_gateway_body_escapes_every_value():
    body = gateway_body(
        '{"a": "{to}", "b": "{text}", "c": "{channel}", "d": "{message_id}"}',
        to='+62"812',
        text='baris\\satu\n"dua" {to}',
        channel="sms",
        message_id="k",
    )
    assert json.loads(body) == {
        "a": '+62"812',
        "b": 'baris\\satu\n"dua" {to}',
        "c": "sms",
        "d": "k",
    }


def test_a_message_left_sending_too_often_is_failed_without_sending(gateway):
    message = make_message(
        state="sending", attempts=MAX_ATTEMPTS, claimed_until=timezone.now() - timedelta(1)
    )
    report = deliver_due(now=timezone.now())
    assert report.failed == 1 and gateway.requests == []
    message.refresh_from_db()
    assert message.state == "failed"
    assert message.last_error == delivery.WORKER_DIED
