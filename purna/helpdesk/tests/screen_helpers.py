"""Helpers of the helpdesk screen and API tests: tickets made through the real services,
files, the English screens, and the personas' expected answers."""

import io
import re
from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from purna.helpdesk.models import Ticket
from purna.helpdesk.services import ticket_submit
from tests.factories import village

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
DESCRIPTION = "Pak kades meminta uang untuk tanda tangan surat keterangan usaha"
SECRET = "Suami saya memukul saya setiap malam"  # a sensitive ticket's description
SECRET_NAME = "Ibu Rahasia Wulandari"


@pytest.fixture(autouse=True)
def tmp_media(settings, tmp_path):
    """Uploaded files in a temporary folder (autouse where imported)."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(name: str = "foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name: str = "surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


_phones = iter(range(1000, 9999))


def submit(
    kind: str = "complaint",
    prefix: str | None = "35.02.17",
    *,
    phone: str | None = None,
    on: date | None = None,
    description: str = DESCRIPTION,
    name: str = "Warga Babadan",
    **extra,
) -> Ticket:
    """A ticket from the public form, each with its own phone (the per-phone limit)."""
    when = {"today": on, "now": at(on)} if on else {}
    return ticket_submit(
        kind=kind,
        description=description,
        name=name,
        phone=phone or f"0812 5555 {next(_phones):04d}",
        village=village(prefix) if prefix else None,
        topic="capital" if kind == "help" else "",
        **when,
        **extra,
    )


def sensitive_ticket(prefix: str = "35.02.17", **extra) -> Ticket:
    return submit("abuse", prefix, description=SECRET, name=SECRET_NAME, **extra)


def english(client):
    """The screens in English (the language cookie; Indonesian is the default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def without_tokens(html: bytes) -> str:
    """A page without its CSRF tokens (which differ from one response to the next)."""
    text = html.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", text)


# Who may open a non-sensitive ticket of Kecamatan Ponorogo (35.02.17)
TICKET_ACCESS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 404),  # not assigned to it
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 302),
]
# Who may open the staff queue and enter a request
QUEUE_ACCESS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 200),
    ("viewer", 403),
    ("outsider", 200),
    ("peer_mentor", 403),
    ("anonymous", 302),
]
# Reports and holidays: admins and coordinators
MANAGE_ACCESS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 403),
    ("mentor", 403),
    ("viewer", 403),
    ("outsider", 403),
    ("peer_mentor", 403),
    ("anonymous", 302),
]
