"""Retries wait longer and longer, then the message is failed, visibly."""

from datetime import timedelta

import pytest
from django.utils import timezone

from purna.notifications.delivery import MAX_ATTEMPTS, deliver_due, retry_delay

from .conftest import make_message

pytestmark = pytest.mark.django_db


def test_the_schedule():
    minutes = [retry_delay(n) / timedelta(minutes=1) for n in range(1, MAX_ATTEMPTS)]
    assert minutes == [1, 5, 30, 120, 720]
    assert retry_delay(MAX_ATTEMPTS) is None and retry_delay(0) is None
    assert MAX_ATTEMPTS == 6


def test_a_gateway_that_never_recovers_fails_the_message_after_the_last_attempt(gateway):
    gateway.fail_first = 100
    message = make_message()
    now = timezone.now()
    waits = []
    for attempt in range(1, MAX_ATTEMPTS):
        assert deliver_due(now=now).retrying == 1
        message.refresh_from_db()
        assert (message.state, message.attempts) == ("queued", attempt)
        waits.append(message.send_after - now)
        # Just before the next attempt is due nothing happens.
        assert deliver_due(now=message.send_after - timedelta(seconds=1)).retrying == 0
        now = message.send_after
    assert waits == [retry_delay(n) for n in range(1, MAX_ATTEMPTS)]
    assert deliver_due(now=now).failed == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("failed", MAX_ATTEMPTS)
    assert message.last_error == "gateway error (HTTP 500)"
    assert len(gateway.requests) == MAX_ATTEMPTS
    assert deliver_due(now=now + timedelta(days=7)).failed == 0  # left alone from now on
    assert len(gateway.requests) == MAX_ATTEMPTS


def test_one_failing_message_never_stops_the_batch(gateway, settings, monkeypatch):
    from purna.notifications import delivery

    send = delivery.send

    def buggy_for_the_first(message):
        if message.dedupe_key.endswith(":1"):
            raise KeyError("bug")  # not a DeliveryError: a bug in Purna
        send(message)

    monkeypatch.setattr(delivery, "send", buggy_for_the_first)
    first, second = make_message(1), make_message(2)
    report = deliver_due(now=timezone.now())
    assert (report.sent, report.retrying) == (1, 1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.last_error == "unexpected error (KeyError)" and first.state == "queued"
    assert second.state == "sent"
