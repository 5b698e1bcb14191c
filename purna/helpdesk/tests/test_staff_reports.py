"""/helpdesk/reports/: open tickets by kind and district, the share resolved within the
deadline, median working days to acknowledge and to resolve, satisfaction. Counts only:
never a ticket's content."""

import pytest
from django.urls import reverse

from purna.helpdesk.models import State
from purna.helpdesk.services import ticket_rate, ticket_transition

from .screen_helpers import MANAGE_ACCESS, SECRET, SECRET_NAME, english, sensitive_ticket, submit

pytestmark = pytest.mark.django_db

URL = "/helpdesk/reports/"


def test_the_url():
    assert reverse("helpdesk:reports") == URL


@pytest.mark.parametrize("persona, status", MANAGE_ACCESS)
def test_personas(client_for, persona, status):
    assert client_for(persona).get(URL).status_code == status


def test_post_is_not_allowed(client_for):
    assert client_for("admin").post(URL).status_code == 405


def test_the_figures(client_for, personas):
    submit("complaint")
    submit("help", "35.02.01")
    sensitive_ticket()
    done = submit("complaint")
    ticket_transition(actor=personas["admin"], ticket=done, state=State.RESOLVED)
    ticket_rate(ticket=done, satisfaction=4)
    submit("complaint", "35.01")  # outside the coordinator's area

    response = english(client_for("coordinator")).get(URL)
    report = response.context["report"]
    assert report.open_total == 3
    assert report.resolved == report.resolved_in_time == 1
    assert report.satisfaction_average == 4
    html = response.content.decode()
    assert 'data-testid="open-total">3<' in html
    assert 'data-testid="share-in-time">100%<' in html
    assert "4.0 / 5" in html
    assert "Report of abuse or fraud" in html  # counted by kind
    assert SECRET not in html and SECRET_NAME not in html


def test_the_period(client_for, personas):
    from datetime import date

    submit("complaint", on=date(2026, 3, 2))
    submit("complaint", on=date(2026, 5, 4))
    client = client_for("admin")
    report = client.get(URL, {"start": "2026-05-01", "end": "2026-05-31"}).context["report"]
    assert report.submitted == 1
    everything = client.get(URL).context["report"]
    assert everything.submitted == 2


def test_an_end_before_the_start_is_refused(client_for):
    response = english(client_for("admin")).get(URL, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 200
    assert "before the start" in response.content.decode()
    assert response.context["report"].start is None


def test_nothing_to_report(client_for):
    html = client_for("admin").get(URL).content.decode()
    assert 'data-testid="share-in-time">–<' in html
