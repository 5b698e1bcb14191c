"""The outbox screen: coordinators and admins see the messages to people in their area,
with the delivery state of each, and put a failed one back in the queue."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from purna.accounts.models import Role
from purna.audit.models import AuditEvent
from purna.notifications.models import OutboxMessage
from tests.factories import PACITAN, make_person, make_user

OUTBOX = reverse("notifications:outbox")


def message(person, *, state="queued", body="Pengingat: sesi 1", address="+6281234567890"):
    return OutboxMessage.objects.create(
        channel="sms",
        recipient=person,
        address=address,
        body=body,
        state=state,
        dedupe_key=f"test:{person.pk if person else 'staff'}:{state}:{body}",
        related_label="Angkatan 1 #1",
    )


@pytest.fixture
def messages(db):
    ponorogo = make_person(full_name="Siti Ponorogo")
    pacitan = make_person(full_name="Budi Pacitan", village_code_prefix=PACITAN)
    return {
        "queued": message(ponorogo, body="Pengingat: sesi 2 di Kelurahan Paju"),
        "failed": message(ponorogo, state="failed", body="Pengingat: sesi 1"),
        "pacitan": message(pacitan, body="Pengingat: sesi 1 di Pacitan"),
        "staff": message(None, body="Untuk staf", address="staf@example.org"),
    }


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_access(client_for, persona, status):
    response = client_for(persona).get(OUTBOX)
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_read_only(client_for):
    assert client_for("coordinator").post(OUTBOX).status_code == 405


def test_coordinator_sees_messages_in_their_area_only(client_for, messages):
    html = client_for("coordinator").get(OUTBOX).content.decode()
    assert "Kelurahan Paju" in html and "Siti Ponorogo" in html
    assert "Pacitan" not in html and "Untuk staf" not in html


def test_admin_sees_every_message(client_for, messages):
    html = client_for("admin").get(OUTBOX).content.decode()
    assert html.count('data-testid="message"') == 4


def test_a_coordinator_elsewhere_sees_their_own(client, messages):
    client.force_login(make_user("coordinator_pacitan", Role.COORDINATOR, regencies=[PACITAN]))
    html = client.get(OUTBOX).content.decode()
    assert "di Pacitan" in html and "Siti Ponorogo" not in html


def test_filter_by_state_with_counts(client_for, messages):
    client = client_for("coordinator")
    html = client.get(OUTBOX, {"state": "failed"}).content.decode()
    assert html.count('data-testid="message"') == 1 and "Kelurahan Paju" not in html
    assert 'data-testid="state-queued"' in html
    queued_pill = html.split('data-testid="state-queued"', 1)[1].split("</a>", 1)[0]
    assert ">1</span>" in queued_pill  # the Pacitan message is not counted
    everything = client.get(OUTBOX, {"state": "bogus"}).content.decode()
    assert everything.count('data-testid="message"') == 2


def test_masks_the_number(client_for, messages):
    html = client_for("coordinator").get(OUTBOX).content.decode()
    assert "+6281234567890" not in html and "7890" in html


def test_says_which_channels_send_and_which_wait(client_for, settings, messages):
    settings.PURNA_GATEWAY_URL = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    html = english(client_for("coordinator")).get(OUTBOX).content.decode()
    assert "messages go out" in section(html, "channel-email")
    assert "not configured, messages wait" in section(html, "channel-sms")
    assert "not configured, messages wait" in section(html, "channel-whatsapp")
    settings.PURNA_GATEWAY_URL = "http://127.0.0.1:9/send"
    settings.PURNA_GATEWAY_CHANNELS = ["sms"]
    html = english(client_for("coordinator")).get(OUTBOX).content.decode()
    assert "messages go out" in section(html, "channel-sms")
    assert "not configured" in section(html, "channel-whatsapp")


def english(client):
    """The language a user picks (the cookie), as the language menu sets it."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def section(html, testid):
    return html.split(f'data-testid="{testid}"', 1)[1].split("</li>", 1)[0]


