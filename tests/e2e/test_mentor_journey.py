"""Journey: a mentor on a phone logs in, sees an overdue family, logs a visit and the
business's monthly record, and the family leaves the overdue list. In Indonesian (the
default): elements are found by data-testid, ids and names, never by English text."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from purna.accounts.models import Role
from purna.business.models import MonthlyRecord
from purna.business.services import business_save
from purna.core.calendar import add_months, month_start
from purna.mentoring.models import Visit
from purna.mentoring.services import visit_record
from tests.e2e.conftest import PHONE
from tests.factories import (
    PONOROGO,
    assign,
    make_mentor,
    make_person,
    make_user,
    start_practice,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-mentor"


def no_sideways_scroll(page, screen: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{screen}: {width}px wide on a {PHONE['width']}px phone"


def in_indonesian(day, fmt: str) -> str:
    """A date as the templates show it in Indonesian (the default language)."""
    with translation.override("id"):
        return date_format(day, fmt)


def families(today):
    """Three families in Kecamatan Ponorogo whose business practice started three months
    ago: two assigned to the mentor (one visited last week, one never visited: overdue),
    one assigned to another mentor."""
    started = add_months(today, -3)
    user = make_user("mentor_rina", Role.MENTOR, regencies=[PONOROGO], password=PASSWORD)
    mentor = make_mentor("Bu Rina", user=user)
    other_mentor = make_mentor("Pak Budi")
    overdue = start_practice(make_person(full_name="Sulastri"), on=started)
    recent = start_practice(make_person(full_name="Wahyuni"), on=started)
    elsewhere = start_practice(make_person(full_name="Suparmi"), on=started)
    for person in (overdue, recent):
        assign(person, mentor, on=started)
    assign(elsewhere, other_mentor, on=started)
    visit_record(
        actor=user,
        person=recent,
        kind=Visit.Kind.HOME,
        visited_on=today - timedelta(days=5),
        topics="Pencatatan penjualan",
        today=today,
    )
    business = business_save(
        actor=None,
        person=overdue,
        name="Warung Sulastri",
        sector="food",
        status="operating",
        started_on=started,
        today=today,
    )
    return overdue, recent, elsewhere, business


def test_mentor_visits_an_overdue_family(live_server, phone, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    today = timezone.localdate()  # the live server runs on the real clock
    overdue, recent, elsewhere, business = families(today)
    page = phone

    # Log in: the home sends a mentor to their families.
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "mentor_rina")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=families]")
    assert page.url == f"{live_server.url}/mentoring/"
    assert page.get_attribute("html", "lang") == "id"
    no_sideways_scroll(page, "mentor home")

    assert page.get_attribute("[data-testid=overdue-count]", "data-count") == "1"
    rows = page.locator("[data-testid=families] > li")
    assert rows.count() == 2
    assert rows.first.get_attribute("data-testid") == f"family-{overdue.pk}"  # overdue first
    assert int(page.get_attribute(f"[data-testid=family-{overdue.pk}]", "data-overdue")) > 0
    assert page.locator(f"[data-testid=overdue-{overdue.pk}]").is_visible()
    assert page.get_attribute(f"[data-testid=family-{recent.pk}]", "data-overdue") == "0"
    assert page.locator(f"[data-testid=overdue-{recent.pk}]").count() == 0
    assert page.locator(f"[data-testid=family-{elsewhere.pk}]").count() == 0
    assert page.locator(f"[data-testid=person-{elsewhere.pk}]").count() == 0

    # Log the visit: the short form, the date already today.
    page.click(f"[data-testid=log-visit-{overdue.pk}]")
    page.wait_for_selector("[data-testid=visit-form]")
    no_sideways_scroll(page, "visit form")
    assert page.input_value("#id_visited_on") == today.isoformat()
    page.check("input[name=kind][value=business]")
    page.fill("#id_topics", "Stok dagangan dan pencatatan kas harian")
    page.click("[data-testid=save-visit]")

    # Back on the home: the family is no longer overdue.
    page.wait_for_selector("[data-testid=families]")
    assert page.url.startswith(f"{live_server.url}/mentoring/")
    assert page.locator("main .alert-success").count() == 1
    assert page.get_attribute("[data-testid=overdue-count]", "data-count") == "0"

    # The monthly record of the family's business.
    page.click(f"[data-testid=monthly-record-{overdue.pk}]")
    page.wait_for_selector("[data-testid=record-form]")
    no_sideways_scroll(page, "monthly record form")
    last_month = add_months(month_start(today), -1)
    assert page.input_value("#id_month") == last_month.strftime("%Y-%m")
    page.fill("#id_revenue", "1.500.000")
    page.fill("#id_costs", "900.000")
    preview = page.locator("[data-testid=profit-preview]")
    assert "600.000" in preview.inner_text()
    assert "text-danger" not in (preview.get_attribute("class") or "")
    page.click("[data-testid=save-record]")

    # Saved, the mentor is back at the families without another tap.
    page.wait_for_selector("[data-testid=families]")
    assert page.locator("main .alert-success").count() == 1
    no_sideways_scroll(page, "mentor home after the visit")
    assert page.get_attribute("[data-testid=overdue-count]", "data-count") == "0"
    family = page.locator(f"[data-testid=family-{overdue.pk}]")
    assert family.get_attribute("data-overdue") == "0"
    assert page.locator(f"[data-testid=overdue-{overdue.pk}]").count() == 0
    # Due again in a month (the first year's cadence), beyond "due soon": the next date.
    due = add_months(today, 1)
    assert "border-light" in family.get_attribute("class")
    text = family.inner_text()
    assert in_indonesian(due, "j M Y") in text
    assert in_indonesian(today, "j M Y") in text  # the last visit
    # The overdue filter now finds nobody.
    page.check("[data-testid=filter-overdue]")
    page.wait_for_selector("[data-testid=empty]")
    assert page.locator(f"[data-testid=family-{overdue.pk}]").count() == 0

    visit = Visit.objects.get(person=overdue)
    assert (visit.visited_on, visit.kind) == (today, Visit.Kind.BUSINESS)
    assert visit.mentor.user.username == "mentor_rina"
    record = MonthlyRecord.objects.get(business__person=overdue)
    assert (record.month, record.revenue, record.costs) == (last_month, 1_500_000, 900_000)
    assert record.profit == 600_000
