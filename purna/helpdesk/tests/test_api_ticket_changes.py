"""POST /api/v1/tickets/{code}/participant and /sensitivity: the ticket page's link to a
returnee and its confidentiality, with the screens' permissions (403 for a role that may
not, 404 for a ticket outside the user's reach)."""

import pytest

from purna.helpdesk.models import Message, Ticket
from purna.helpdesk.services import ticket_assign
from tests.factories import make_person

from .screen_helpers import SECRET, sensitive_ticket, submit
from .test_api import call, fields_of

pytestmark = pytest.mark.django_db

# Who may work on a non-sensitive ticket of Kecamatan Ponorogo
WORK = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 404),
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 401),
]


@pytest.fixture
def ticket(personas):
    return submit("complaint")


@pytest.fixture
def secret(personas):
    return sensitive_ticket()


@pytest.mark.parametrize("persona, status", WORK)
def test_link_and_unlink_by_persona(personas, ticket, persona, status):
    person = make_person(full_name="Sulastri Wahyuni")
    path = f"/tickets/{ticket.code}/participant"
    response = call(personas[persona], "post", path, {"participant_nik": person.nik})
    assert response.status_code == status
    assert Ticket.objects.get(pk=ticket.pk).person_id == (person.pk if status == 200 else None)
    if status == 200:
        assert response.json()["participant_nik"] == person.nik
        unlinked = call(personas[persona], "post", path, {"participant_nik": None})
        assert unlinked.status_code == 200 and unlinked.json()["participant_nik"] is None
        assert Ticket.objects.get(pk=ticket.pk).person_id is None


def test_a_participant_outside_the_area_is_not_found_like_nobody(personas, ticket):
    far = make_person(full_name="Sulastri Pacitan", village_code_prefix="35.01")
    path = f"/tickets/{ticket.code}/participant"
    outside = call(personas["coordinator"], "post", path, {"participant_nik": far.nik})
    missing = call(personas["coordinator"], "post", path, {"participant_nik": "3502170101900001"})
    assert outside.status_code == missing.status_code == 422
    assert fields_of(outside) == fields_of(missing) and "participant_nik" in fields_of(outside)
    assert far.full_name not in outside.content.decode()
    assert call(personas["coordinator"], "post", path, {}).status_code == 422  # say which
    assert Ticket.objects.get(pk=ticket.pk).person_id is None


@pytest.mark.parametrize(
    "persona, status",
    [(p, 204 if p == "field_officer" else s) for p, s in WORK],  # she can no longer read it
)
def test_make_confidential_by_persona(personas, ticket, persona, status):
    body = {"sensitive": True, "reason": "Pelapor minta dirahasiakan"}
    response = call(personas[persona], "post", f"/tickets/{ticket.code}/sensitivity", body)
    assert response.status_code == status
    assert Ticket.objects.get(pk=ticket.pk).sensitive is (status in {200, 204})
    if status == 200:
        assert response.json()["sensitive"] is True
    if status == 204:
        assert response.content == b""
        detail = call(personas[persona], "get", f"/tickets/{ticket.code}")
        assert detail.status_code == 404


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 404),
        ("assigned_officer", 403),
        ("mentor", 404),
        ("viewer", 403),
        ("outsider", 404),
        ("peer_mentor", 403),
        ("anonymous", 401),
    ],
)
def test_make_not_confidential_by_persona(personas, secret, persona, status):
    if persona == "assigned_officer":
        ticket_assign(actor=personas["admin"], ticket=secret, assignee=personas["field_officer"])
        persona = "field_officer"
    body = {"sensitive": False, "reason": "Salah pilih jenis laporan"}
    response = call(personas[persona], "post", f"/tickets/{secret.code}/sensitivity", body)
    assert response.status_code == status
    assert Ticket.objects.get(pk=secret.pk).sensitive is (status != 200)
    if status == 200:
        assert response.json()["sensitive"] is False
        assert Message.objects.get(ticket=secret).body.endswith(f": {body['reason']}")
    else:
        assert SECRET not in response.content.decode()


def test_not_confidential_needs_a_reason(personas, secret):
    path = f"/tickets/{secret.code}/sensitivity"
    response = call(personas["coordinator"], "post", path, {"sensitive": False, "reason": " "})
    assert response.status_code == 422 and "reason" in fields_of(response)
    assert Ticket.objects.get(pk=secret.pk).sensitive
    assert call(personas["coordinator"], "post", path, {"sensitive": "maybe"}).status_code == 422
