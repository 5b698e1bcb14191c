"""/helpdesk/: the staff queue. Who sees which tickets, the filters, overdue tickets first
and standing out with the days late, and sensitive tickets reduced to code, kind, state and
dates."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from purna.helpdesk.models import State
from purna.helpdesk.services import ticket_assign, ticket_transition

from .screen_helpers import (
    DESCRIPTION,
    QUEUE_ACCESS,
    SECRET,
    SECRET_NAME,
    english,
    sensitive_ticket,
    submit,
)

pytestmark = pytest.mark.django_db

URL = "/helpdesk/"


def test_the_url():
    assert reverse("helpdesk:queue") == URL


@pytest.mark.parametrize("persona, status", QUEUE_ACCESS)
def test_personas(client_for, persona, status):
    response = client_for(persona).get(URL)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/login/")


def test_post_is_not_allowed(client_for):
    assert client_for("admin").post(URL).status_code == 405


@pytest.fixture
def tickets(personas):
    return {
        "area": submit("complaint", name="Warga Babadan"),
        "sensitive": sensitive_ticket(),
        "outside": submit("help", "35.01", name="Warga Pacitan"),
    }


def listed(response) -> set[int]:
    return {t.pk for t in response.context["page"].object_list}


@pytest.mark.parametrize(
    "persona, visible",
    [
        ("admin", {"area", "sensitive", "outside"}),
        ("coordinator", {"area", "sensitive"}),
        ("field_officer", {"area"}),
        ("mentor", set()),
        ("outsider", {"outside"}),
    ],
)
def test_each_persona_sees_its_tickets(client_for, tickets, persona, visible):
    response = client_for(persona).get(URL)
    assert listed(response) == {tickets[k].pk for k in visible}
    html = response.content.decode()
    for key, ticket in tickets.items():
        assert (ticket.code in html) == (key in visible), key


def test_a_sensitive_ticket_shows_only_code_kind_state_and_dates(client_for, tickets):
    html = english(client_for("coordinator")).get(URL).content.decode()
    assert tickets["sensitive"].code in html
    assert SECRET not in html
    assert SECRET_NAME not in html
    row = html[html.index(f'data-testid="ticket-{tickets["sensitive"].pk}"') :]
    row = row[: row.index("</li>")]
    assert "Confidential" in row
    assert "Report of abuse or fraud" in row
    assert tickets["sensitive"].village.name not in row
    # The ordinary ticket shows who and what.
    assert "Warga Babadan" in html and DESCRIPTION[:40] in html


def test_a_sensitive_ticket_assigned_to_a_field_officer_still_hides_its_content(
    client_for, tickets, personas
):
    ticket_assign(
        actor=personas["admin"], ticket=tickets["sensitive"], assignee=personas["field_officer"]
    )
    html = client_for("field_officer").get(URL).content.decode()
    assert tickets["sensitive"].code in html
    assert SECRET not in html and SECRET_NAME not in html


def test_overdue_tickets_come_first_and_show_the_days_late(client_for, personas):
    today = timezone.localdate()
    fresh = submit("complaint", name="Baru")
    late = submit("complaint", on=today - timedelta(days=21), name="Terlambat")
    response = english(client_for("coordinator")).get(URL)
    rows = list(response.context["page"].object_list)
    assert [t.pk for t in rows] == [late.pk, fresh.pk]
    html = response.content.decode()
    days = (today - late.resolve_by).days
    assert days > 0
    assert f'data-testid="ticket-{late.pk}" data-overdue="{days}"' in html
    assert f"Not resolved: {days} day" in html
    assert f'data-testid="ticket-{fresh.pk}" data-overdue="0"' in html
    assert f'data-testid="late-{fresh.pk}"' not in html
    assert response.context["overdue_count"] == 1
    # The badge counts within the filters, as "Overdue only" would list.
    other_kind = english(client_for("coordinator")).get(URL, {"kind": "help"})
    assert other_kind.context["overdue_count"] == 0


def test_a_ticket_not_acknowledged_in_time(client_for, personas):
    today = timezone.localdate()
    late = submit("consultation", on=today - timedelta(days=5))
    assert late.acknowledge_by < today <= late.resolve_by
    html = english(client_for("admin")).get(URL).content.decode()
    assert "Not acknowledged:" in html
    assert f'data-testid="late-{late.pk}"' in html


def test_filters(client_for, personas):
    today = timezone.localdate()
    complaint = submit("complaint")
    help_ticket = submit("help")
    late = submit("complaint", on=today - timedelta(days=30))
    other_district = submit("complaint", "35.02.01")
    done = submit("complaint")
    ticket_transition(actor=personas["admin"], ticket=done, state=State.RESOLVED)
    mine = submit("consultation")
    ticket_assign(actor=personas["admin"], ticket=mine, assignee=personas["coordinator"])
    client = client_for("coordinator")

    def pks(**query):
        return listed(client.get(URL, query))

    everything_open = {complaint.pk, help_ticket.pk, late.pk, other_district.pk, mine.pk}
    assert pks() == everything_open  # open ones by default
    assert pks(state="") == everything_open | {done.pk}
    assert pks(state="resolved") == {done.pk}
    assert pks(kind="help") == {help_ticket.pk}
    assert pks(overdue="on") == {late.pk}
    assert pks(mine="on") == {mine.pk}
    assert pks(district=other_district.village.district_id) == {other_district.pk}
    # A district outside the choices is ignored, not an error.
    assert client.get(URL, {"district": "99.99.99"}).status_code == 200


def test_pagination(client_for):
    for _ in range(27):
        submit("complaint")
    client = client_for("admin")
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 25
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 2


def test_htmx_gets_the_results_only(client_for, tickets):
    response = client_for("admin").get(URL, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'data-testid="tickets"' in html
    assert "<html" not in html


def test_links_to_the_screens_by_role(client_for):
    coordinator = client_for("coordinator").get(URL).content.decode()
    assert reverse("helpdesk:reports") in coordinator and reverse("helpdesk:new") in coordinator
    officer = client_for("field_officer").get(URL).content.decode()
    assert reverse("helpdesk:reports") not in officer
    assert reverse("helpdesk:new") in officer


def test_a_bad_page_number_shows_the_first_page(client_for, tickets):
    response = client_for("admin").get(URL, {"page": "abc"})
    assert response.status_code == 200
    assert response.context["page"].number == 1
