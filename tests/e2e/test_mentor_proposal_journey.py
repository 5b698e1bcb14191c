"""Journey on a phone: a coordinator sees who needs a mentor, asks for a proposal, moves
one family to another mentor, sees the cost of the edit, accepts, and finds the history
on the family's mentors panel after a change of mentor."""

import os

import pytest

from purna.accounts.models import Role
from purna.mentors.models import Assignment
from purna.mentors.tests.helpers import SLAHUNG, TUGUREJO, family, staff
from tests.factories import PONOROGO, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PURNA_SCREENSHOTS")  # a folder: keep screenshots for a review


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_propose_edit_accept_and_change(live_server, phone, settings):  # noqa: F811
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("koordinator", Role.COORDINATOR, regencies=[PONOROGO], password="rahasia-purna")
    ani = family("Ani Lestari")
    budi = family("Budi Santoso", sex="L", village=TUGUREJO, interests=["livestock"])
    citra = family("Citra Dewi", same_sex=True)
    rina = staff("Bu Rina", capacity=3, sectors=["food"])
    joko = staff("Pak Joko", sex="L", districts=[SLAHUNG], sectors=["livestock"])
    page = phone
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "koordinator")
    page.fill("#id_password", "rahasia-purna")
    page.click("main button[type=submit]")
    page.wait_for_selector(".navbar-toggler")

    page.goto(f"{live_server.url}/mentors/needs/")
    assert page.inner_text("[data-testid=count-staff]") == "3"
    shot(page, "needs")
    page.click("[data-testid=propose-staff]")
    page.wait_for_selector("[data-testid=proposal-form]")
    assert page.inner_text(f"[data-testid=proposed-{ani.pk}]") == "Bu Rina"
    assert page.inner_text(f"[data-testid=proposed-{budi.pk}]") == "Pak Joko"
    assert page.inner_text(f"[data-testid=proposed-{citra.pk}]") == "Bu Rina"
    shot(page, "proposal")

    # Ani's family knows Pak Joko: the coordinator moves her and looks at the cost.
    page.select_option(f"[data-testid=mentor-{ani.pk}]", str(joko.pk))
    page.click("[data-testid=recalculate]")
    page.wait_for_selector("[data-testid=proposal-form]")
    proposal_cost = int(page.inner_text("[data-testid=proposal-cost]"))
    assert int(page.inner_text("[data-testid=edited-cost]")) > proposal_cost
    shot(page, "proposal-edited")
    page.click("[data-testid=accept]")
    page.wait_for_selector("[data-testid=needs-staff]")
    assert page.inner_text("[data-testid=count-staff]") == "0"
    pairs = {(a.person_id, a.mentor_id) for a in Assignment.objects.all()}
    assert pairs == {(ani.pk, joko.pk), (budi.pk, joko.pk), (citra.pk, rina.pk)}

    # Later Bu Rina leaves: Citra moves to Pak Joko, with the reason kept.
    panel = f"{live_server.url}/mentors/people/{citra.pk}/panel/"
    page.goto(panel)
    page.click("[data-testid=change-staff]")
    page.select_option("#id_mentor", str(joko.pk))
    page.fill("#id_reason", "Bu Rina pindah ke Madiun")
    page.click("[data-testid=submit]")
    page.wait_for_url(f"**/people/{citra.pk}/**")
    page.goto(panel)
    history = page.inner_text("[data-testid=history]")
    assert "Bu Rina pindah ke Madiun" in history and "Pak Joko" in history
    shot(page, "panel")
