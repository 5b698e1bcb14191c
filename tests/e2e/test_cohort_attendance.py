"""Journey: a coordinator creates a business-training cohort and enrols ten returnees from
the worklist; the facilitator, a field officer on a phone, takes the roll call of three of
the four sessions and records the post-tests; the coordinator sees who completed (75% of
the sessions and a post-test) and the training completed on each one's pathway."""

from datetime import timedelta

import pytest
from django.utils import timezone

from purna.accounts.models import Role
from purna.programme.models import Cohort, Enrolment, Module
from purna.programme.services import plan_step_set
from tests.factories import (
    PONOROGO,
    PONOROGO_CITY_DISTRICT,
    make_assessment,
    make_person,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VENUE = "35.02.17.1001"
NEAR, FAR = PONOROGO_CITY_DISTRICT, "35.02.01"


def returnees() -> list:
    """Twelve quadrant III returnees in Ponorogo who finished the mindset module, so the
    business training is next: eight in the venue's village, four in another district."""
    mindset = Module.objects.get(code="MINDSET_BUSINESS")
    people = []
    for n in range(1, 13):
        person = make_person(
            full_name=f"Peserta {n:02d}", village_code_prefix=NEAR if n <= 8 else FAR
        )
        make_assessment(person, "III")
        plan_step_set(actor=None, person=person, module=mindset, state="completed")
        people.append(person)
    return people


def log_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "rahasia-purna")
    page.click("main button[type=submit]")
    page.wait_for_selector(".navbar-toggler")


def open_cohorts(page):
    page.click(".navbar-toggler")  # the phone's collapsed menu
    page.click("[data-testid=nav-cohorts]")
    page.wait_for_selector("h1")


def test_cohort_attendance_to_completion(live_server, phone, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("koordinator", Role.COORDINATOR, regencies=[PONOROGO], password="rahasia-purna")
    officer = make_user(
        "fasilitator", Role.FIELD_OFFICER, districts=[NEAR], password="rahasia-purna"
    )
    people = returnees()
    first_day = timezone.localdate() - timedelta(days=28)
    page = phone

    # The coordinator creates the cohort: four weekly sessions, the field officer facilitates.
    log_in(page, live_server.url, "koordinator")
    open_cohorts(page)
    page.click("[data-testid=new-cohort]")
    page.select_option("#id_module", str(Module.objects.get(code="TRAINING_BUSINESS").pk))
    page.fill("#id_name", "Pelatihan usaha Ponorogo 1")
    page.select_option("#id_venue_district", NEAR)
    page.wait_for_selector(f"#id_venue option[value='{VENUE}']", state="attached")
    page.select_option("#id_venue", VENUE)
    page.fill("#id_capacity", "30")
    page.fill("#id_first_date", first_day.isoformat())
    page.fill("#id_sessions", "4")
    page.fill("#id_interval", "7")
    page.check(f"input[name=facilitators][value='{officer.pk}']")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=worklist]")
    cohort = Cohort.objects.get()
    assert cohort.institution == officer.institution  # the coordinator's own, preselected
    assert page.locator("[data-testid^=pick-]").count() == 12

    # Ten from the worklist, nearest first: all eight of the venue's village and two more.
    page.fill("#select-n", "10")
    page.click("[data-testid=select-first]")
    page.wait_for_selector("[data-testid^=pick-]:checked")
    assert page.locator("[data-testid^=pick-]:checked").count() == 10
    page.click("[data-testid=enrol]")
    page.wait_for_selector("[data-testid=enrolled]")
    assert page.locator("[data-testid=enrolled] > li").count() == 10
    assert page.inner_text("[data-testid=seats-left]") == "20"
    assert page.locator("[data-testid^=pick-]").count() == 2
    enrolments = {e.person.full_name: e for e in cohort.enrolments.select_related("person")}
    assert sorted(enrolments) == [f"Peserta {n:02d}" for n in range(1, 11)]
    late = [enrolments["Peserta 09"], enrolments["Peserta 10"]]  # only at the first session

    # The facilitator, on the phone: the roll call of sessions 1-3.
    log_in(page, live_server.url, "fasilitator")
    open_cohorts(page)
    page.click(f"[data-testid=cohort-{cohort.pk}]")
    for number in (1, 2, 3):
        page.click(f"[data-testid=roll-call-{number}]")
        page.wait_for_selector("[data-testid=roll]")
        page.click("[data-testid=everyone]")
        if number > 1:
            for enrolment in late:
                page.click(f"[data-testid=toggle-{enrolment.pk}]")
        expected = "10/10" if number == 1 else "8/10"
        assert expected in page.inner_text("[data-testid=save-roll]")
        page.click("[data-testid=save-roll]")
        page.wait_for_selector(f"[data-testid=session-{number}] [data-testid=roll-state]")
    # Reopened, the roll call shows what was saved.
    page.click("[data-testid=roll-call-2]")
    page.wait_for_selector("[data-testid=roll-taken]")
    assert not page.is_checked(f"#present-{late[0].pk}")
    assert page.is_checked(f"#present-{enrolments['Peserta 01'].pk}")
    page.go_back()

    # The post-tests.
    page.click("[data-testid=scores-link]")
    for enrolment in enrolments.values():
        page.fill(f"#id_pre_{enrolment.pk}", "55,5")
        page.fill(f"#id_post_{enrolment.pk}", "80")
    page.click("[data-testid=save-scores]")
    page.wait_for_selector("[data-testid=enrolled]")

    # The coordinator sees who completed, and the training completed on the pathway.
    log_in(page, live_server.url, "koordinator")
    page.goto(f"{live_server.url}/programme/cohorts/{cohort.pk}/")
    assert page.locator("[data-testid=enrolled] > li[data-completed=yes]").count() == 8
    for enrolment in late:
        row = page.locator(f"[data-testid=person-{enrolment.person_id}]")
        assert row.get_attribute("data-completed") == "no"
    completed = Enrolment.objects.filter(cohort=cohort, completed_on__isnull=False)
    assert {e.person.full_name for e in completed} == {f"Peserta {n:02d}" for n in range(1, 9)}
    assert {e.completed_on for e in completed} == {first_day + timedelta(days=21)}

    page.click(f"[data-testid=person-{people[0].pk}] a")
    step = page.locator("[data-testid=step-TRAINING_BUSINESS]")
    assert step.get_attribute("data-state") == "completed"
    page.go_back()
    page.click(f"[data-testid=person-{late[0].person_id}] a")
    step = page.locator("[data-testid=step-TRAINING_BUSINESS]")
    assert step.get_attribute("data-state") == "in_progress"

    page.goto(f"{live_server.url}/programme/cohorts/{cohort.pk}/")
    page.click(f"[data-testid=person-{people[0].pk}] [data-testid=certificate]")
    assert page.inner_text("[data-testid=recipient]") == "Peserta 01"
