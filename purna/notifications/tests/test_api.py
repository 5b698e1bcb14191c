"""/api/v1/outbox/messages: the outbox screen's permissions and privacy through a real
bearer token, its filters, and retrying a failed message."""

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from purna.accounts.models import Role
from purna.audit.models import AuditEvent
from purna.notifications.models import OutboxMessage
from tests.api import bearer
from tests.factories import PACITAN, make_person, make_user

pytestmark = pytest.mark.django_db

API = "/api/v1/outbox/messages"
PHONE = "+6281234567890"
FORBIDDEN = ["field_officer", "mentor", "viewer", "outsider", "peer_mentor"]


def call(user, method, path, *, language=None):
    client = Client()
    if language:
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return getattr(client, method)(path, headers=bearer(user))


def message(person, *, state="queued", body="Pengingat: sesi 1", channel="sms", **fields):
    address = "staf@example.org" if channel == "email" else PHONE
    return OutboxMessage.objects.create(
        channel=channel,
        recipient=person,
        address=address,
        body=body,
        state=state,
        dedupe_key=f"test:{person.pk if person else 'staff'}:{state}:{body}",
        related_label="Angkatan 1 #1",
        **fields,
    )


@pytest.fixture
def messages(personas):
    ponorogo = make_person(full_name="Siti Ponorogo")
    pacitan = make_person(full_name="Budi Pacitan", village_code_prefix=PACITAN)
    return {
        "queued": message(ponorogo, body="Pengingat: sesi 2 di Kelurahan Paju"),
        "failed": message(ponorogo, state="failed", attempts=6, last_error="gateway error"),
        "pacitan": message(pacitan, body="Pengingat: sesi 1 di Pacitan"),
        "staff": message(None, body="Untuk staf", channel="email", subject="Laporan"),
    }


def ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize(
    "persona, status, visible",
    [
        ("admin", 200, {"queued", "failed", "pacitan", "staff"}),
        ("coordinator", 200, {"queued", "failed"}),
        *[(persona, 403, None) for persona in FORBIDDEN],
        ("anonymous", 401, None),
    ],
)
def test_list(personas, messages, persona, status, visible):
    response = call(personas[persona], "get", API)
    assert response.status_code == status
    if visible is None:
        assert "Pengingat" not in response.content.decode()
        return
    assert ids(response) == {messages[name].pk for name in visible}
    assert response.json()["count"] == len(visible)


@pytest.mark.parametrize(
    "persona, status",
    [("admin", 200), ("coordinator", 200), *[(p, 403) for p in FORBIDDEN], ("anonymous", 401)],
)
def test_detail(personas, messages, persona, status):
    response = call(personas[persona], "get", f"{API}/{messages['failed'].pk}")
    assert response.status_code == status
    if status == 200:
        assert response.json()["state"] == "failed"


def test_outside_the_area_or_to_staff_is_not_found(personas, messages):
    elsewhere = make_user("coordinator_pacitan", Role.COORDINATOR, regencies=[PACITAN])
    coordinator = personas["coordinator"]
    assert call(elsewhere, "get", f"{API}/{messages['failed'].pk}").status_code == 404
    assert call(elsewhere, "post", f"{API}/{messages['failed'].pk}/retry").status_code == 404
    assert call(coordinator, "get", f"{API}/{messages['pacitan'].pk}").status_code == 404
    assert call(coordinator, "get", f"{API}/{messages['staff'].pk}").status_code == 404
    assert call(coordinator, "get", f"{API}/999999").status_code == 404
    assert ids(call(elsewhere, "get", API)) == {messages["pacitan"].pk}
    messages["failed"].refresh_from_db()
    assert messages["failed"].state == "failed"


