"""Files from the submitter, through the services: with the request (ticket_submit) and from
the status page (ticket_submitter_message), on the submitter's own message, checked as staff
files are; one bad file refuses everything, naming the file, and leaves nothing behind."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from purna.audit.models import AuditEvent
from purna.helpdesk.models import Attachment, Message, State, Ticket
from purna.helpdesk.services import ticket_submit, ticket_submitter_message, ticket_transition
from purna.notifications.models import OutboxMessage

from .screen_helpers import pdf, png, submit, tmp_media  # noqa: F401

pytestmark = pytest.mark.django_db

# A Windows program renamed to look like a photo.
DISGUISED = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"


def request(**extra) -> Ticket:
    fields = {"kind": "complaint", "description": "Bantuan modal dipotong.", "name": "Warga"}
    return ticket_submit(**{**fields, "phone": "0812 4444 5555", **extra})


def test_files_sent_with_the_request_are_on_a_message_from_the_submitter():
    ticket = request(attachments=[png("bukti.png"), pdf("kuitansi.pdf")])
    message = Message.objects.get(ticket=ticket)
    assert (message.kind, message.author, message.body) == (Message.Kind.SUBMITTER, None, "")
    assert message.created_at == ticket.created_at  # right after the description
    assert sorted(a.original_name for a in message.attachments.all()) == [
        "bukti.png",
        "kuitansi.pdf",
    ]
    assert ticket.attachments.count() == 2
    # Without files, no message: the description is the request.
    assert not request(phone="0812 4444 6666").messages.exists()


def test_files_from_the_status_page_are_on_the_submitters_message():
    ticket = submit("help")
    message = ticket_submitter_message(ticket=ticket, body="Ini fotonya.", attachments=[png()])
    assert message.kind == Message.Kind.SUBMITTER
    assert [a.content_type for a in message.attachments.all()] == ["image/png"]


def _counts() -> tuple:
    return (
        Ticket.objects.count(),
        Message.objects.count(),
        Attachment.objects.count(),
        AuditEvent.objects.count(),
        OutboxMessage.objects.count(),
    )


@pytest.mark.parametrize("where", ["request", "status page"])
def test_a_program_renamed_jpg_refuses_everything_and_says_which_file(where, tmp_media):  # noqa: F811
    files = [png("bukti.png"), SimpleUploadedFile("foto_ktp.jpg", DISGUISED, "image/jpeg")]
    if where == "status page":
        ticket = submit("help")
        for state in (State.ACKNOWLEDGED, State.WAITING):
            ticket_transition(actor=None, ticket=ticket, state=state)
    before = _counts()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        if where == "request":
            request(attachments=files)
        else:
            ticket_submitter_message(ticket=ticket, body="Ini fotonya.", attachments=files)
    assert "foto_ktp.jpg is not a photo" in " ".join(error.value.message_dict["attachments"])
    assert _counts() == before
    assert not list(Path(tmp_media).rglob("*.*"))
    if where == "status page":
        ticket.refresh_from_db()
        assert ticket.state == State.WAITING  # not moved on by a refused message


def test_more_than_three_files_are_refused():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        request(attachments=[pdf(f"{i}.pdf") for i in range(4)])
    assert "At most 3 files" in " ".join(error.value.message_dict["attachments"])
    assert not Ticket.objects.exists()
