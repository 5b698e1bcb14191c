"""/helpdesk/people/<pk>/panel/: the helpdesk requests on a returnee's page (an HTMX panel
the person page loads by URL name), and the "new request for this returnee" prefill of
/helpdesk/new/."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from purna.helpdesk.models import Ticket
from purna.helpdesk.selectors import PERSON_PANEL_TICKETS
from purna.helpdesk.services import ticket_assign
from tests.factories import make_person

from .screen_helpers import DESCRIPTION, SECRET, SECRET_NAME, english, sensitive_ticket, submit

pytestmark = pytest.mark.django_db


def url(person) -> str:
    return reverse("helpdesk:person_panel", args=[person.pk])


def linked(ticket: Ticket, person) -> Ticket:
    # Written directly: linking after entry is another screen's (and its tests') business.
    Ticket.objects.filter(pk=ticket.pk).update(person=person)
    ticket.refresh_from_db()
    return ticket


def shown(response) -> set[int]:
    return {t.pk for t in response.context["tickets"]}


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 404),  # not a family they accompany
        ("viewer", 403),
        ("peer_mentor", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_personas(client_for, person, persona, status):
    response = client_for(persona).get(url(person))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/login/")


def test_post_is_not_allowed(client_for, person):
    assert client_for("coordinator").post(url(person)).status_code == 405


def test_the_person_page_loads_the_panel(client_for, person):
    page = client_for("field_officer").get(reverse("people:detail", args=[person.pk]))
    assert f'hx-get="{url(person)}"' in page.content.decode()


@pytest.fixture
def tickets(person):
    return {
        "plain": linked(submit("complaint", name="Siti di telepon"), person),
        "secret": linked(sensitive_ticket(), person),
        # Linked, but sent from a village outside Ponorogo: its area decides who sees it.
        "away": linked(submit("help", "35.01"), person),
        "unlinked": submit("complaint", name="Tetangga"),
    }


@pytest.mark.parametrize(
    "persona, visible",
    [
        ("admin", {"plain", "secret", "away"}),
        ("coordinator", {"plain", "secret"}),
        ("field_officer", {"plain"}),
    ],
)
def test_each_persona_sees_the_linked_tickets_it_may_see(client_for, tickets, persona, visible):
    response = client_for(persona).get(url(tickets["plain"].person))
    assert shown(response) == {tickets[k].pk for k in visible}
    html = response.content.decode()
    for key, ticket in tickets.items():
        assert (ticket.code in html) == (key in visible), key
    assert (DESCRIPTION[:40] in html) is ("plain" in visible)


def test_a_sensitive_ticket_shows_neither_content_nor_submitter(client_for, tickets):
    html = english(client_for("coordinator")).get(url(tickets["secret"].person)).content.decode()
    assert SECRET not in html and SECRET_NAME not in html
    row = html[html.index(f'data-testid="ticket-{tickets["secret"].pk}"') :]
    row = row[: row.index("</li>")]
    assert 'data-sensitive="1"' in row
    assert "Confidential" in row and "Report of abuse or fraud" in row
    assert reverse("helpdesk:ticket", args=[tickets["secret"].pk]) in row


def test_the_mentor_of_the_family_sees_the_tickets_assigned_to_them(
    client_for, personas, accompany, tickets
):
    person = tickets["plain"].person
    accompany(person)
    assert shown(client_for("mentor").get(url(person))) == set()
    ticket_assign(actor=personas["admin"], ticket=tickets["plain"], assignee=personas["mentor"])
    assert shown(client_for("mentor").get(url(person))) == {tickets["plain"].pk}


def test_newest_first_with_the_overdue_marked(client_for, person):
    today = timezone.localdate()
    late = linked(submit("complaint", on=today - timedelta(days=35)), person)
    fresh = linked(submit("complaint"), person)
    response = english(client_for("coordinator")).get(url(person))
    assert [t.pk for t in response.context["tickets"]] == [fresh.pk, late.pk]
    html = response.content.decode()
    days = (today - late.resolve_by).days
    assert days > 0
    assert f'data-testid="ticket-{late.pk}" data-overdue="{days}"' in html
    assert f"Not resolved: {days} day" in html
    assert f'data-testid="late-{fresh.pk}"' not in html


def test_empty_with_a_link_to_enter_a_request(client_for, person):
    response = english(client_for("field_officer")).get(url(person))
    html = response.content.decode()
    assert "<html" not in html and html.strip().startswith("<section")
    assert 'data-testid="no-tickets"' in html
    assert f"{reverse('helpdesk:new')}?person={person.pk}" in html


def test_the_newest_few_in_a_constant_number_of_queries(client_for, personas, person):
    client = client_for("coordinator")
    for _ in range(3):
        ticket_assign(
            actor=personas["admin"], ticket=linked(submit("help"), person),
            assignee=personas["field_officer"],
        )  # fmt: skip
    client.get(url(person))
    with CaptureQueriesContext(connection) as few:
        client.get(url(person))
    for _ in range(PERSON_PANEL_TICKETS + 2):
        ticket_assign(
            actor=personas["admin"], ticket=linked(submit("complaint"), person),
            assignee=personas["coordinator"],
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        response = english(client).get(url(person))
    assert len(many) <= len(few) + 1  # the count of all, once more than the panel shows
    assert len(response.context["tickets"]) == PERSON_PANEL_TICKETS
    assert f"The {PERSON_PANEL_TICKETS} newest of {PERSON_PANEL_TICKETS + 5} requests." in (
        response.content.decode()
    )


# The prefilled entry form


NEW = reverse("helpdesk:new")


def form_initial(client, person_pk) -> dict:
    response = client.get(NEW, {"person": person_pk})
    assert response.status_code == 200
    return response.context["form"].initial


def test_staff_get_the_returnee_prefilled_and_the_ticket_linked(client_for):
    person = make_person(full_name="Sulastri", phone="081255551234")
    client = client_for("field_officer")
    initial = form_initial(client, person.pk)
    assert initial == {
        "name": "Sulastri",
        "nik": person.nik,
        "phone": "081255551234",
        "village": person.village_id,
    }
    html = client.get(NEW, {"person": person.pk}).content.decode()
    assert 'value="Sulastri"' in html and f'value="{person.nik}"' in html
    data = {**initial, "channel": "walk_in", "kind": "help", "topic": "capital",
            "email": "", "description": "Butuh modal", "sensitive": ""}  # fmt: skip
    client.post(f"{NEW}?person={person.pk}", data)
    assert Ticket.objects.get().person == person


def test_a_mentor_gets_no_full_nik_or_phone(client_for, accompany):
    person = make_person(full_name="Sulastri", phone="081255551234")
    accompany(person)
    assert form_initial(client_for("mentor"), person.pk) == {
        "name": "Sulastri",
        "village": person.village_id,
    }


@pytest.mark.parametrize("value", ["outside", "999999", "abc", ""])
def test_anyone_the_user_may_not_see_leaves_the_form_empty(client_for, value):
    outside = make_person(full_name="Warga Pacitan", village_code_prefix="35.01")
    pk = outside.pk if value == "outside" else value
    client = client_for("field_officer")
    assert form_initial(client, pk) == {}
    assert "Warga Pacitan" not in client.get(NEW, {"person": pk}).content.decode()
