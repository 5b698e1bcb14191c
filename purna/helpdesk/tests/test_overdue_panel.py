"""/helpdesk/overdue/panel/: the block "Overdue help requests" that the coordinator's
follow-up page and the mentoring home screen load with HTMX, by URL name."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import purna
from purna.helpdesk.selectors import OVERDUE_BLOCK_TICKETS
from purna.helpdesk.services import ticket_assign

from .screen_helpers import SECRET, SECRET_NAME, english, sensitive_ticket, submit

pytestmark = pytest.mark.django_db

URL = "/helpdesk/overdue/panel/"


def late(kind="complaint", prefix="35.02.17", days=35, **extra):
    return submit(kind, prefix, on=timezone.localdate() - timedelta(days=days), **extra)


def test_the_url():
    assert reverse("helpdesk:overdue_panel") == URL


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 200),
        ("viewer", 403),
        ("peer_mentor", 403),
        ("outsider", 200),
        ("anonymous", 302),
    ],
)
def test_personas(client_for, persona, status):
    response = client_for(persona).get(URL)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/login/")


def test_post_is_not_allowed(client_for):
    assert client_for("coordinator").post(URL).status_code == 405


@pytest.fixture
def tickets(personas):
    today = timezone.localdate()
    return {
        "area": late(name="Warga Babadan"),
        "secret": sensitive_ticket(on=today - timedelta(days=35)),
        "outside": late("help", "35.01"),
        "fresh": submit("complaint"),
    }


def listed(response) -> set[int]:
    return {t.pk for t in response.context["overdue"].first}


@pytest.mark.parametrize(
    "persona, visible",
    [
        ("admin", {"area", "secret", "outside"}),
        ("coordinator", {"area", "secret"}),
        ("field_officer", {"area"}),
        ("outsider", {"outside"}),
        ("mentor", set()),
    ],
)
def test_only_the_overdue_tickets_the_user_may_see(client_for, tickets, persona, visible):
    response = client_for(persona).get(URL)
    assert listed(response) == {tickets[k].pk for k in visible}
    html = response.content.decode()
    for key, ticket in tickets.items():
        assert (ticket.code in html) == (key in visible), key
    if visible:
        assert f'data-count="{len(visible)}"' in html
    else:
        assert html.strip() == ""  # nothing at all: the worklist stays quiet


def test_a_mentor_sees_the_requests_assigned_to_them(client_for, personas, tickets):
    ticket_assign(actor=personas["admin"], ticket=tickets["area"], assignee=personas["mentor"])
    assert listed(client_for("mentor").get(URL)) == {tickets["area"].pk}


def test_compact_without_content_and_linking_to_the_queue(client_for, tickets):
    html = english(client_for("coordinator")).get(URL).content.decode()
    assert "Overdue help requests" in html
    assert SECRET not in html and SECRET_NAME not in html
    assert "Warga Babadan" not in html  # a count and codes, nobody's name
    row = html[html.index(f'data-testid="overdue-ticket-{tickets["secret"].pk}"') :]
    row = row[: row.index("</li>")]
    assert "Confidential" in row
    assert reverse("helpdesk:ticket", args=[tickets["secret"].pk]) in row
    days = (timezone.localdate() - tickets["area"].resolve_by).days
    assert f'data-testid="overdue-ticket-{tickets["area"].pk}" data-overdue="{days}"' in html
    assert f'href="{reverse("helpdesk:queue")}?overdue=on"' in html


def test_a_few_dozen_in_a_constant_number_of_queries(
    client_for, personas, django_assert_max_num_queries
):
    client = client_for("coordinator")
    late()
    client.get(URL)
    with django_assert_max_num_queries(100) as one:
        client.get(URL)
    for days in range(30):
        ticket = late("abuse" if days % 3 else "help", days=35 + days)
        if days % 2:
            ticket_assign(actor=personas["admin"], ticket=ticket, assignee=personas["coordinator"])
    # One more than for a single ticket: the count, once the block cannot show them all.
    with django_assert_max_num_queries(len(one) + 1):
        response = english(client).get(URL)
    overdue = response.context["overdue"]
    assert overdue.count == 31
    assert len(overdue.first) == OVERDUE_BLOCK_TICKETS
    # The longest overdue first, as in the queue.
    assert overdue.first[0].days_late == max(t.days_late for t in overdue.first)
    assert f"The {OVERDUE_BLOCK_TICKETS} most overdue of {overdue.count}." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "page, persona",
    [
        ("programme:followup", "coordinator"),
        ("mentoring:home", "coordinator"),
        ("mentoring:home", "mentor"),
    ],
)
def test_the_worklists_load_the_block(client_for, page, persona):
    html = client_for(persona).get(reverse(page)).content.decode()
    assert f'hx-get="{URL}"' in html


def test_the_apps_below_load_the_helpdesk_by_url_name_only():
    """people, programme and mentoring sit below the helpdesk: no Python import of it."""
    root = Path(purna.__file__).parent
    found = []
    for app in ("people", "programme", "mentoring"):
        for path in (root / app).rglob("*.py"):
            if re.search(r"^\s*(from|import)\s+purna\.helpdesk\b", path.read_text(), re.M):
                found.append(str(path))
    assert (root / "people" / "views.py").is_file()
    assert found == []
