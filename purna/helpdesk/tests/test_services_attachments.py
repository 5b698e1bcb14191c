"""Attachments to replies and notes: JPEG, PNG or PDF judged by their bytes, 5 MB, three
per message; a refused file leaves nothing behind."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from purna.helpdesk.models import Attachment, Message
from purna.helpdesk.services import (
    MAX_ATTACHMENT_BYTES,
    attachment_check,
    ticket_note,
    ticket_reply,
    ticket_submit,
)
from purna.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image(fmt: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


@pytest.fixture
def ticket(db):
    return ticket_submit(
        kind="help", description="Surat dari bank", name="Pak Budi", phone="0813 2222 3333"
    )


@pytest.mark.parametrize(
    "upload, content_type",
    [
        (image("JPEG", "ktp.jpg"), "image/jpeg"),
        (image("PNG", "kk.png"), "image/png"),
        (SimpleUploadedFile("surat.pdf", PDF), "application/pdf"),
        # The bytes decide, not the name nor the browser's claim.
        (image("PNG", "scan.pdf"), "image/png"),
        (SimpleUploadedFile("foto.jpg", PDF, content_type="image/jpeg"), "application/pdf"),
    ],
)
def test_accepted_types_are_sniffed(upload, content_type):
    assert attachment_check(upload) == content_type
    assert upload.read(4) == upload.file.getvalue()[:4]  # rewound for saving


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("foto.jpg", b"not really a photo", content_type="image/jpeg"),
        SimpleUploadedFile("surat.pdf", b"<html>%PDF-</html>", content_type="application/pdf"),
        SimpleUploadedFile("virus.exe", b"MZ\x90\x00\x03", content_type="image/png"),
        SimpleUploadedFile("kosong.png", b"", content_type="image/png"),
        image("GIF", "animasi.gif"),
    ],
)
def test_other_files_are_refused(upload):
    with pytest.raises(ValidationError) as error:
        attachment_check(upload)
    assert error.value.code == "attachment_type"


def test_more_than_five_megabytes_is_refused():
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * (MAX_ATTACHMENT_BYTES - len(PDF) + 1))
    with pytest.raises(ValidationError) as error:
        attachment_check(big)
    assert error.value.code == "attachment_size"
    exactly = SimpleUploadedFile("pas.pdf", PDF + b"0" * (MAX_ATTACHMENT_BYTES - len(PDF)))
    assert attachment_check(exactly) == "application/pdf"


def test_a_reply_with_attachments(ticket, personas, media):
    files = [image("JPEG", "Bukti transfer Sri.jpg"), SimpleUploadedFile("surat.pdf", PDF)]
    message = ticket_reply(
        actor=personas["coordinator"], ticket=ticket, body="Lihat", attachments=files
    )
    stored = list(message.attachments.order_by("id"))
    assert [(a.content_type, a.original_name) for a in stored] == [
        ("image/jpeg", "Bukti transfer Sri.jpg"),
        ("application/pdf", "surat.pdf"),
    ]
    assert all(a.ticket == ticket and a.size > 0 for a in stored)
    # The name on disk is opaque: no personal name in the path.
    assert all("Sri" not in a.file.name and a.file.name.startswith("tickets/") for a in stored)
    assert (media / stored[0].file.name).read_bytes()[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    "files",
    [
        [SimpleUploadedFile("surat.pdf", PDF)] * 2
        + [SimpleUploadedFile("palsu.jpg", b"not a photo")],
        [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(4)],
    ],
    ids=["one bad file", "four files"],
)
def test_a_refused_file_refuses_the_whole_message(ticket, personas, files):
    for service in (ticket_reply, ticket_note):
        with pytest.raises(ValidationError) as error:
            service(actor=personas["coordinator"], ticket=ticket, body="Lihat", attachments=files)
        assert "attachments" in error.value.message_dict
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()
    assert not OutboxMessage.objects.exclude(dedupe_key__startswith="ticket-code:").exists()
