"""/helpdesk/<pk>/confidential/ and /not-confidential/: whoever works on a ticket may make
it confidential; only coordinators and admins make it ordinary again, with a reason and a
confirmation. A ticket that became confidential leaves the lists, the pages and the
returnee's trail of those who may no longer read it."""

import pytest

from purna.audit.models import AuditEvent
from purna.helpdesk.models import Message, Ticket
from purna.helpdesk.services import ticket_assign, ticket_link_person, ticket_note
from tests.factories import make_person

from .screen_helpers import (
    DESCRIPTION,
    SECRET,
    english,
    sensitive_ticket,
    submit,
    tmp_media,  # noqa: F401
)

pytestmark = pytest.mark.django_db

REASON = "Pelapor takut suaminya tahu"
UNDO = {"ordinary-reason": "Bukan laporan kekerasan, salah pilih jenis", "ordinary-confirm": "on"}


def url(ticket, action: str = "") -> str:
    return f"/helpdesk/{ticket.pk}/{action + '/' if action else ''}"


@pytest.fixture
def ticket(personas):
    return submit("complaint")


@pytest.fixture
def secret(personas):
    return sensitive_ticket()


@pytest.mark.parametrize(
    "persona, status, location",
    [
        ("admin", 302, "ticket"),
        ("coordinator", 302, "ticket"),
        ("field_officer", 302, "queue"),  # no longer hers to read
        ("mentor", 404, None),
        ("viewer", 403, None),
        ("outsider", 404, None),
        ("peer_mentor", 403, None),
        ("anonymous", 302, "login"),
    ],
)
def test_personas_make_a_ticket_confidential(client_for, ticket, persona, status, location):
    client = english(client_for(persona))
    response = client.post(url(ticket, "confidential"), {"confidential-reason": REASON})
    assert response.status_code == status
    changed = location in {"ticket", "queue"}
    assert Ticket.objects.get(pk=ticket.pk).sensitive is changed
    if location == "ticket":
        assert response["Location"] == url(ticket)
    elif location == "queue":
        assert response["Location"] == "/helpdesk/"
        queue = client.get("/helpdesk/?state=").content.decode()
        assert "is now confidential" in queue and f'href="{url(ticket)}"' not in queue
        assert client.get(url(ticket)).status_code == 404
    elif location == "login":
        assert response["Location"].startswith("/login/")
    # The reason is an internal note, never in the audit trail.
    note = Message.objects.filter(ticket=ticket, kind="note", body__endswith=REASON)
    assert note.exists() is changed
    assert not AuditEvent.objects.filter(changes__icontains=REASON).exists()


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 302),
        ("coordinator", 302),
        ("field_officer", 404),  # cannot read it
        ("assigned_officer", 403),  # reads it, may not widen who does
        ("mentor", 404),
        ("viewer", 403),
        ("outsider", 404),
        ("peer_mentor", 403),
        ("anonymous", 302),
    ],
)
def test_personas_make_it_not_confidential(client_for, personas, secret, persona, status):
    if persona == "assigned_officer":
        ticket_assign(actor=personas["admin"], ticket=secret, assignee=personas["field_officer"])
        persona = "field_officer"
    client = english(client_for(persona))
    if status == 403 and persona == "field_officer":
        page = client.get(url(secret)).content.decode()
        assert 'data-testid="not-confidential-form"' not in page
        assert "Only a coordinator can make it not confidential" in page
    response = client.post(url(secret, "not-confidential"), UNDO)
    assert response.status_code == status
    ordinary = persona in {"admin", "coordinator"}
    assert Ticket.objects.get(pk=secret.pk).sensitive is not ordinary
    if ordinary:
        assert response["Location"] == url(secret)
        note = Message.objects.get(ticket=secret, kind="note")
        assert note.body == f"Made not confidential: {UNDO['ordinary-reason']}"
        assert note.author == personas[persona]
        event = AuditEvent.objects.get(entity="ticket", entity_id=secret.pk, action="update")
        assert event.changes == {"sensitive": [True, False]} and event.person_id is None


def test_not_confidential_needs_a_reason_and_a_confirmation(client_for, secret):
    client = english(client_for("coordinator"))
    page = client.get(url(secret)).content.decode()
    assert 'data-testid="abuse-warning"' in page  # abuse reports: confidential by default
    assert "field officers of the area will be able to read" in page
    response = client.post(url(secret, "not-confidential"), {"ordinary-reason": "  "})
    assert response.status_code == 200
    errors = response.context["not_confidential_form"].errors
    assert "required" in " ".join(errors["reason"])
    assert "Tick the box" in " ".join(errors["confirm"])
    assert Ticket.objects.get(pk=secret.pk).sensitive
    assert not Message.objects.exists()


def test_the_page_offers_what_the_user_may_do(client_for, ticket):
    officer = english(client_for("field_officer")).get(url(ticket)).content.decode()
    assert 'data-testid="confidential-form"' in officer
    assert 'data-testid="not-confidential-form"' not in officer
    assert 'data-testid="abuse-warning"' not in officer
    # Making it confidential again, twice, changes nothing the second time.
    admin = client_for("admin")
    admin.post(url(ticket, "confidential"))
    admin.post(url(ticket, "confidential"))
    events = AuditEvent.objects.filter(entity="ticket", entity_id=ticket.pk, action="update")
    assert [e.changes for e in events] == [{"sensitive": [False, True]}]
    assert not Message.objects.exists()  # no reason given, no note


def test_a_ticket_made_confidential_leaves_the_returnees_trail(client_for, ticket, personas):
    person = make_person(full_name="Sulastri Wahyuni")
    ticket_link_person(actor=personas["coordinator"], ticket=ticket, person=person)
    ticket_note(actor=personas["coordinator"], ticket=ticket, body="Cek dulu")
    trail = AuditEvent.objects.filter(person_id=person.pk)
    assert trail.filter(entity="ticket").exists() and trail.filter(entity="message").exists()
    client_for("coordinator").post(url(ticket, "confidential"))
    assert not trail.filter(entity__in=["ticket", "message"]).exists()
    # The person page's trail is read by the field officer, who no longer reads the ticket.
    page = client_for("field_officer").get(f"/people/{person.pk}/").content.decode()
    assert ticket.code not in page and DESCRIPTION not in page and SECRET not in page
