"""Figures stored before amounts were capped (up to 2**63-1 each) must not break the
independence screens: a family's monthly figures are added up in Python, never with SQL's
SUM(), which overflows on SQLite."""

from datetime import date

from django.urls import reverse

from purna.business.models import Business, MonthlyRecord
from purna.graduation import selectors
from tests.api import bearer

from .helpers import TODAY, in_practice, ready_family

HUGE = 9 * 10**18  # two of them are more than a 64-bit integer holds
OCTOBER = date(2026, 10, 1)


def two_huge_businesses(person):
    for name in ("Warung A", "Warung B"):
        business = Business.objects.create(
            person=person, name=name, sector="food", village=person.village, status="operating"
        )
        MonthlyRecord.objects.create(business=business, month=OCTOBER, revenue=HUGE, costs=1)


def test_facts_add_up_beyond_64_bits(person):
    in_practice(person)
    two_huge_businesses(person)
    facts = selectors.graduation_facts(person, today=TODAY)
    assert facts.profits[OCTOBER] == 2 * HUGE - 2


def test_the_screens_and_the_api_still_answer(client_for, personas, person):
    ready_family(person)
    two_huge_businesses(person)
    coordinator = client_for("coordinator")
    assert coordinator.get(reverse("graduation:candidates")).status_code == 200
    panel = reverse("graduation:person_panel", args=[person.pk])
    assert coordinator.get(panel).status_code == 200
    assert coordinator.get(reverse("graduation:confirm", args=[person.pk])).status_code == 200
    assert (
        coordinator.get(reverse("business:person_businesses", args=[person.pk])).status_code == 200
    )
    business = person.businesses.get(name="Warung A")
    assert coordinator.get(reverse("business:detail", args=[business.pk])).status_code == 200
    response = coordinator.get(
        "/api/v1/graduation/candidates", headers=bearer(personas["coordinator"])
    )
    assert response.status_code == 200
    response = coordinator.get(
        f"/api/v1/participants/{person.nik}/graduation", headers=bearer(personas["coordinator"])
    )
    assert response.status_code == 200
