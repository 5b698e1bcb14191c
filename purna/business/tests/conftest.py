"""Shared helpers of the business tests: a frozen today, a family's business, its mentor."""

from datetime import date

import pytest
from django.conf import settings

from purna.business.models import Business, MonthlyRecord
from purna.business.services import business_save
from tests.factories import assign, make_mentor

# Mid-April 2026: March is the last complete month, April is still running.
TODAY = date(2026, 4, 15)


class Clock:
    @staticmethod
    def localdate(*args, **kwargs) -> date:
        return TODAY


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """The business screens and services read today through django.utils.timezone."""
    monkeypatch.setattr("purna.business.views.timezone", Clock)
    monkeypatch.setattr("purna.business.services.timezone", Clock)
    return TODAY


@pytest.fixture
def business(person) -> Business:
    return business_save(
        actor=None,
        person=person,
        name="Warung Soto Bu Siti",
        sector="food",
        started_on=date(2025, 6, 1),
        status=Business.Status.OPERATING,
        capital_remittance=15_000_000,
        capital_kur=10_000_000,
    )


def add_record(business, month: date, revenue: int, costs: int, *, by=None, **extra):
    """A record written directly (the service is what the tests exercise)."""
    return MonthlyRecord.objects.create(
        business=business, month=month, revenue=revenue, costs=costs, recorded_by=by, **extra
    )


@pytest.fixture
def assigned_mentor(personas, person):
    """The mentor persona, assigned to the family."""
    mentor = make_mentor(user=personas["mentor"])
    assign(person, mentor)
    return personas["mentor"]


# Who may open the family's screens when the mentor is not assigned to the family.
READ_ACCESS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 404),
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 302),
]


def english(client):
    """The screens in English (the language cookie; Indonesian is the default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
