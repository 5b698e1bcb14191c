"""/helpdesk/new/: staff enter a request on someone's behalf (a phone call, a walk-in, via a
mentor, a pasted SMS or WhatsApp message)."""

import pytest
from django.urls import reverse

from purna.helpdesk.models import Ticket
from purna.notifications.models import OutboxMessage
from tests.factories import make_person, village

from .screen_helpers import QUEUE_ACCESS, english

pytestmark = pytest.mark.django_db

URL = "/helpdesk/new/"


def form(**overrides) -> dict:
    data = {
        "channel": "phone",
        "kind": "complaint",
        "topic": "",
        "name": "Pak Darto",
        "phone": "0812 7777 1234",
        "email": "",
        "nik": "",
        "village": village("35.02.17").code,
        "description": "Bantuan belum diterima sejak tiga bulan.",
        "sensitive": "",
    }
    data.update(overrides)
    return data


def test_the_url():
    assert reverse("helpdesk:new") == URL


@pytest.mark.parametrize("persona, status", QUEUE_ACCESS)
def test_personas(client_for, persona, status):
    assert client_for(persona).get(URL).status_code == status


@pytest.mark.parametrize("persona", ["viewer", "peer_mentor"])
def test_who_may_not_cannot_post_either(client_for, persona):
    assert client_for(persona).post(URL, form()).status_code == 403
    assert not Ticket.objects.exists()


def test_put_is_not_allowed(client_for):
    assert client_for("admin").put(URL).status_code == 405


def test_a_phone_call(client_for, personas):
    response = client_for("field_officer").post(URL, form())
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:ticket", args=[ticket.pk])
    assert (ticket.channel, ticket.kind, ticket.created_by) == (
        "phone",
        "complaint",
        personas["field_officer"],
    )
    assert ticket.village.district_id == "35.02.17"
    assert OutboxMessage.objects.filter(dedupe_key=f"ticket-code:{ticket.pk}").exists()


def test_a_walk_in_without_contact_or_village(client_for):
    response = client_for("coordinator").post(
        URL, form(channel="walk_in", phone="", village="", kind="consultation", no_contact="on")
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.village is None and ticket.submitter_phone == ""


def test_the_nik_of_a_returnee_in_the_area_links_them(client_for):
    person = make_person(full_name="Sulastri")
    client_for("field_officer").post(URL, form(nik=person.nik, village=""))
    ticket = Ticket.objects.get()
    assert ticket.person == person
    assert ticket.village == person.village  # from the returnee


def test_a_nik_outside_the_area_is_kept_but_not_linked(client_for):
    person = make_person(full_name="Warga Pacitan", village_code_prefix="35.01")
    client_for("field_officer").post(URL, form(nik=person.nik))
    ticket = Ticket.objects.get()
    assert ticket.person is None and ticket.submitter_nik == person.nik


def test_a_sensitive_report_goes_to_the_coordinators(client_for):
    response = english(client_for("field_officer")).post(URL, form(kind="abuse"), follow=True)
    ticket = Ticket.objects.get()
    assert ticket.sensitive
    assert response.redirect_chain[-1][0] == reverse("helpdesk:queue")
    assert ticket.code in response.content.decode()
    assert "confidential" in response.content.decode()
    assert ticket.description not in response.content.decode()


def test_staff_may_mark_a_complaint_sensitive(client_for):
    client_for("coordinator").post(URL, form(sensitive="yes"))
    assert Ticket.objects.get().sensitive


def test_a_pasted_message_as_it_is(client_for):
    text = "Assalamualaikum bu, saya mau tanya soal modal usaha 🙏\nTerima kasih"
    client_for("mentor").post(URL, form(channel="message", description=text))
    assert Ticket.objects.get().description == text


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"channel": "web"}, "channel"),
        ({"channel": ""}, "channel"),
        ({"kind": ""}, "kind"),
        ({"name": ""}, "name"),
        ({"description": ""}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"phone": "abc"}, "phone"),
        ({"nik": "12345"}, "nik"),
        ({"village": "35.01.01.2001"}, "village"),  # outside the field officer's area
    ],
)
def test_bad_input_writes_nothing(client_for, overrides, field):
    response = client_for("field_officer").post(URL, form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Ticket.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_mentor_entry_goes_to_the_team_of_the_area(client_for):
    response = english(client_for("mentor")).post(URL, form(channel="mentor"), follow=True)
    ticket = Ticket.objects.get()
    assert response.redirect_chain[-1][0] == reverse("helpdesk:queue")
    html = response.content.decode()
    assert ticket.code in html and "helpdesk team of the area" in html
    assert "It is confidential" not in html
