"""A new cohort: module, institution, venue in the user's area, session dates from a first
date, a count and an interval, and facilitators among the staff nearby."""

# ruff: noqa: F811 (the fixtures come from test_cohort_support)

from datetime import date

import pytest
from django.urls import reverse

from purna.accounts.models import Role
from purna.audit.models import AuditEvent
from purna.programme.models import Cohort, Module
from tests.factories import PACITAN, make_institution, make_user, village

from .test_cohort_support import facilitator, login  # noqa: F401

NEW = reverse("programme:cohort_create")


def form_data(**overrides):
    data = {
        "module": str(Module.objects.get(code="TRAINING_BUSINESS").pk),
        "institution": str(make_institution().pk),
        "name": "Pelatihan usaha Ponorogo 1",
        "venue": village("35.02.17").pk,
        "capacity": "25",
        "first_date": "2026-03-02",
        "sessions": "4",
        "interval": "7",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("anonymous", 302),
        ("facilitator", 403),
    ],
)
def test_access(login, persona, status):
    client = login(persona)
    assert client.get(NEW).status_code == status
    response = client.post(NEW, form_data())
    assert response.status_code == (302 if status == 200 else status)
    assert Cohort.objects.exists() is (status == 200)


def test_methods(login):
    assert login("coordinator").delete(NEW).status_code == 405


def test_creates_the_cohort_with_weekly_sessions(login, personas, facilitator):
    client = login("coordinator")
    response = client.post(
        NEW, form_data(facilitators=[personas["field_officer"].pk, facilitator.pk])
    )
    cohort = Cohort.objects.get()
    assert response.url == reverse("programme:cohort_detail", args=[cohort.pk]) + "#worklist"
    assert (cohort.name, cohort.capacity, cohort.module.code) == (
        "Pelatihan usaha Ponorogo 1",
        25,
        "TRAINING_BUSINESS",
    )
    assert cohort.venue == village("35.02.17")
    assert [(s.number, s.held_on) for s in cohort.sessions.all()] == [
        (1, date(2026, 3, 2)),
        (2, date(2026, 3, 9)),
        (3, date(2026, 3, 16)),
        (4, date(2026, 3, 23)),
    ]
    assert set(cohort.facilitators.all()) == {personas["field_officer"], facilitator}
    assert AuditEvent.objects.filter(entity="cohort", entity_id=cohort.pk).exists()


def test_every_day_sessions(login):
    login("coordinator").post(NEW, form_data(sessions="3", interval="1"))
    dates = list(Cohort.objects.get().sessions.values_list("held_on", flat=True))
    assert dates == [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]


def test_own_institution_is_preselected(login, personas):
    other = make_institution("Dinas Tenaga Kerja Ponorogo", "government")
    body = login("coordinator").get(NEW).content.decode()
    own = personas["coordinator"].institution
    assert f'<option value="{own.pk}" selected>' in body
    assert f'<option value="{other.pk}">' in body


def test_venue_outside_the_area_is_refused(login):
    response = login("coordinator").post(NEW, form_data(venue=village(PACITAN).pk))
    assert response.status_code == 200
    assert "venue" in response.context["form"].errors
    assert not Cohort.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("sessions", "0"),
        ("sessions", "53"),
        ("interval", "0"),
        ("capacity", "0"),
        ("first_date", ""),
        ("name", ""),
        ("module", ""),
    ],
)
def test_invalid_input_is_refused(login, field, value):
    response = login("coordinator").post(NEW, form_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Cohort.objects.exists()


def test_facilitators_are_staff_of_the_institution_or_area(login, personas):
    far_other = make_user("far_other", Role.FIELD_OFFICER, regencies=[PACITAN])
    far_other.institution = make_institution("LSM Pacitan", "ngo")
    far_other.save()
    inactive = make_user("inactive", Role.FIELD_OFFICER, regencies=["35.02"])
    inactive.is_active = False
    inactive.save()
    form = login("coordinator").get(NEW).context["form"]
    choices = set(form.fields["facilitators"].queryset)
    assert personas["field_officer"] in choices and personas["mentor"] in choices
    assert personas["outsider"] in choices  # same institution, another regency
    assert personas["coordinator"] in choices
    assert far_other not in choices and inactive not in choices
    assert personas["viewer"] not in choices and personas["admin"] not in choices
    response = login("coordinator").post(NEW, form_data(facilitators=[far_other.pk]))
    assert "facilitators" in response.context["form"].errors