def rows(html):
    return html.split('data-testid="message"')[1:]


def test_shows_the_delivery_state_of_each_message(client_for, messages):
    now = timezone.now()
    OutboxMessage.objects.filter(pk=messages["queued"].pk).update(
        attempts=2, last_error="gateway error (HTTP 503)", send_after=now + timedelta(minutes=5)
    )
    OutboxMessage.objects.filter(pk=messages["failed"].pk).update(
        attempts=6, last_error="gateway refused the message (HTTP 400)"
    )
    sent = message(messages["queued"].recipient, state="sent", body="Terkirim")
    OutboxMessage.objects.filter(pk=sent.pk).update(attempts=1, sent_at=now)
    html = english(client_for("coordinator")).get(OUTBOX).content.decode()
    by_body = {
        body: row
        for row in rows(html)
        for body in ("sesi 2 di Kelurahan Paju", "Pengingat: sesi 1<", "Terkirim")
        if body in row
    }
    queued = by_body["sesi 2 di Kelurahan Paju"]
    assert "next attempt" in queued and 'data-testid="next-attempt"' in queued
    assert "2 attempts" in queued and "gateway error (HTTP 503)" in queued
    assert 'data-testid="retry"' not in queued
    failed = by_body["Pengingat: sesi 1<"]
    assert "6 attempts" in failed and "gateway refused the message (HTTP 400)" in failed
    assert 'data-testid="retry"' in failed
    done = by_body["Terkirim"]
    assert 'data-testid="sent-at"' in done and "1 attempt<" in done
    assert 'data-testid="retry"' not in done


# Retry now


def retry_url(msg):
    return reverse("notifications:retry", args=[msg.pk])


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 302),
        ("coordinator", 302),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_retry_access(client_for, messages, persona, status):
    failed = messages["failed"]
    response = client_for(persona).post(retry_url(failed))
    assert response.status_code == status
    failed.refresh_from_db()
    if persona in ("admin", "coordinator"):
        assert failed.state == "queued"
        assert response["Location"] == OUTBOX
    else:
        assert failed.state == "failed"
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_retry_is_a_post(client_for, messages):
    assert client_for("coordinator").get(retry_url(messages["failed"])).status_code == 405


def test_retry_outside_the_area_is_not_found(client, messages):
    client.force_login(make_user("coordinator_pacitan", Role.COORDINATOR, regencies=[PACITAN]))
    assert client.post(retry_url(messages["failed"])).status_code == 404
    messages["failed"].refresh_from_db()
    assert messages["failed"].state == "failed"


def test_retry_queues_the_message_now_counts_afresh_and_is_audited(
    client_for, personas, messages, django_capture_on_commit_callbacks
):
    failed = messages["failed"]
    OutboxMessage.objects.filter(pk=failed.pk).update(attempts=6, last_error="gateway error")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for("coordinator").post(
            retry_url(failed), {"next": OUTBOX + "?state=failed"}
        )
    assert response["Location"] == OUTBOX + "?state=failed"
    assert len(callbacks) == 1  # a delivery run is asked for when it commits
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("queued", 0)
    assert failed.send_after <= timezone.now()
    (event,) = AuditEvent.objects.filter(entity="outboxmessage")
    assert event.actor == personas["coordinator"]
    assert event.person_id == failed.recipient_id
    assert event.changes == {"state": ["failed", "queued"], "attempts": [6, 0]}
    # States and counts only: the number and the text stay out of the trail.
    assert "7890" not in f"{event.changes} {event.summary}"
    assert "Pengingat" not in f"{event.changes} {event.summary}"


def test_retry_refuses_a_message_that_has_not_failed(client_for, messages):
    queued = messages["queued"]
    response = english(client_for("coordinator")).post(retry_url(queued), follow=True)
    assert "Only a failed message can be retried" in response.content.decode()
    queued.refresh_from_db()
    assert queued.state == "queued"
    assert not AuditEvent.objects.filter(entity="outboxmessage").exists()
