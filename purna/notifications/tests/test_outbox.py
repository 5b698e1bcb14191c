"""The outbox screen: coordinators and admins see the messages prepared in their area."""

import pytest
from django.urls import reverse

from purna.accounts.models import Role
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


def test_says_nothing_is_delivered_and_masks_the_number(client_for, messages):
    html = client_for("coordinator").get(OUTBOX).content.decode()
    assert 'data-testid="no-delivery"' in html
    assert "+6281234567890" not in html and "7890" in html
