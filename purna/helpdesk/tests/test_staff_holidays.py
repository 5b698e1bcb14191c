"""/helpdesk/holidays/: the days the deadline clock skips. Coordinators see them;
administrators add and delete them (with a confirmation)."""

from datetime import date

import pytest
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.helpdesk.models import Holiday

from .screen_helpers import MANAGE_ACCESS, english

pytestmark = pytest.mark.django_db

URL = "/helpdesk/holidays/"
DAY = date(2028, 8, 17)


def test_the_urls():
    assert reverse("helpdesk:holidays") == URL
    assert reverse("helpdesk:holiday_delete", args=[3]) == "/helpdesk/holidays/3/delete/"


@pytest.mark.parametrize("persona, status", MANAGE_ACCESS)
def test_personas(client_for, persona, status):
    assert client_for(persona).get(URL).status_code == status


def test_the_seeded_holidays_are_listed(client_for):
    holiday = Holiday.objects.order_by("date").first()
    assert holiday is not None  # the data migration's 2026 and 2027 lists
    html = client_for("coordinator").get(URL).content.decode()
    assert holiday.name in html


def test_only_administrators_add(client_for):
    data = {"date": DAY.isoformat(), "name": "Hari Kemerdekaan"}
    coordinator = client_for("coordinator")
    assert 'data-testid="holiday-form"' not in coordinator.get(URL).content.decode()
    assert coordinator.post(URL, data).status_code == 403
    assert not Holiday.objects.filter(date=DAY).exists()

    admin = client_for("admin")
    assert 'data-testid="holiday-form"' in admin.get(URL).content.decode()
    response = admin.post(URL, {**data, "collective_leave": "on"})
    assert response.status_code == 302
    holiday = Holiday.objects.get(date=DAY)
    assert holiday.collective_leave
    assert AuditEvent.objects.filter(entity="holiday", action="create").exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"date": "", "name": "x"}, "date"),
        ({"date": "17-08-2028x", "name": "x"}, "date"),
        ({"date": "1999-01-01", "name": "x"}, "date"),
        ({"date": DAY.isoformat(), "name": ""}, "name"),
        ({"date": DAY.isoformat(), "name": "x" * 151}, "name"),
    ],
)
def test_bad_input(client_for, data, field):
    response = client_for("admin").post(URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Holiday.objects.filter(date=DAY).exists()


def test_the_same_day_twice(client_for):
    existing = Holiday.objects.order_by("date").first()
    response = english(client_for("admin")).post(
        URL, {"date": existing.date.isoformat(), "name": "lagi"}
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_delete_asks_first(client_for):
    holiday = Holiday.objects.create(date=DAY, name="Hari Kemerdekaan")
    delete = reverse("helpdesk:holiday_delete", args=[holiday.pk])
    admin = client_for("admin")
    confirm = admin.get(delete)
    assert confirm.status_code == 200
    assert 'data-testid="confirm-delete"' in confirm.content.decode()
    assert Holiday.objects.filter(pk=holiday.pk).exists()
    assert admin.post(delete).status_code == 302
    assert not Holiday.objects.filter(pk=holiday.pk).exists()
    assert AuditEvent.objects.filter(entity="holiday", action="delete").exists()


@pytest.mark.parametrize(
    "persona, status",
    [
        ("coordinator", 403),
        ("field_officer", 403),
        ("viewer", 403),
        ("peer_mentor", 403),
        ("anonymous", 302),
    ],
)
def test_only_administrators_delete(client_for, persona, status):
    holiday = Holiday.objects.create(date=DAY, name="Hari Kemerdekaan")
    delete = reverse("helpdesk:holiday_delete", args=[holiday.pk])
    assert client_for(persona).get(delete).status_code == status
    assert client_for(persona).post(delete).status_code == status
    assert Holiday.objects.filter(pk=holiday.pk).exists()


def test_an_unknown_holiday(client_for):
    assert client_for("admin").get("/helpdesk/holidays/999999/delete/").status_code == 404
