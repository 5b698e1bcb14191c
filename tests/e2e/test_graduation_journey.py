"""Journey: a coordinator on a phone records a family's decent-life check, finds the
family ready for independence, and confirms it."""

from datetime import date

import pytest

from purna.accounts.models import Role
from purna.graduation.models import Graduation
from purna.graduation.tests.helpers import ready_family
from tests.factories import PONOROGO, make_person, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = None


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_coordinator_confirms_a_ready_family(live_server, phone, settings):  # noqa: F811
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("koordinator", Role.COORDINATOR, regencies=[PONOROGO], password="rahasia-koor")
    person = ready_family(make_person(full_name="Sulastri"))
    person.decent_life_checks.all().delete()
    page = phone
    page.goto(f"{live_server.url}/login/")
    page.select_option("#language", "en")
    page.click("footer button[type=submit]")
    page.fill("#id_username", "koordinator")
    page.fill("#id_password", "rahasia-koor")
    page.click("main button[type=submit]")

    page.goto(f"{live_server.url}/independence/")
    shot(page, "candidates-before")
    candidate = page.locator(f"[data-testid=candidate][data-person='{person.pk}']")
    assert candidate.get_attribute("data-ready") == "false"
    assert "No decent-life check recorded yet." in candidate.inner_text()

    page.goto(f"{live_server.url}/independence/people/{person.pk}/decent-life/new/")
    for name in (
        "house_fit",
        "income_covers_needs",
        "can_pay_treatment",
        "savings_for_investment",
        "routine_charity",
    ):
        page.check(f"input[name={name}][value=yes]")
    # The household list has no child: "no child of school age" is already chosen.
    assert page.is_checked("input[name=children_in_school][value=none]")
    page.fill("#id_checked_on", date(2026, 11, 12).isoformat())
    shot(page, "decent-life-form")
    page.click("[data-testid=save]")
    page.wait_for_selector("h1:has-text('Sulastri')")

    page.goto(f"{live_server.url}/independence/?ready=on")
    shot(page, "candidates-ready")
    page.click(f"[data-testid=candidate][data-person='{person.pk}'] [data-testid=confirm-link]")
    page.wait_for_selector("[data-testid=confirm-form]")
    shot(page, "confirm")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("h1:has-text('Sulastri')")
    assert "Confirmed: the family is independent." in page.inner_text("main")
    person.refresh_from_db()
    assert person.status == "independent"
    assert Graduation.objects.filter(person=person).exists()
    page.goto(f"{live_server.url}/independence/people/{person.pk}/panel/")
    shot(page, "panel")