def test_a_message_shows_what_the_screen_shows_and_never_the_whole_address(personas, messages):
    sent = message(messages["queued"].recipient, state="sent", body="Terkirim", attempts=2)
    OutboxMessage.objects.filter(pk=sent.pk).update(
        sent_at=timezone.now(), last_error="gateway error (HTTP 503)"
    )
    response = call(personas["admin"], "get", API)
    assert PHONE not in response.content.decode()
    assert "staf@example.org" not in response.content.decode()
    items = {item["id"]: item for item in response.json()["items"]}
    failed = items[messages["failed"].pk]
    person = messages["failed"].recipient
    assert failed["body"] == "Pengingat: sesi 1"
    assert failed["address_masked"] == "••••7890"
    assert failed["recipient"] == {
        "nik": person.nik,
        "full_name": "Siti Ponorogo",
        "village_code": person.village_id,
        "village_name": person.village.name,
        "district_name": person.village.district.name,
    }
    assert (failed["attempts"], failed["last_error"], failed["sent_at"]) == (
        6,
        "gateway error",
        None,
    )
    assert "dedupe_key" not in failed and "address" not in failed
    staff = items[messages["staff"].pk]
    assert staff["recipient"] is None and staff["subject"] == "Laporan"
    assert staff["address_masked"] == "s•••@example.org"
    done = items[sent.pk]
    assert done["state"] == "sent" and done["sent_at"] is not None
    assert done["last_error"] == ""  # as on the screen: overcome by the attempt that worked


def test_filters(personas, messages):
    admin = personas["admin"]
    assert ids(call(admin, "get", f"{API}?state=failed")) == {messages["failed"].pk}
    assert ids(call(admin, "get", f"{API}?channel=email")) == {messages["staff"].pk}
    assert ids(call(admin, "get", f"{API}?state=queued&channel=sms")) == {
        messages["queued"].pk,
        messages["pacitan"].pk,
    }
    bad = call(admin, "get", f"{API}?state=lost&channel=pigeon")
    assert bad.status_code == 422
    assert {error["field"] for error in bad.json()["detail"]} == {"state", "channel"}


def test_the_list_costs_the_same_queries_for_more_messages(personas, messages):
    admin = personas["admin"]
    call(admin, "get", API)  # the token's first use writes its last-used time
    with CaptureQueriesContext(connection) as few:
        assert call(admin, "get", API).json()["count"] == 4
    people = [make_person(full_name=f"Family {n}") for n in range(20)]
    for n, person in enumerate(people):
        message(person, body=f"Pesan {n}")
    with CaptureQueriesContext(connection) as many:
        assert call(admin, "get", API).json()["count"] == 24
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "persona, status",
    [("admin", 200), ("coordinator", 200), *[(p, 403) for p in FORBIDDEN], ("anonymous", 401)],
)
def test_retry(personas, messages, persona, status, django_capture_on_commit_callbacks):
    failed = messages["failed"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = call(personas[persona], "post", f"{API}/{failed.pk}/retry")
    assert response.status_code == status
    failed.refresh_from_db()
    events = AuditEvent.objects.filter(entity="outboxmessage")
    if status != 200:
        assert failed.state == "failed" and not events.exists()
        return
    body = response.json()
    assert (body["state"], body["attempts"]) == ("queued", 0)
    assert (failed.state, failed.attempts) == ("queued", 0)
    assert len(callbacks) == 1  # a delivery run is asked for when it commits
    (event,) = events
    assert event.actor == personas[persona]
    assert event.changes == {"state": ["failed", "queued"], "attempts": [6, 0]}


def test_retrying_a_message_that_has_not_failed_is_a_conflict(personas, messages):
    queued = messages["queued"]
    response = call(personas["coordinator"], "post", f"{API}/{queued.pk}/retry", language="en")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Only a failed message can be retried; this one is queued.",
        "code": "not_failed",
    }
    queued.refresh_from_db()
    assert queued.state == "queued"
    assert not AuditEvent.objects.filter(entity="outboxmessage").exists()


def test_retry_is_a_post(personas, messages):
    assert call(personas["admin"], "get", f"{API}/{messages['failed'].pk}/retry").status_code == 405
