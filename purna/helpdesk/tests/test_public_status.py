"""/help/status/: the tracking code and the last four digits of the phone open a request's
page, for this browser only and for a short time. An unknown code and a wrong number get
the same answer; failed attempts are limited; internal notes and staff names never show."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from purna.helpdesk import public_views
from purna.helpdesk.models import Message, State, StatusLookup, Ticket
from purna.helpdesk.services import (
    MAX_FAILED_LOOKUPS_PER_HOUR,
    ticket_note,
    ticket_reply,
    ticket_submit,
    ticket_transition,
)

from .screen_helpers import english, pdf, png, submit, tmp_media, without_tokens  # noqa: F401

pytestmark = pytest.mark.django_db

STATUS = "/help/status/"
PAGE = "/help/status/request/"
REPLY = "Silakan datang ke kantor desa hari Senin jam 9 pagi."
NOTE = "Catatan internal: pak kades sudah pernah dilaporkan sebelumnya."


@pytest.fixture
def ticket(personas):
    ticket = submit("help", phone="0812 3456 7890")
    ticket_reply(actor=personas["coordinator"], ticket=ticket, body=REPLY, attachments=[pdf()])
    ticket_note(actor=personas["coordinator"], ticket=ticket, body=NOTE, attachments=[png()])
    return Ticket.objects.get(pk=ticket.pk)


def open_status(client, code: str, suffix: str = "7890", **extra):
    return client.post(STATUS, {"code": code, "suffix": suffix}, **extra)


def other_code(code: str) -> str:
    """A well-formed code that belongs to no ticket."""
    from random import Random

    from purna.core.tickets import new_code

    rng = Random(7)
    while True:
        candidate = new_code(rng)
        if candidate != code:
            return candidate


def test_the_urls():
    assert reverse("helpdesk:status") == STATUS
    assert reverse("helpdesk:status_ticket") == PAGE


@pytest.mark.parametrize("persona", ["admin", "field_officer", "viewer", "anonymous"])
def test_anyone_may_open_the_form(client_for, persona):
    response = client_for(persona).get(STATUS)
    assert response.status_code == 200
    assert 'data-testid="status-form"' in response.content.decode()


@pytest.mark.parametrize("url", [STATUS, PAGE])
def test_other_methods(client, url):
    assert client.put(url).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/help/status/message/",
        "/help/status/reopen/",
        "/help/status/rate/",
        "/help/status/leave/",
    ],
)
def test_actions_are_posts_only(client, url):
    assert client.get(url).status_code == 405


def test_the_right_code_and_digits_open_the_page(client, ticket):
    response = open_status(client, ticket.code)
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert ticket.code not in response["Location"]
    page = english(client).get(PAGE)
    html = page.content.decode()
    assert page.status_code == 200
    assert ticket.code in html
    assert ticket.description in html
    assert REPLY in html
    assert 'data-state="acknowledged"' in html  # the reply acknowledged it
    assert "surat.pdf" in html  # the reply's file
    # Never the internal note, its file, nor who wrote the reply.
    assert NOTE not in html
    assert "foto.png" not in html
    assert "Coordinator" not in html and "coordinator" not in html
    assert "Purna helpdesk" in html


def test_the_code_may_be_typed_loosely(client, ticket):
    loose = ticket.code.lower().replace("-", " ")
    assert open_status(client, loose)["Location"] == PAGE


def test_an_unknown_code_and_a_wrong_number_get_the_same_answer(client, ticket):
    english(client)
    wrong_number = open_status(client, ticket.code, "1234")
    unknown_code = open_status(client, other_code(ticket.code), "1234")
    assert wrong_number.status_code == unknown_code.status_code == 200
    assert "We found no request with this code and these digits" in wrong_number.content.decode()
    # Byte for byte the same page, but for the code typed back into the form.
    assert without_tokens(wrong_number.content).replace(ticket.code, "X") == without_tokens(
        unknown_code.content
    ).replace(other_code(ticket.code), "X")
    assert StatusLookup.objects.count() == 2
    assert client.get(PAGE).status_code == 302  # nothing was opened


def test_a_malformed_code_is_explained_and_not_counted(client, ticket):
    response = english(client).post(STATUS, {"code": "PRN-0000-0000", "suffix": "7890"})
    assert "This is not a tracking code" in response.content.decode()
    bad_digits = client.post(STATUS, {"code": ticket.code, "suffix": "78x0"})
    assert "last four digits" in bad_digits.content.decode()
    assert StatusLookup.objects.count() == 0


def test_too_many_failures_from_one_address_are_refused_even_when_right(client, ticket):
    for _ in range(MAX_FAILED_LOOKUPS_PER_HOUR):
        assert open_status(client, ticket.code, "0000", REMOTE_ADDR="10.0.0.7").status_code == 200
    english(client)
    refused = open_status(client, ticket.code, "7890", REMOTE_ADDR="10.0.0.7")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert client.get(PAGE).status_code == 302
    # Another address may still open it.
    assert open_status(client, ticket.code, "7890", REMOTE_ADDR="10.0.0.8").status_code == 302


def test_failures_older_than_an_hour_do_not_count(client, ticket):
    for _ in range(MAX_FAILED_LOOKUPS_PER_HOUR):
        open_status(client, ticket.code, "0000", REMOTE_ADDR="10.0.0.7")
    StatusLookup.objects.update(at=timezone.now() - timedelta(minutes=61))
    assert open_status(client, ticket.code, "7890", REMOTE_ADDR="10.0.0.7").status_code == 302


def test_the_address_is_kept_only_as_a_hash(client, ticket):
    open_status(client, ticket.code, "0000", REMOTE_ADDR="10.11.12.13")
    lookup = StatusLookup.objects.get()
    assert "10.11.12.13" not in lookup.source_hash and len(lookup.source_hash) == 64


def test_a_request_given_with_an_email_only_opens_with_the_email(client, db):
    ticket = ticket_submit(kind="complaint", description="x", name="Ani", email="ani@example.org")
    assert open_status(client, ticket.code, "ANI@example.org")["Location"] == PAGE
    other = type(client)()
    assert open_status(other, ticket.code, "0000").status_code == 200
    assert other.get(PAGE).status_code == 302


def test_access_is_for_this_browser_and_expires(client, ticket, monkeypatch):
    open_status(client, ticket.code)
    assert client.get(PAGE).status_code == 200
    stranger = type(client)()
    assert stranger.get(PAGE).status_code == 302

    later = timezone.now() + public_views.STATUS_ACCESS + timedelta(minutes=1)
    monkeypatch.setattr(public_views.timezone, "now", lambda: later)
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"] == STATUS


def test_leaving_closes_the_page_on_this_device(client, ticket):
    open_status(client, ticket.code)
    assert client.post("/help/status/leave/").status_code == 302
    assert client.get(PAGE).status_code == 302


def test_the_submitter_writes_back_and_a_waiting_ticket_moves_on(
    client, ticket, personas, settings
):
    ticket_transition(actor=personas["coordinator"], ticket=ticket, state=State.WAITING)
    open_status(client, ticket.code)
    response = client.post(
        "/help/status/message/", {"body": "Baik, saya datang Senin.", "attachments": [png("a.png")]}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == State.IN_PROGRESS
    message = ticket.messages.get(kind=Message.Kind.SUBMITTER)
    assert message.body == "Baik, saya datang Senin." and message.author is None
    assert ticket.attachments.filter(original_name="a.png").exists()
    assert "Baik, saya datang Senin." in client.get(PAGE).content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"body": ""}, "required"),
        ({"body": "x" * 5001}, "at most 5000"),
    ],
)
def test_a_bad_message_writes_nothing(client, ticket, data, message):
    open_status(client, ticket.code)
    before = ticket.messages.count()
    response = english(client).post("/help/status/message/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ticket.messages.count() == before


def test_a_bad_file_writes_nothing(client, ticket):
    from django.core.files.uploadedfile import SimpleUploadedFile

    open_status(client, ticket.code)
    before = ticket.messages.count()
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00")
    response = english(client).post(
        "/help/status/message/", {"body": "lihat", "attachments": [bad]}
    )
    html = response.content.decode()
    assert "is not a photo" in html
    assert "Choose your files again" in html  # the browser dropped them
    assert ticket.messages.count() == before


def test_actions_without_access_go_back_to_the_form(client, ticket):
    for url in ("/help/status/message/", "/help/status/reopen/", "/help/status/rate/"):
        response = client.post(url, {"body": "x", "reason": "x", "satisfaction": "5"})
        assert response.status_code == 302 and response["Location"] == STATUS
    assert ticket.messages.count() == 2


def test_rate_once_after_resolution_and_reopen(client, ticket, personas):
    open_status(client, ticket.code)
    html = client.get(PAGE).content.decode()
    assert 'data-testid="rate-form"' not in html and 'data-testid="reopen"' not in html
    early = english(client).post("/help/status/rate/", {"satisfaction": "5"}, follow=True)
    assert "once the request is resolved" in early.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).satisfaction is None

    ticket_transition(actor=personas["coordinator"], ticket=ticket, state=State.RESOLVED)
    html = client.get(PAGE).content.decode()
    assert 'data-testid="rate-form"' in html and 'data-testid="reopen"' in html
    assert 'data-testid="send-message"' not in html
    assert (
        client.post("/help/status/rate/", {"satisfaction": "4", "comment": "Cepat"}).status_code
        == 302
    )
    ticket.refresh_from_db()
    assert (ticket.satisfaction, ticket.satisfaction_comment) == (4, "Cepat")
    again = english(client).post("/help/status/rate/", {"satisfaction": "1"}, follow=True)
    assert "already been rated" in again.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).satisfaction == 4

    response = client.post("/help/status/reopen/", {"reason": "Masih belum ada kabar."})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == State.IN_PROGRESS and ticket.reopened == 1


def test_reopening_after_thirty_days_is_refused(client, ticket, personas):
    ticket_transition(actor=personas["coordinator"], ticket=ticket, state=State.RESOLVED)
    Ticket.objects.filter(pk=ticket.pk).update(resolved_at=timezone.now() - timedelta(days=31))
    open_status(client, ticket.code)
    assert 'data-testid="reopen"' not in client.get(PAGE).content.decode()
    response = english(client).post("/help/status/reopen/", {"reason": "Tolong"}, follow=True)
    assert response.status_code == 200
    assert "can no longer be reopened" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).state == State.RESOLVED


def test_files_only_of_this_ticket_and_never_of_a_note(client, ticket):
    reply_file = ticket.attachments.get(message__kind=Message.Kind.REPLY)
    note_file = ticket.attachments.get(message__kind=Message.Kind.NOTE)
    url = lambda a: reverse("helpdesk:status_attachment", args=[a.pk])  # noqa: E731
    assert client.get(url(reply_file)).status_code == 404  # not opened yet
    open_status(client, ticket.code)
    response = client.get(url(reply_file))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(url(note_file)).status_code == 404

    other = submit("complaint")
    ticket_reply(actor=None, ticket=other, body="x", attachments=[pdf("lain.pdf")])
    assert client.get(url(other.attachments.get())).status_code == 404


def test_the_sent_page_leads_to_the_status_page(client):
    client.post(
        "/help/",
        {
            "kind": "consultation",
            "name": "Rina",
            "phone": "0813 1111 4321",
            "description": "Saya ingin bicara.",
        },
    )
    sent = english(client).get("/help/sent/").content.decode()
    assert 'data-testid="open-status"' in sent
    assert "last four digits of your phone number" in sent
    assert client.get(PAGE).status_code == 200


def test_the_sent_page_tells_an_email_only_sender_to_use_the_email(client):
    data = {"kind": "complaint", "name": "Ani", "email": "ani@example.org", "description": "x"}
    assert client.post("/help/", data).status_code == 302
    sent = english(client).get("/help/sent/").content.decode()
    secret = sent[sent.index('data-testid="status-secret"') :].split("</span>")[0]
    assert "your email address" in secret
    assert "phone" not in secret


def test_a_resolved_request_takes_no_message_but_may_be_reopened(client, ticket, personas):
    ticket_transition(actor=personas["coordinator"], ticket=ticket, state=State.RESOLVED)
    open_status(client, ticket.code)
    before = ticket.messages.count()
    response = english(client).post("/help/status/message/", {"body": "Halo"}, follow=True)
    assert "Reopen it if you need more help" in response.content.decode()
    assert ticket.messages.count() == before


@pytest.mark.parametrize("value", ["0", "6", "lima", ""])
def test_a_rating_out_of_range(client, ticket, personas, value):
    ticket_transition(actor=personas["coordinator"], ticket=ticket, state=State.RESOLVED)
    open_status(client, ticket.code)
    response = english(client).post("/help/status/rate/", {"satisfaction": value})
    assert response.status_code == 200
    assert response.context["rate_form"].errors["satisfaction"] == ["Choose a score from 1 to 5."]
    assert "Choose a score from 1 to 5." in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).satisfaction is None
