"""The cohort list: who sees which cohorts, the module and time filters, seats left."""

# ruff: noqa: F811 (the fixtures come from test_cohort_support)

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from purna.programme.cohorts import cohort_enrol

from .test_cohort_support import (  # noqa: F401
    cohort,
    facilitator,
    login,
    make_cohort,
    quadrant_iii,
)

LIST = reverse("programme:cohorts")


def listed(client, query: str = "") -> list[str]:
    body = client.get(LIST + query).content.decode()
    return re.findall(r'data-testid="cohort-(\d+)"', body)


@pytest.mark.parametrize(
    "persona, status, sees",
    [
        ("admin", 200, True),
        ("coordinator", 200, True),
        ("field_officer", 200, True),
        ("mentor", 200, True),
        ("viewer", 403, False),
        ("outsider", 200, False),  # Pacitan: the Ponorogo cohort does not exist for them
        ("anonymous", 302, False),
        ("facilitator", 200, True),  # from Pacitan, but facilitates it
    ],
)
def test_access(login, cohort, persona, status, sees):
    client = login(persona)
    response = client.get(LIST)
    assert response.status_code == status
    assert (f'data-testid="cohort-{cohort.pk}"' in response.content.decode()) is sees


def test_viewer_sees_no_names_and_no_menu_item(login, cohort):
    client = login("viewer")
    assert cohort.name not in client.get(LIST).content.decode()
    assert (
        'data-testid="nav-cohorts"' not in client.get(reverse("home"), follow=True).content.decode()
    )
    assert (
        'data-testid="nav-cohorts"'
        in login("mentor").get(reverse("home"), follow=True).content.decode()
    )


def test_methods(login, cohort):
    assert login("coordinator").post(LIST).status_code == 405


@pytest.mark.parametrize("persona, sees", [("coordinator", True), ("field_officer", False)])
def test_new_cohort_button_for_managers(login, persona, sees):
    body = login(persona).get(LIST).content.decode()
    assert ('data-testid="new-cohort"' in body) is sees


def test_filter_by_module_and_time(login, db):
    today = timezone.localdate()
    past = make_cohort("MINDSET_BUSINESS", start=today - timedelta(days=60), name="Lalu")
    now = make_cohort(start=today - timedelta(days=7), name="Sekarang")
    later = make_cohort(start=today + timedelta(days=3), name="Nanti")
    client = login("coordinator")
    assert set(listed(client)) == {str(past.pk), str(now.pk), str(later.pk)}
    assert listed(client, "?module=MINDSET_BUSINESS") == [str(past.pk)]
    assert listed(client, "?timing=finished") == [str(past.pk)]
    assert listed(client, "?timing=ongoing") == [str(now.pk)]
    assert listed(client, "?timing=upcoming") == [str(later.pk)]
    assert listed(client, "?module=TRAINING_BUSINESS&timing=upcoming") == [str(later.pk)]
    body = client.get(LIST).content.decode()
    assert re.search(rf'cohort-{now.pk}".*?data-timing="ongoing"', body, re.S)


def test_seats_left(login, db):
    small = make_cohort(capacity=2)
    cohort_enrol(actor=None, cohort=small, people=[quadrant_iii(f"P{i}") for i in range(3)])
    body = login("coordinator").get(LIST).content.decode()
    row = body.split(f'data-testid="cohort-{small.pk}"')[1].split("</a>")[0]
    seats = re.search(r'data-testid="seats">(\d+) ', row).group(1)
    waiting = re.search(r'data-testid="waiting">(\d+) ', row).group(1)
    assert (seats, waiting) == ("0", "1")
