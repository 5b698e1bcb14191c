"""`message_queue`: the one way into the outbox. One dedupe key is one message."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from purna.notifications.models import OutboxMessage
from purna.notifications.outbox import message_queue, phone_address

pytestmark = pytest.mark.django_db


def queue(**fields):
    values = {
        "channel": "sms",
        "address": "+6281234567890",
        "body": "Kode pelacakan Anda: PMI-7Q4K",
        "dedupe_key": "ticket-code:1",
    }
    values.update(fields)
    return message_queue(**values)


def test_a_new_message_is_queued_with_its_own_id():
    message = queue(related_label="Ticket PMI-7Q4K")
    other = queue(dedupe_key="ticket-code:2")
    assert (message.state, message.attempts, message.language) == ("queued", 0, "id")
    assert message.message_id != other.message_id
    assert message.related_label == "Ticket PMI-7Q4K"
    assert message.send_after <= timezone.now()


def test_the_same_key_while_queued_updates_the_waiting_message():
    first = queue(send_after=timezone.now() + timedelta(hours=2))
    newer = {"body": "Kode baru", "address": "+6281111111111"}
    assert queue(**newer) is None
    assert queue(**newer, send_after=timezone.now()) is None  # never earlier (a backoff)
    message = OutboxMessage.objects.get()
    assert (message.pk, message.body, message.address) == (first.pk, "Kode baru", "+6281111111111")
    assert message.send_after == first.send_after


def test_a_cancelled_message_comes_back_as_the_same_message():
    first = queue()
    OutboxMessage.objects.filter(pk=first.pk).update(
        state="cancelled", attempts=2, last_error="gateway error (HTTP 500)"
    )
    again = queue(body="Teks baru")
    assert again.pk == first.pk and again.message_id == first.message_id
    assert (again.state, again.attempts, again.last_error) == ("queued", 0, "")
    assert OutboxMessage.objects.count() == 1


@pytest.mark.parametrize("state", ["sending", "sent", "failed"])
def test_a_message_delivery_owns_is_left_alone(state):
    first = queue()
    OutboxMessage.objects.filter(pk=first.pk).update(state=state)
    assert queue(body="Teks baru") is None
    message = OutboxMessage.objects.get()
    assert (message.state, message.body) == (state, first.body)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"channel": "pigeon"}, "channel"),
        ({"channel": "email", "address": "not-an-address"}, "address"),
        ({"channel": "sms", "address": "siti@example.org"}, "address"),
        ({"address": "0812345"}, "address"),  # not in +62 form
        ({"body": "  "}, "body"),
        ({"language": "fr"}, "language"),
        ({"subject": "x" * 201}, "subject"),
        ({"dedupe_key": ""}, "dedupe_key"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(fields, field):
    with pytest.raises(ValidationError) as caught:
        queue(**fields)
    assert field in caught.value.message_dict
    assert not OutboxMessage.objects.exists()


def test_email_and_english_are_accepted():
    message = queue(
        channel="email", address="siti@example.org", language="en", subject="Your ticket"
    )
    assert (message.channel, message.language, message.subject) == ("email", "en", "Your ticket")


@pytest.mark.parametrize(
    "phone, address",
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("", ""),
        ("12", ""),  # too short to dial
        ("0" + "8" * 19, ""),  # too long for E.164
    ],
)
def test_phone_address(phone, address):
    assert phone_address(phone) == address
