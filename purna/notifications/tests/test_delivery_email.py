"""Email through a real SMTP server on 127.0.0.1: delivered once, with its Message-ID;
nothing lost while the server is down, nothing doubled when it comes back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from purna.notifications.delivery import deliver_due
from purna.notifications.models import OutboxMessage
from purna.notifications.outbox import message_queue

from .conftest import make_message

pytestmark = pytest.mark.django_db


def queue_email(n=1, **fields):
    values = {
        "channel": "email",
        "address": f"siti{n}@example.org",
        "subject": "Tiket PMI-7Q4K",
        "body": f"Balasan untuk tiket Anda ({n}).",
        "language": "id",
        "dedupe_key": f"ticket-reply:{n}",
    }
    values.update(fields)
    return message_queue(**values)


def test_an_email_is_delivered_once_with_its_message_id(mail_server):
    message = queue_email()
    now = timezone.now()
    report = deliver_due(now=now)
    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    (received,) = mail_server.received
    assert received["Message-ID"] == f"<{message.message_id}@purna.example>"
    assert received["To"] == "siti1@example.org"
    assert received["Subject"] == "Tiket PMI-7Q4K"
    assert received["From"] == "Purna <purna@purna.example>"
    assert received.get_payload(decode=True).decode().strip() == "Balasan untuk tiket Anda (1)."
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == ("sent", 1, "")
    assert message.sent_at == now and message.claimed_until is None
    # Another run, and another: nothing is sent twice.
    assert deliver_due(now=now + timedelta(hours=1)).sent == 0
    assert len(mail_server.received) == 1


def test_server_down_then_up_nothing_lost_nothing_doubled(mail_server):
    mail_server.stop()
    first, second = queue_email(1), queue_email(2)
    start = timezone.now()
    report = deliver_due(now=start)
    # The first attempt finds the server down: one attempt spent, the other message left
    # alone for this run (no attempt burnt on a server known to be down).
    assert (report.sent, report.retrying) == (0, 1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.attempts) == ("queued", 1)
    assert first.send_after == start + timedelta(minutes=1)
    assert first.last_error == "mail server unreachable (ConnectionRefusedError)"
    assert (second.state, second.attempts, second.last_error) == ("queued", 0, "")

    later = start + timedelta(minutes=2)
    assert deliver_due(now=later).retrying == 1  # still down: the next one in turn
    mail_server.start()
    report = deliver_due(now=later + timedelta(minutes=10))
    assert report.sent == 2
    ids = sorted(m["Message-ID"] for m in mail_server.received)
    assert ids == sorted(f"<{m.message_id}@purna.example>" for m in (first, second))
    for message in (first, second):
        message.refresh_from_db()
        assert message.state == "sent" and message.last_error == ""
    assert first.attempts + second.attempts == 4  # two refused attempts, two deliveries
    assert deliver_due(now=later + timedelta(hours=1)).sent == 0
    assert len(mail_server.received) == 2


def test_a_refused_recipient_fails_at_once(mail_server):
    mail_server.handler.refuse["nobody"] = "550 5.1.1 <nobody@example.org>: no such user"
    message = queue_email(address="nobody@example.org")
    report = deliver_due(now=timezone.now())
    assert (report.failed, report.retrying) == (1, 0)
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("failed", 1)
    # The code, not the server's reply: that repeats the address.
    assert message.last_error == "mail server refused the recipient (SMTP 550)"
    assert mail_server.received == []


def test_a_temporary_refusal_is_retried(mail_server):
    mail_server.handler.refuse["busy"] = "450 4.2.1 mailbox busy, try later"
    message = queue_email(address="busy@example.org")
    now = timezone.now()
    assert deliver_due(now=now).retrying == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("queued", 1)
    assert message.last_error == "mail server refused the recipient (SMTP 450)"
    del mail_server.handler.refuse["busy"]
    assert deliver_due(now=now + timedelta(minutes=1)).sent == 1
    assert len(mail_server.received) == 1


def test_without_a_mail_server_email_waits_without_spending_attempts(no_email):
    message = make_message(channel="email")
    report = deliver_due(now=timezone.now())
    assert (report.sent, report.retrying, report.waiting_for_configuration) == (0, 0, 1)
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("queued", 0)
    assert message.last_error.startswith("no mail server configured")


def test_development_console_backend_counts_as_configured(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.EMAIL_HOST = ""
    make_message(channel="email")
    assert deliver_due(now=timezone.now()).sent == 1
    assert OutboxMessage.objects.get().state == "sent"
