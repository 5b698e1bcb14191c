"""A family's businesses (/business/people/<pk>/) and the panel on the person page."""

from datetime import date

import pytest
from django.urls import reverse

from purna.business.services import business_save
from purna.mentors.models import Assignment
from tests.factories import make_person

from .conftest import READ_ACCESS, add_record, english


def list_url(person):
    return reverse("business:person_businesses", args=[person.pk])


def panel_url(person):
    return reverse("business:person_panel", args=[person.pk])


def test_the_list_keeps_the_path_other_screens_link_to(person):
    assert list_url(person) == f"/business/people/{person.pk}/"
    assert panel_url(person) == f"/business/people/{person.pk}/panel/"


@pytest.mark.parametrize("url", [list_url, panel_url])
@pytest.mark.parametrize("persona, status", READ_ACCESS)
def test_access(client_for, person, business, url, persona, status):
    assert client_for(persona).get(url(person)).status_code == status


@pytest.mark.parametrize("url", [list_url, panel_url])
def test_a_mentor_sees_assigned_families_only(client_for, person, business, assigned_mentor, url):
    client = client_for("mentor")
    assert client.get(url(person)).status_code == 200
    other = make_person(full_name="Not Theirs")
    assert client.get(url(other)).status_code == 404


def test_a_mentor_whose_assignment_ended_loses_the_family(client_for, person, assigned_mentor):
    Assignment.objects.filter(person=person).update(ended_on=date(2026, 3, 1))
    assert client_for("mentor").get(list_url(person)).status_code == 404


@pytest.mark.parametrize("url", [list_url, panel_url])
def test_post_not_allowed(client_for, person, url):
    assert client_for("admin").post(url(person)).status_code == 405


def test_list_shows_each_business_with_its_latest_month(client_for, person, business):
    add_record(business, date(2026, 2, 1), 2_000_000, 2_500_000)
    add_record(business, date(2026, 3, 1), 3_000_000, 1_000_000)
    closed = business_save(
        actor=None,
        person=person,
        name="Jahit Lama",
        sector="tailoring",
        status="closed",
        closed_reason="Mesin rusak",
    )
    response = english(client_for("field_officer")).get(list_url(person))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Warung Soto Bu Siti" in html and "Jahit Lama" in html
    assert f'data-testid="last-month-{business.pk}">March 2026<' in html
    assert f'data-testid="last-profit-{business.pk}" data-value="2000000"' in html
    # February lost money: one month of the last 8 with a profit.
    assert f'data-testid="profitable-{business.pk}" data-value="1"' in html
    assert "Mesin rusak" in html
    # Operating first; no "add record" for a closed business.
    assert html.index("Warung Soto") < html.index("Jahit Lama")
    assert f'data-testid="add-record-{business.pk}"' in html
    assert f'data-testid="add-record-{closed.pk}"' not in html
    assert reverse("business:record_add", args=[business.pk]) in html


def test_profitable_months_counts_the_last_8_complete_months(client_for, person, business):
    # Today is mid-April 2026: the window is August 2025 to March 2026.
    for month in (date(2025, 7, 1), date(2025, 8, 1), date(2026, 3, 1), date(2026, 4, 1)):
        add_record(business, month, 1_000_000, 500_000)
    html = client_for("admin").get(panel_url(person)).content.decode()
    assert f'data-testid="profitable-{business.pk}" data-value="2"' in html


def test_empty_state_with_the_add_button_for_who_may(client_for, person):
    html = english(client_for("coordinator")).get(list_url(person)).content.decode()
    assert "No business recorded yet" in html
    assert reverse("business:business_add", args=[person.pk]) in html


def test_panel_empty_state(client_for, person, assigned_mentor):
    response = english(client_for("mentor")).get(panel_url(person))
    html = response.content.decode()
    assert 'data-testid="business-panel"' in html and "<h2" in html
    assert "No business recorded yet" in html
    assert 'data-testid="panel-add-business"' in html
    assert "<html" not in html  # a partial for the person page


def test_panel_shows_businesses_and_links(client_for, person, business):
    add_record(business, date(2026, 3, 1), 3_000_000, 1_000_000)
    html = client_for("coordinator").get(panel_url(person)).content.decode()
    assert f'data-testid="last-profit-{business.pk}" data-value="2000000"' in html
    assert reverse("business:detail", args=[business.pk]) in html
    assert reverse("business:record_add", args=[business.pk]) in html
    assert reverse("business:business_add", args=[person.pk]) in html
    assert reverse("business:person_businesses", args=[person.pk]) in html
