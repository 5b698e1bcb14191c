"""The business page in Chromium at 390 px: no sideways scroll, row actions a finger can
hit, on a phone that reports a mouse-like pointer too (no coarse-pointer CSS)."""

from datetime import date
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client

from purna.accounts.models import Role
from purna.business.models import Business, MonthlyRecord
from tests.e2e.conftest import PHONE
from tests.factories import make_person, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_business_page_fits_a_phone(live_server, browser):
    user = make_user("koordinator_hp", Role.COORDINATOR, regencies=["35.02"])
    person = make_person(full_name="Siti Aminah")
    business = Business.objects.create(
        person=person, name="Warung Soto", sector="food", village=person.village,
        status="operating", started_on=date(2025, 6, 1),
    )  # fmt: skip
    for month in (1, 2, 3):
        MonthlyRecord.objects.create(
            business=business, month=date(2026, month, 1), revenue=12_500_000,
            costs=9_750_000, loan_repayment=1_250_000, recorded_by=user,
        )  # fmt: skip
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, locale="id-ID")  # no touch, fine pointer
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": urlparse(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/business/{business.pk}/")
        page.wait_for_selector("[data-testid=records-table]")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{width}px wide on a {PHONE['width']}px phone"
        for record in MonthlyRecord.objects.all():
            for action in ("edit", "delete"):
                box = page.locator(f"[data-testid={action}-record-{record.pk}]").bounding_box()
                assert box["height"] >= 44 and box["width"] >= 44, (action, box)
    finally:
        context.close()
