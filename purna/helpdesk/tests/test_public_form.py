"""/help/: the public form. No login, Indonesian first, a tracking code that never goes in
a URL, a honeypot, size limits, rate limits, and no word on whether a NIK is registered."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from purna.helpdesk.models import Attachment, Message, Ticket
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


def test_with_attachments(client):
    response = client.post(URL, {**form(), "attachments": [png("ktp.png"), pdf("surat.pdf")]})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert sorted(a.content_type for a in ticket.attachments.all()) == [
        "application/pdf",
        "image/png",
    ]
    # Kept beside the request for staff (see public_views._submitter_files).
    assert Message.objects.get(ticket=ticket).kind == Message.Kind.NOTE


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
        ([SimpleUploadedFile("foto.jpg", b"not really a photo")], "is not a photo"),
        ([png(f"f{i}.png") for i in range(4)], "At most 3 files"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(client, settings, files, message):
    response = english(client).post(URL, {**form(), "attachments": files})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["attachments"])
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_a_file_over_five_megabytes(client):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
    response = english(client).post(URL, {**form(), "attachments": [big]})
    assert "larger than 5 MB" in " ".join(response.context["form"].errors["attachments"])
    assert not Ticket.objects.exists()


def test_the_topic_is_dropped_for_other_kinds(client):
    client.post(URL, form(kind="complaint", topic="legal"))
    assert Ticket.objects.get().topic == ""


def test_rate_limited_per_address(client):
    for i in range(5):
        response = client.post(URL, form(phone=f"0812 3456 {i:04d}"), REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 302
    response = english(client).post(URL, form(phone="0812 9999 0000"), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 429
    assert "cannot take more requests" in response.content.decode()
    assert Ticket.objects.count() == 5
    # Another address is not limited.
    assert client.post(URL, form(phone="0812 9999 0001"), REMOTE_ADDR="10.9.9.9").status_code == 302


def test_rate_limited_per_phone(client):
    for i in range(3):
        client.post(URL, form(), REMOTE_ADDR=f"10.0.0.{i}")
    response = client.post(URL, form(), REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429
    assert Ticket.objects.count() == 3


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
