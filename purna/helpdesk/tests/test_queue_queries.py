"""The staff queue (selectors.ticket_queue and /helpdesk/) costs the same number of queries
for 3 tickets as for 30: nothing is fetched per ticket."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from purna.areas.models import District
from purna.helpdesk.selectors import ticket_queue
from purna.helpdesk.services import ticket_assign
from tests.factories import PONOROGO, make_institution

from .screen_helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def add_tickets(personas):
    """add_tickets(n): n more tickets across districts, kinds, assignees, queues and
    deadlines, so that anything read per ticket would show in the count."""
    districts = list(
        District.objects.filter(regency=PONOROGO).order_by("code").values_list("code", flat=True)
    )[:4]
    queues = [make_institution(), make_institution("Dinas Sosial Ponorogo", "government")]
    staff = [personas["coordinator"], personas["admin"], None]
    kinds = ["complaint", "help", "consultation", "abuse"]
    made = []

    def add(n: int) -> None:
        today = timezone.localdate()
        for _ in range(n):
            i = len(made)
            ticket = submit(
                kinds[i % 4], districts[i % len(districts)], on=today - timedelta(days=i % 40)
            )
            ticket_assign(
                actor=personas["admin"], ticket=ticket, assignee=staff[i % 3],
                institution=queues[i % 2],
            )  # fmt: skip
            made.append(ticket)

    return add


def queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def test_the_selector(personas, add_tickets):
    coordinator = personas["coordinator"]

    def read():
        for t in ticket_queue(coordinator):
            str(t.village.district.name), str(t.assignee), str(t.institution)

    add_tickets(3)
    few = queries(read)
    add_tickets(27)
    assert len(ticket_queue(coordinator)) > 20
    assert queries(read) == few


def test_the_queue_view(client_for, add_tickets):
    client = client_for("coordinator")
    url = reverse("helpdesk:queue")
    add_tickets(3)
    client.get(url)  # the first request of a session may warm caches
    few = queries(lambda: client.get(url, {"state": ""}))
    add_tickets(27)
    response = client.get(url, {"state": ""})
    assert len(response.context["page"].object_list) == 25
    assert queries(lambda: client.get(url, {"state": ""})) == few
