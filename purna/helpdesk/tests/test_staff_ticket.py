"""/helpdesk/<pk>/: a ticket's page. The conversation with replies and internal notes kept
apart, files through an access check, state changes as buttons, assignment for managers,
and the confidentiality of sensitive tickets (404 for whoever may not read them, an audit
event for each opening)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.helpdesk.models import Attachment, Message, State, Ticket
from purna.helpdesk.services import ticket_assign, ticket_note, ticket_reply, ticket_transition
from purna.notifications.models import OutboxMessage
from tests.factories import make_person

from .screen_helpers import (
    SECRET,
    SECRET_NAME,
    TICKET_ACCESS,
    english,
    pdf,
    png,
    sensitive_ticket,
    submit,
    tmp_media,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def url(ticket, action: str = "") -> str:
    return f"/helpdesk/{ticket.pk}/{action + '/' if action else ''}"


@pytest.fixture
def ticket(personas):
    return submit("complaint")


@pytest.fixture
def secret(personas):
    return sensitive_ticket()


def test_the_urls(ticket):
    assert reverse("helpdesk:ticket", args=[ticket.pk]) == url(ticket)
    assert reverse("helpdesk:reply", args=[ticket.pk]) == url(ticket, "reply")
    assert reverse("helpdesk:note", args=[ticket.pk]) == url(ticket, "note")
    assert reverse("helpdesk:transition", args=[ticket.pk]) == url(ticket, "state")
    assert reverse("helpdesk:assign", args=[ticket.pk]) == url(ticket, "assign")


@pytest.mark.parametrize("persona, status", TICKET_ACCESS)
def test_personas(client_for, ticket, persona, status):
    response = client_for(persona).get(url(ticket))
    assert response.status_code == status
    if status == 200:
        assert ticket.description in response.content.decode()


SENSITIVE_ACCESS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 404),
    ("mentor", 404),
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 302),
]


@pytest.mark.parametrize("persona, status", SENSITIVE_ACCESS)
def test_a_sensitive_ticket_by_url(client_for, secret, persona, status):
    assert client_for(persona).get(url(secret)).status_code == status
    for action in ("reply", "note", "state", "assign"):
        response = client_for(persona).post(url(secret, action), {"reply-body": "x"})
        assert response.status_code in {200, 302, 403, 404}
        if status in {403, 404}:
            assert response.status_code == status, action
    if status != 200:
        assert not Message.objects.filter(ticket=secret).exists()


def test_the_assignee_of_a_sensitive_ticket_may_open_it(client_for, secret, personas):
    ticket_assign(actor=personas["admin"], ticket=secret, assignee=personas["field_officer"])
    response = client_for("field_officer").get(url(secret))
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_each_opening_of_a_sensitive_ticket_is_audited(client_for, secret, personas):
    client = client_for("coordinator")
    AuditEvent.objects.all().delete()
    client.get(url(secret))
    client.get(url(secret))
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, entity_id=secret.pk)
    assert views.count() == 2
    assert {e.actor_id for e in views} == {personas["coordinator"].pk}
    for event in views:
        assert SECRET not in str(event.changes) and SECRET_NAME not in event.summary


def test_an_ordinary_ticket_is_not_audited_when_opened(client_for, ticket):
    AuditEvent.objects.all().delete()
    client_for("coordinator").get(url(ticket))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


@pytest.mark.parametrize("action", ["reply", "note", "state", "assign"])
def test_actions_are_posts_only(client_for, ticket, action):
    assert client_for("admin").get(url(ticket, action)).status_code == 405


def test_post_on_the_page_is_not_allowed(client_for, ticket):
    assert client_for("admin").post(url(ticket)).status_code == 405


def item(html: str, testid: str) -> str:
    """The <li> with this data-testid."""
    start = html.rindex("<li", 0, html.index(f'data-testid="{testid}"'))
    return html[start : html.index("</li>", start)]


def test_replies_and_notes_are_kept_apart(client_for, ticket, personas):
    ticket_reply(actor=personas["coordinator"], ticket=ticket, body="Balasan untuk warga")
    ticket_note(actor=personas["coordinator"], ticket=ticket, body="Catatan untuk staf")
    html = english(client_for("field_officer")).get(url(ticket)).content.decode()
    reply, note = item(html, "message-reply"), item(html, "message-note")
    assert "Balasan untuk warga" in reply and "Reply to the submitter" in reply
    assert "Catatan untuk staf" in note and "Internal note" in note and "bg-warning" in note


def test_a_reply_with_files(client_for, ticket):
    client = client_for("field_officer")
    response = client.post(
        url(ticket, "reply"), {"reply-body": "Mohon datang", "reply-attachments": [png(), pdf()]}
    )
    assert response.status_code == 302 and response["Location"] == url(ticket)
    message = Message.objects.get(ticket=ticket)
    assert (message.kind, message.author.username) == (Message.Kind.REPLY, "field_officer")
    assert message.attachments.count() == 2
    ticket.refresh_from_db()
    assert ticket.state == State.ACKNOWLEDGED  # a reply acknowledges a new ticket
    notice = OutboxMessage.objects.filter(dedupe_key=f"ticket-reply:{message.pk}").get()
    assert "Mohon datang" not in notice.body


def test_a_note(client_for, ticket):
    response = client_for("coordinator").post(url(ticket, "note"), {"note-body": "Cek dulu"})
    assert response.status_code == 302
    note = Message.objects.get(ticket=ticket)
    assert note.kind == Message.Kind.NOTE
    assert Ticket.objects.get(pk=ticket.pk).state == State.NEW  # a note changes nothing
    assert not OutboxMessage.objects.filter(dedupe_key__startswith="ticket-reply").exists()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"reply-body": ""}, "body", "required"),
        ({"reply-body": "x" * 5001}, "body", "at most 5000"),
        (
            {"reply-body": "lihat", "reply-attachments": [SimpleUploadedFile("a.jpg", b"GIF89a")]},
            "attachments",
            "is not a photo",
        ),
        (
            {"reply-body": "lihat", "reply-attachments": [png(f"{i}.png") for i in range(4)]},
            "attachments",
            "At most 3 files",
        ),
    ],
)
def test_a_bad_reply_writes_nothing(client_for, ticket, data, field, message):
    response = english(client_for("coordinator")).post(url(ticket, "reply"), data)
    assert response.status_code == 200
    form = response.context["reply_form"]
    assert message in " ".join(form.errors[field])
    assert not Message.objects.exists() and not Attachment.objects.exists()
    assert Ticket.objects.get(pk=ticket.pk).state == State.NEW


def test_a_closed_ticket_takes_no_reply(client_for, ticket, personas):
    ticket_transition(actor=personas["admin"], ticket=ticket, state=State.CLOSED)
    client = english(client_for("coordinator"))
    html = client.get(url(ticket)).content.decode()
    assert 'data-testid="reply-form"' not in html
    response = client.post(url(ticket, "reply"), {"reply-body": "Halo"})
    assert "reopen it to reply" in response.content.decode()
    assert not Message.objects.exists()


def test_transitions_are_buttons(client_for, ticket):
    client = english(client_for("field_officer"))
    html = client.get(url(ticket)).content.decode()
    for state in ("acknowledged", "in_progress", "resolved", "closed"):
        assert f'data-testid="to-{state}"' in html
    assert 'data-testid="to-waiting"' not in html  # not from new

    assert client.post(url(ticket, "state"), {"state": "acknowledged"}).status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).state == State.ACKNOWLEDGED
    client.post(url(ticket, "state"), {"state": "resolved"})
    resolved = Ticket.objects.get(pk=ticket.pk)
    assert resolved.state == State.RESOLVED and resolved.resolved_at is not None
    html = client.get(url(ticket)).content.decode()
    assert 'data-testid="to-in_progress"' in html and ">Reopen<" in html


def test_a_transition_that_does_not_exist_is_refused_with_a_message(client_for, ticket):
    client = english(client_for("coordinator"))
    response = client.post(url(ticket, "state"), {"state": "waiting"}, follow=True)
    assert "cannot become" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).state == State.NEW
    client.post(url(ticket, "state"), {"state": "bogus"})
    assert Ticket.objects.get(pk=ticket.pk).state == State.NEW


def test_assignment_is_for_managers(client_for, ticket, personas):
    officer = client_for("field_officer")
    assert 'data-testid="assign-form"' not in officer.get(url(ticket)).content.decode()
    data = {"assignee": personas["field_officer"].pk, "institution": ""}
    assert officer.post(url(ticket, "assign"), data).status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).assignee is None

    coordinator = client_for("coordinator")
    html = coordinator.get(url(ticket)).content.decode()
    assert 'data-testid="assign-form"' in html
    assert coordinator.post(url(ticket, "assign"), data).status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).assignee == personas["field_officer"]


def test_nobody_outside_the_area_can_be_assigned(client_for, ticket, personas):
    data = {"assignee": personas["outsider"].pk, "institution": ""}
    response = client_for("admin").post(url(ticket, "assign"), data)
    assert response.status_code == 200
    assert "assignee" in response.context["assign_form"].errors
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_files_go_through_the_access_check(client_for, ticket, secret, personas):
    ticket_note(actor=personas["admin"], ticket=ticket, body="foto", attachments=[png()])
    ticket_note(actor=personas["admin"], ticket=secret, body="bukti", attachments=[pdf()])
    photo = Attachment.objects.get(ticket=ticket)
    evidence = Attachment.objects.get(ticket=secret)
    officer = client_for("field_officer")
    response = officer.get(reverse("helpdesk:attachment", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert officer.get(reverse("helpdesk:attachment", args=[evidence.pk])).status_code == 404
    coordinator = client_for("coordinator")
    AuditEvent.objects.all().delete()
    download = coordinator.get(reverse("helpdesk:attachment", args=[evidence.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]  # a PDF downloads
    assert AuditEvent.objects.filter(action="view", entity_id=secret.pk).exists()
    assert (
        client_for("viewer").get(reverse("helpdesk:attachment", args=[photo.pk])).status_code == 403
    )
    assert (
        client_for("outsider").get(reverse("helpdesk:attachment", args=[photo.pk])).status_code
        == 404
    )
    assert client_for("admin").get(reverse("helpdesk:attachment", args=[99999])).status_code == 404


def test_the_linked_returnee(client_for, personas):
    person = make_person(full_name="Sulastri")
    from purna.helpdesk.services import ticket_create

    ticket = ticket_create(
        actor=personas["admin"],
        channel="walk_in",
        kind="help",
        topic="capital",
        description="Modal",
        name="Sulastri",
        person=person,
    )
    html = client_for("field_officer").get(url(ticket)).content.decode()
    assert f'href="/people/{person.pk}/"' in html


def test_done_is_asked_twice_and_warns_when_nobody_replied(client_for, ticket, personas):
    client = english(client_for("coordinator"))
    ticket_transition(actor=personas["coordinator"], ticket=ticket, state=State.IN_PROGRESS)
    page = client.get(url(ticket)).content.decode()
    assert "No reply was sent" in page  # on the Resolve button's confirmation
    ticket_reply(actor=personas["coordinator"], ticket=ticket, body="Kami sudah bantu.")
    page = client.get(url(ticket)).content.decode()
    assert "No reply was sent" not in page and "Mark this request as done?" in page
