"""/help/: the public form. No login, Indonesian first, a tracking code that never goes in
a URL, a honeypot, size limits, rate limits, and no word on whether a NIK is registered."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from purna.helpdesk import services
from purna.helpdesk.models import Attachment, Message, Ticket
from purna.helpdesk.public_views import client_source
from purna.helpdesk.services import MAX_DESCRIPTION
from purna.notifications.models import OutboxMessage
from purna.people.models import Person
from tests.factories import make_person, valid_nik, village

from .screen_helpers import english, pdf, png, tmp_media, without_tokens  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/help/"
PERSONAS = ["admin", "coordinator", "field_officer", "viewer", "peer_mentor", "anonymous"]


def form(**overrides) -> dict:
    data = {
        "kind": "help",
        "topic": "capital",
        "name": "Sri Wahyuni",
        "phone": "0812 3456 7890",
        "email": "",
        "nik": "",
        "village": "",
        "description": "Saya butuh modal untuk warung.",
        "homepage": "",
    }
    data.update(overrides)
    return data


def test_the_url():
    assert reverse("helpdesk:help") == URL


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_may_open_the_form(client_for, persona):
    response = client_for(persona).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="help-form"' in html
    assert 'data-testid="privacy-note"' in html


def test_in_indonesian_first(client):
    html = client.get(URL).content.decode()
    assert '<html lang="id">' in html


def test_the_kinds_are_explained_and_the_honeypot_is_hidden(client):
    html = english(client).get(URL).content.decode()
    for kind in ("complaint", "help", "consultation", "abuse"):
        assert f'data-testid="kind-{kind}"' in html
    assert "We answer within one working day" in html  # curhat
    assert "The NIK is optional" in html
    assert "never tell anyone whether a NIK is registered" in html
    honeypot = html[html.index('id="homepage-field"') : html.index('name="homepage"')]
    assert 'aria-hidden="true"' in honeypot
    assert html[html.index('name="homepage"') :].split(">")[0].count('tabindex="-1"') == 1


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods(client, method):
    assert getattr(client, method)(URL).status_code == 405


def test_a_request_is_sent_and_the_code_shown_without_being_in_a_url(client):
    response = client.post(URL, form(village=village("35.02.17").code))
    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:sent")
    ticket = Ticket.objects.get()
    assert (ticket.kind, ticket.topic, ticket.channel) == ("help", "capital", "web")
    assert ticket.village.district_id == "35.02.17"
    assert ticket.code not in response["Location"]

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.content.decode().count(ticket.code) >= 1
    assert 'data-testid="tracking-code"' in page.content.decode()
    assert "7890" in page.content.decode()  # the SMS goes to the number ending in 7890
    sms = OutboxMessage.objects.get()
    assert sms.channel == "sms" and ticket.code in sms.body
    assert "warung" not in sms.body


def test_the_code_page_belongs_to_the_browser_that_sent_the_request(client):
    client.post(URL, form())
    other = type(client)()
    response = other.get(reverse("helpdesk:sent"))
    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:status")


def test_files_sent_with_the_form_are_the_submitters_to_see_again_and_staffs(client, personas):
    data = form(village=village("35.02.17").code)
    response = client.post(URL, {**data, "attachments": [png("ktp.png"), pdf("surat.pdf")]})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    message = Message.objects.get(ticket=ticket)
    assert (message.kind, message.author) == (Message.Kind.SUBMITTER, None)
    files = {a.original_name: a for a in message.attachments.all()}
    assert {name: a.content_type for name, a in files.items()} == {
        "ktp.png": "image/png",
        "surat.pdf": "application/pdf",
    }

    # The submitter, on the status page the sent page opened for this browser.
    # Under the request itself, not in a card of their own.
    page = english(client).get(reverse("helpdesk:status_ticket")).content.decode()
    request_files = page[page.index('data-testid="request-files"') :].split("</ul>")[0]
    assert "ktp.png" in request_files and "surat.pdf" in request_files
    assert 'data-testid="message-submitter"' not in page
    assert 'data-testid="no-reply"' in page
    for attachment in files.values():
        url = reverse("helpdesk:status_attachment", args=[attachment.pk])
        assert f'href="{url}"' in page
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Type"] == attachment.content_type
    assert "ktp.png" in page and "surat.pdf" in page

    # Staff, on the ticket's page.
    staff = type(client)()
    staff.force_login(personas["coordinator"])
    staff_page = staff.get(reverse("helpdesk:ticket", args=[ticket.pk])).content.decode()
    for attachment in files.values():
        assert reverse("helpdesk:attachment", args=[attachment.pk]) in staff_page
        assert staff.get(reverse("helpdesk:attachment", args=[attachment.pk])).status_code == 200


def test_the_honeypot_writes_nothing(client):
    response = client.post(URL, form(homepage="http://spam.example"))
    assert response.status_code == 200
    assert 'data-testid="form-error"' in response.content.decode()
    assert not Ticket.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"description": "x" * (MAX_DESCRIPTION + 1)}, "description", "at most 5000"),
        ({"description": "   "}, "description", "required"),
        ({"name": ""}, "name", "required"),
        ({"phone": "", "email": ""}, "phone", "phone number or an email"),
        ({"phone": "bukan nomor"}, "phone", "not a phone number"),
        ({"email": "not-an-email", "phone": ""}, "email", "valid email"),
        ({"nik": "123"}, "nik", "16 digits"),
        # Sixteen digits, but digits 7-8 are no birth day: the rule broken is said.
        ({"nik": "1234567890123456"}, "nik", "not valid: digits 7-8 must be a birth day"),
        ({"kind": "gossip"}, "kind", "valid choice"),
        ({"topic": ""}, "topic", "what you need help with"),
        ({"village": "99.99.99.9999"}, "village", "valid choice"),
    ],
)
def test_bad_input_gives_clear_messages_and_writes_nothing(client, overrides, field, message):
    response = english(client).post(URL, form(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message.lower() in " ".join(errors[field]).lower()
    assert message.lower() in response.content.decode().lower()
    assert not Ticket.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    "files, message",
    [
        # A program renamed to look like a photo: the bytes decide, and the name is said.
        (
            [png("ktp.png"), SimpleUploadedFile("foto_ktp.jpg", b"MZ\x90\x00\x03\x00")],
            "foto_ktp.jpg is not a photo",
        ),
        ([png(f"f{i}.png") for i in range(4)], "At most 3 files"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(client, settings, files, message):
    response = english(client).post(URL, {**form(), "attachments": files})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["attachments"])
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_one_attempt_shows_every_problem_and_asks_for_the_files_again(client):
    empty = english(client).post(URL, {"homepage": ""})
    assert set(empty.context["form"].errors) == {"kind", "name", "description", "phone"}
    assert "phone number or an email" in empty.content.decode()
    assert 'data-testid="files-again"' not in empty.content.decode()

    # The form's errors and the service's (phone, NIK) together, and files chosen.
    data = form(name="", kind="help", topic="", phone="bukan nomor", nik="1234567890123456")
    response = english(client).post(URL, {**data, "attachments": [png("ktp.png")]})
    errors = response.context["form"].errors
    assert set(errors) == {"name", "topic", "phone", "nik"}
    assert "not a phone number" in errors["phone"][0]
    html = response.content.decode()
    assert 'data-testid="files-again"' in html and "Choose your files again" in html
    assert not Ticket.objects.exists()


def test_a_file_over_five_megabytes(client):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
    response = english(client).post(URL, {**form(), "attachments": [big]})
    assert "larger than 5 MB" in " ".join(response.context["form"].errors["attachments"])
    assert not Ticket.objects.exists()


def test_the_topic_is_dropped_for_other_kinds(client):
    client.post(URL, form(kind="complaint", topic="legal"))
    assert Ticket.objects.get().topic == ""


@pytest.mark.parametrize("contact", ["", "0800 123 4567 (Dinas Sosial, Jl. Merdeka 1)"])
def test_rate_limited_per_address(client, settings, monkeypatch, contact):
    # The real limit (30) is the service's test; two keep this one short.
    monkeypatch.setattr(services, "MAX_PER_SOURCE_PER_HOUR", 2)
    settings.PURNA_HELPDESK_CONTACT = contact
    for i in range(2):
        response = client.post(URL, form(phone=f"0812 3456 {i:04d}"), REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 302
    response = english(client).post(URL, form(phone="0812 9999 0000"), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 429
    html = response.content.decode()
    assert "cannot take more requests" in html
    # Never a dead end when the operator has said how else to reach the helpdesk.
    assert ('data-testid="helpdesk-contact"' in html) == bool(contact)
    assert contact in html
    assert Ticket.objects.count() == 2
    # Another address is not limited.
    assert client.post(URL, form(phone="0812 9999 0001"), REMOTE_ADDR="10.9.9.9").status_code == 302


def test_rate_limited_per_phone(client):
    for i in range(3):
        client.post(URL, form(), REMOTE_ADDR=f"10.0.0.{i}")
    response = client.post(URL, form(), REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429
    assert Ticket.objects.count() == 3


PROXY = "10.0.0.2"


@pytest.mark.parametrize(
    "proxies, remote, forwarded, source",
    [
        # No proxy configured: the header is ignored, whoever sends it.
        ([], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        ([], PROXY, "198.51.100.1", PROXY),
        # A proxy configured, but this connection is not from it.
        ([PROXY], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # From the trusted proxy: the client it saw.
        ([PROXY], PROXY, "198.51.100.1", "198.51.100.1"),
        # A spoofed chain: the client wrote the left part; nginx appended the real address.
        ([PROXY], PROXY, "1.1.1.1, 8.8.8.8, 198.51.100.1", "198.51.100.1"),
        # Two proxies of ours: the right-most address that is neither.
        ([PROXY, "10.0.0.3"], PROXY, "9.9.9.9, 198.51.100.1, 10.0.0.3", "198.51.100.1"),
        # Nothing usable in the header: the proxy's own address.
        ([PROXY], PROXY, "", PROXY),
        ([PROXY], PROXY, "unknown", PROXY),
    ],
)
def test_the_client_address_behind_a_trusted_proxy_only(
    rf, settings, proxies, remote, forwarded, source
):
    settings.PURNA_TRUSTED_PROXIES = proxies
    request = rf.post(URL, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_source(request) == source


def test_behind_the_proxy_the_limit_is_per_client_and_spoofing_does_not_escape_it(
    client, settings, monkeypatch
):
    monkeypatch.setattr(services, "MAX_PER_SOURCE_PER_HOUR", 5)
    settings.PURNA_TRUSTED_PROXIES = [PROXY]
    for i in range(5):
        spoofed = f"192.0.2.{i}, 198.51.100.1"  # a new made-up address each time
        response = client.post(
            URL, form(phone=f"0812 3456 {i:04d}"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=spoofed
        )
        assert response.status_code == 302
    again = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.99, 198.51.100.1"}
    assert client.post(URL, form(phone="0812 9999 0000"), **again).status_code == 429
    # Another client behind the same proxy is not limited.
    other = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert client.post(URL, form(phone="0812 9999 0001"), **other).status_code == 302


def test_never_says_whether_the_nik_is_registered(client):
    registered = make_person().nik
    unknown = valid_nik(date(1990, 1, 2), "L")
    assert not Person.objects.filter(nik=unknown).exists()

    def sent_page(nik: str, phone: str) -> str:
        client.cookies.clear()
        response = client.post(URL, form(nik=nik, phone=phone), follow=True)
        assert response.status_code == 200
        code = Ticket.objects.get(submitter_nik=nik).code
        return without_tokens(response.content).replace(code, "CODE")

    assert sent_page(registered, "0812 1111 2222") == sent_page(unknown, "0812 1111 2222")


def test_the_public_village_picker_needs_no_login(client):
    response = client.get(
        reverse("helpdesk:area_options"), {"level": "district", "picker_regency": "35.02"}
    )
    assert response.status_code == 200
    assert 'value="35.02.17"' in response.content.decode()
    villages = client.get(
        reverse("helpdesk:area_options"), {"level": "village", "picker_district": "35.02.17"}
    ).content.decode()
    assert village("35.02.17").code in villages
    regencies = client.get(
        reverse("helpdesk:area_options"), {"level": "regency", "picker_province": "35"}
    ).content.decode()
    assert 'value="35.02"' in regencies
    nothing = client.get(reverse("helpdesk:area_options"), {"level": "bogus"}).content.decode()
    assert "35." not in nothing
