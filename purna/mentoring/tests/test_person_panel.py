"""The mentoring panel embedded in the person page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from purna.mentoring.services import visit_record
from purna.mentoring.tests.english import in_english
from purna.people.models import Person
from tests.factories import assign

from .conftest import STARTED_DAYS_AGO
from .support import SEE, make_plan, make_visit, matrix, photo


def url(person):
    return reverse("mentoring:person_panel", args=[person.pk])


@pytest.mark.parametrize("persona, status", matrix(SEE))
def test_access(client_for, family, persona, status):
    assert client_for(persona).get(url(family)).status_code == status


def test_a_mentor_gets_404_for_a_family_not_theirs(client_for, other_family):
    assert client_for("mentor").get(url(other_family)).status_code == 404


def test_post_is_refused(client_for, family):
    assert client_for("mentor").post(url(family)).status_code == 405


def test_an_overdue_family(client_for, family, today):
    response = in_english(client_for("mentor")).get(url(family))
    page = response.content.decode()
    assert "<html" not in page and "<section" in page and "<h2" in page
    assert 'data-testid="visit-overdue"' in page and "Overdue" in page
    assert 'data-testid="plan-overdue"' in page  # 70 days in practice, no plan
    assert 'data-testid="panel-log-visit"' in page and "Bu Rina" in page


def test_after_a_visit_and_an_agreed_plan(client_for, family, today):
    make_visit(family, today - timedelta(days=1), topics="Prices at the market\nand stock")
    make_plan(family, agreed_on=today)
    page = in_english(client_for("coordinator")).get(url(family)).content.decode()
    assert 'data-testid="visit-overdue"' not in page and 'data-testid="plan-overdue"' not in page
    assert "Prices at the market" in page and "and stock" not in page  # first line only
    assert "agreed on" in page


def test_a_plan_waiting_for_agreement(client_for, family):
    make_plan(family, agreed_on=date(2026, 1, 1))
    make_plan(family, version=2)
    page = in_english(client_for("coordinator")).get(url(family)).content.decode()
    assert "Version 2, waiting for the family" in page


def test_a_family_not_in_business_practice(client_for, person, staff_mentor):
    assign(person, staff_mentor)
    page = client_for("mentor").get(url(person)).content.decode()
    assert 'data-testid="mentoring-not-started"' in page
    assert 'data-testid="panel-log-visit"' not in page


def test_an_independent_family_has_no_visit_due(client_for, family, today):
    Person.objects.filter(pk=family.pk).update(graduated_on=today)
    page = client_for("coordinator").get(url(family)).content.decode()
    assert 'data-testid="practice-started"' in page and 'data-testid="visit-overdue"' not in page


def test_a_visit_photo_is_linked_through_the_protected_view(client_for, family, personas, today):
    visit = visit_record(
        actor=personas["mentor"],
        person=family,
        kind="business",
        visited_on=today,
        topics="The stall",
        photo=photo(),
    )
    page = client_for("mentor").get(url(family)).content.decode()
    link = reverse("mentoring:visit_photo", args=[visit.pk])
    assert f'href="{link}" data-testid="panel-photo-{visit.pk}"' in page
    assert visit.photo.url not in page  # never the storage path itself


def test_dates_read_as_on_every_other_screen(client_for, family, today):
    page = in_english(client_for("coordinator")).get(url(family)).content.decode()
    started = today - timedelta(days=STARTED_DAYS_AGO)
    with translation.override("en"):
        shown = date_format(started, "j M Y")
    assert f'data-testid="practice-started">{shown}</dd>' in page
