"""The mentor's home screen, and for staff the overdue worklist of their area."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from purna.business.models import Business
from purna.core.calendar import add_months
from purna.mentoring.selectors import mentoring_row
from purna.mentoring.tests.english import in_english
from purna.mentoring.views import PAGE_SIZE
from purna.mentors.tests.helpers import classes_of, is_big_tap_target
from tests.factories import PACITAN, assign, make_person, start_practice

from .conftest import STARTED_DAYS_AGO
from .support import make_plan, make_visit

URL = reverse("mentoring:home")


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 200),
        ("viewer", 403),
        ("outsider", 200),
        ("peer_mentor", 302),
        ("anonymous", 302),
    ],
)
def test_access(client_for, family, persona, status):
    response = client_for(persona).get(URL)
    assert response.status_code == status
    if persona == "peer_mentor":
        assert response.url == reverse("mentoring:peer_home")
    if persona == "anonymous":
        assert "/login/" in response.url


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_refused(client_for, method):
    assert getattr(client_for("coordinator"), method)(URL).status_code == 405


def test_a_mentor_sees_only_their_families_overdue_first(
    client_for, family, other_family, staff_mentor, today
):
    on_time = start_practice(make_person(full_name="Rahayu"), on=today - timedelta(days=5))
    assign(on_time, staff_mentor)
    page = client_for("mentor").get(URL).content.decode()
    assert f'data-testid="log-visit-{family.pk}"' in page
    assert f'data-testid="log-visit-{on_time.pk}"' in page
    assert other_family.full_name not in page
    assert page.index(family.full_name) < page.index("Rahayu")
    assert f'data-testid="overdue-{family.pk}"' in page
    assert f'data-testid="overdue-{on_time.pk}"' not in page
    assert f'href="/business/people/{family.pk}/?next=/mentoring/"' in page
    assert 'data-count="1"' in page
    assert 'data-testid="filter-mentor"' not in page


def test_the_overdue_badge_says_how_late(client_for, family, today):
    page = in_english(client_for("mentor")).get(URL).content.decode()
    due = add_months(today - timedelta(days=STARTED_DAYS_AGO), 1)
    assert f"Overdue {(today - due).days} days" in page


def test_logging_a_visit_takes_the_family_off_the_overdue_list(client_for, family, today):
    client = client_for("mentor")
    assert f'data-testid="overdue-{family.pk}"' in client.get(URL).content.decode()
    response = client.post(
        reverse("mentoring:visit_add", args=[family.pk]) + f"?next={URL}",
        {"kind": "home", "visited_on": today.isoformat(), "topics": "Stock"},
    )
    assert response.status_code == 302 and response.url == URL
    page = client.get(URL).content.decode()
    assert f'data-testid="overdue-{family.pk}"' not in page
    assert f'data-testid="family-{family.pk}"' in page and 'data-count="0"' in page
    overdue_only = client.get(URL, {"overdue": "on"}).content.decode()
    assert f'data-testid="family-{family.pk}"' not in overdue_only


def test_a_mentor_sees_families_waiting_for_practice(client_for, staff_mentor, person):
    assign(person, staff_mentor)
    page = client_for("mentor").get(URL).content.decode()
    assert 'data-testid="waiting"' in page and person.full_name in page
    assert f'data-testid="log-visit-{person.pk}"' not in page


def test_staff_see_their_area_with_the_mentor_or_no_mentor(client_for, family, other_family, today):
    pacitan = start_practice(
        make_person(full_name="Pacitan Family", village_code_prefix=PACITAN),
        on=today - timedelta(days=70),
    )
    page = in_english(client_for("coordinator")).get(URL).content.decode()
    assert family.full_name in page and other_family.full_name in page
    assert pacitan.full_name not in page
    assert "Bu Rina" in page and "no mentor" in page
    assert 'data-count="2"' in page and 'data-testid="filter-mentor"' in page


def test_filters_district_mentor_and_only_overdue(client_for, family, other_family, today):
    elsewhere = start_practice(
        make_person(full_name="Jetis Family", village_code_prefix="35.02.16"),
        on=today - timedelta(days=5),
    )
    client = client_for("coordinator")

    def shown(**query):
        page = client.get(URL, query).content.decode()
        return {p.full_name for p in (family, other_family, elsewhere) if p.full_name in page}

    assert shown() == {family.full_name, other_family.full_name, elsewhere.full_name}
    assert shown(district="35.02.16") == {elsewhere.full_name}
    assert shown(district="35.02.17") == {family.full_name, other_family.full_name}
    mentor = family.mentor_assignments.get().mentor
    assert shown(mentor=str(mentor.pk)) == {family.full_name}
    assert shown(mentor="none") == {other_family.full_name, elsewhere.full_name}
    assert shown(overdue="on") == {family.full_name, other_family.full_name}
    # Nonsense filters are ignored, not a 500.
    assert client.get(URL, {"mentor": "x", "district": "zz"}).status_code == 200


def test_the_overdue_count_counts_the_whole_list_not_the_page(client_for, today):
    for n in range(PAGE_SIZE + 2):
        start_practice(make_person(full_name=f"Family {n:02d}"), on=today - timedelta(days=70))
    client = client_for("coordinator")
    first = client.get(URL).content.decode()
    assert f'data-count="{PAGE_SIZE + 2}"' in first and "page=2" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert second.count('data-testid="family-') == 2


def test_htmx_gets_the_results_only(client_for, family):
    page = client_for("coordinator").get(URL, headers={"HX-Request": "true"}).content.decode()
    assert f'data-testid="family-{family.pk}"' in page and "<html" not in page


def test_the_visit_due_after_a_recent_visit(client_for, family, today):
    make_visit(family, today - timedelta(days=3))
    page = client_for("mentor").get(URL).content.decode()
    assert f'data-testid="overdue-{family.pk}"' not in page


def test_a_mentor_whose_assignment_ended_no_longer_sees_the_family(client_for, family, today):
    client = client_for("mentor")
    assert f'data-testid="family-{family.pk}"' in client.get(URL).content.decode()
    family.mentor_assignments.update(ended_on=today)
    page = client.get(URL).content.decode()
    assert f'data-testid="family-{family.pk}"' not in page and 'data-testid="empty"' in page


def test_an_outsider_sees_nobody_from_another_regency(client_for, family):
    page = client_for("outsider").get(URL).content.decode()
    assert family.full_name not in page and 'data-testid="empty"' in page


def running(person, name="Warung Tempe", **fields):
    fields.setdefault("status", Business.Status.OPERATING)
    return Business.objects.create(
        person=person, name=name, sector="food", village=person.village, **fields
    )


def test_the_monthly_record_opens_the_form_of_the_one_running_business(client_for, family):
    warung = running(family)
    running(family, "Old stall", status=Business.Status.CLOSED, closed_reason="moved")
    page = client_for("mentor").get(URL).content.decode()
    form = reverse("business:record_add", args=[warung.pk])
    assert f'href="{form}?next=/mentoring/" data-testid="monthly-record-{family.pk}"' in page


def test_with_several_running_businesses_the_monthly_record_opens_the_list(client_for, family):
    running(family)
    running(family, "Kios Pulsa", status=Business.Status.PAUSED)
    page = client_for("mentor").get(URL).content.decode()
    listing = reverse("business:person_businesses", args=[family.pk])
    assert f'href="{listing}?next=/mentoring/" data-testid="monthly-record-{family.pk}"' in page


def test_the_home_links_to_the_checks_due(client_for, family):
    page = in_english(client_for("mentor")).get(URL).content.decode()
    link = re.search(r'<a [^>]*data-testid="checks-due"[^>]*>([^<]*)</a>', page)
    assert link and 'href="/independence/checks-due/"' in link.group(0)
    assert link.group(1) == "Checks due"


def test_the_due_badges_say_the_same_thing(client_for, family, other_family, today):
    make_visit(family, today - timedelta(days=20))  # due within two weeks
    make_visit(other_family, today - timedelta(days=2))  # due in about a month
    page = in_english(client_for("coordinator")).get(URL).content.decode()
    with translation.override("en"):
        for person in (family, other_family):
            due = date_format(mentoring_row(person, today=today).due, "j M Y")
            assert f"Visit due by {due}</span>" in page
    assert f'data-testid="due-soon-{family.pk}"' in page
    assert f'data-testid="due-{other_family.pk}"' in page
    assert "Next visit by" not in page and ">Due " not in page


def test_the_district_filter_shows_names_not_codes(client_for, family):
    page = client_for("coordinator").get(URL).content.decode()
    district = family.village.district
    assert f">{district.name}</option>" in page and f"({district.code})" not in page


def test_the_plan_link_is_a_button_big_enough_to_tap(client_for, family):
    page = client_for("mentor").get(URL).content.decode()
    for testid in (f"plan-{family.pk}", f"monthly-record-{family.pk}", f"log-visit-{family.pk}"):
        assert is_big_tap_target(classes_of(page, testid)), testid


@pytest.mark.parametrize("persona", ["mentor", "coordinator"])
def test_the_same_queries_for_3_families_as_for_25(client_for, staff_mentor, today, persona):
    """Every row carries a visit, a plan, a business and a mentor; the mentor's page also
    lists a family waiting for practice: nothing may be read family by family."""

    def add_families(first: int, last: int) -> None:
        for n in range(first, last):
            person = make_person(full_name=f"Family {n:02d}")
            assign(person, staff_mentor, on=today - timedelta(days=STARTED_DAYS_AGO))
            if n % 5 == 4:
                continue  # waiting for business practice
            start_practice(person, on=today - timedelta(days=STARTED_DAYS_AGO))
            make_visit(person, today - timedelta(days=n))
            make_plan(person, agreed_on=today - timedelta(days=30))
            running(person)

    client = client_for(persona)
    add_families(0, 3)
    client.get(URL)  # the session's first request may write (last login, language)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    add_families(3, 31)
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL)
    assert len(page.context["page"].object_list) == PAGE_SIZE
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
