"""The panel on the family's page."""

from datetime import date

import pytest
from django.urls import reverse

from purna.graduation import services
from purna.graduation.models import SustainabilityCheck
from tests.factories import assign, make_mentor

from .helpers import TODAY, decent_life, in_english, in_practice, ready_family


def url(person):
    return reverse("graduation:person_panel", args=[person.pk])


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 404),
        ("viewer", 403),
        ("peer_mentor", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_access(client_for, person, persona, status):
    in_practice(person)
    assert client_for(persona).get(url(person)).status_code == status


def test_the_assigned_mentor_sees_it(client_for, personas, person):
    in_practice(person)
    assignment = assign(person, make_mentor(user=personas["mentor"]))
    assert client_for("mentor").get(url(person)).status_code == 200
    assignment.ended_on = date(2026, 3, 1)
    assignment.save()
    assert client_for("mentor").get(url(person)).status_code == 404


def test_wrong_method(client_for, person):
    assert client_for("coordinator").post(url(person)).status_code == 405


def test_a_partial(client_for, person):
    response = client_for("coordinator").get(url(person), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert page.strip().startswith("<section")
    assert "<h2" in page


def test_not_in_practice(client_for, person):
    page = in_english(client_for("coordinator")).get(url(person)).content.decode()
    assert "Decent-life checks start when business practice starts." in page
    assert 'data-testid="decent-life-link"' not in page


def test_in_practice_latest_check_and_what_is_missing(client_for, person):
    in_practice(person)
    decent_life(person, on=date(2026, 3, 1))
    decent_life(person, on=date(2026, 9, 1), savings_for_investment=False, children_in_school=None)
    page = in_english(client_for("field_officer")).get(url(person)).content.decode()
    assert 'data-testid="indicator-savings_for_investment" data-answer="no"' in page
    assert 'data-testid="indicator-house_fit" data-answer="yes"' in page
    assert 'data-testid="indicator-children_in_school" data-answer="none"' in page
    assert 'data-testid="decent-life-due" data-overdue="false"' in page  # due 2027-03-01
    assert 'data-testid="criterion-modules" data-met="false"' in page
    assert "Not met: savings for investment." in page
    assert 'data-testid="decent-life-link"' in page
    assert 'data-testid="confirm-link"' not in page


def test_overdue_check(client_for, person):
    in_practice(person)
    page = client_for("field_officer").get(url(person)).content.decode()
    assert 'data-testid="decent-life-due" data-overdue="true"' in page


@pytest.mark.parametrize("persona, link", [("coordinator", True), ("field_officer", False)])
def test_ready_with_a_confirm_link_for_coordinators(client_for, person, persona, link):
    ready_family(person)
    page = client_for(persona).get(url(person)).content.decode()
    assert 'data-testid="ready"' in page
    assert ('data-testid="confirm-link"' in page) is link


def test_independent_with_sustainability_checks(client_for, personas, person):
    ready_family(person)
    # After the family's decent-life check (5 Oct) and self assessment (1 Oct): a date
    # before them would not be ready.
    services.graduation_confirm(
        actor=personas["coordinator"], person=person, on=date(2026, 10, 6), today=TODAY
    )
    SustainabilityCheck.objects.create(
        person=person, checked_on=date(2026, 11, 5), business_operating=True,
        migrated_again=True, migrated_who="Rudi",
    )  # fmt: skip
    page = in_english(client_for("coordinator")).get(url(person)).content.decode()
    assert 'data-testid="independent"' in page
    assert "Confirmed by Coordinator" in page
    assert 'data-testid="revoke-link"' in page
    assert 'data-testid="criteria"' not in page
    assert 'data-testid="sustainability-due" data-overdue="false"' in page  # 2027-05-05
    assert "someone migrated again (Rudi)" in page
    assert 'data-testid="sustainability-link"' in page
    assert 'data-testid="decent-life-link"' not in page
    field_officer_page = client_for("field_officer").get(url(person)).content.decode()
    assert 'data-testid="revoke-link"' not in field_officer_page


def test_dates_in_one_format_without_dots(client_for, person):
    in_practice(person)
    decent_life(person, on=date(2026, 8, 17))
    decent_life(person, on=date(2026, 2, 3))
    english = in_english(client_for("coordinator")).get(url(person)).content.decode()
    assert "Latest check, 17 Aug 2026:" in english
    assert "3 Feb 2026" in english  # the earlier check
    assert "Next check due 17 Feb 2027" in english
    assert "Aug." not in english and "Feb." not in english
    indonesian = client_for("coordinator").get(url(person)).content.decode()
    assert "17 Agu 2026" in indonesian and "Agu." not in indonesian
