"""Attaching an optional module (financial literacy, parenting...) to a person's plan."""

import re
from datetime import date

import pytest
from django.urls import reverse

from purna.programme.models import Module, PlanEntry
from tests.factories import make_assessment

STEP = re.compile(r'data-testid="step-(\w+)" data-state="(\w+)"')


def url(person):
    return reverse("programme:optional_attach", args=[person.pk])


def page(client, person) -> str:
    return client.get(reverse("people:detail", args=[person.pk])).content.decode()


@pytest.fixture
def literacy(db):
    return Module.objects.create(
        code="FIN_LITERACY", name_id="Literasi keuangan", name_en="Financial literacy"
    )


@pytest.fixture
def quadrant_ii(person):
    make_assessment(person, "II", assessed_on=date(2026, 1, 5))
    return person


@pytest.mark.parametrize(
    "persona, status, attached",
    [
        ("admin", 302, True),
        ("coordinator", 302, True),
        ("field_officer", 403, False),
        ("mentor", 404, False),  # not a family the mentor accompanies
        ("viewer", 403, False),
        ("outsider", 404, False),
        ("anonymous", 302, False),
    ],
)
def test_access(client_for, quadrant_ii, literacy, persona, status, attached):
    response = client_for(persona).post(url(quadrant_ii), {"module": literacy.pk})
    assert response.status_code == status
    assert PlanEntry.objects.filter(module=literacy).exists() is attached


def test_a_mentor_may_not_attach_even_to_a_family_they_accompany(
    client_for, quadrant_ii, literacy, accompany
):
    accompany(quadrant_ii)
    response = client_for("mentor").post(url(quadrant_ii), {"module": literacy.pk})
    assert response.status_code == 403 and not PlanEntry.objects.exists()


def test_get_is_not_allowed(client_for, quadrant_ii):
    assert client_for("coordinator").get(url(quadrant_ii)).status_code == 405


@pytest.mark.parametrize(
    "persona, sees_select",
    [("admin", True), ("coordinator", True), ("field_officer", False), ("mentor", False)],
)
def test_attach_select_for_coordinators(
    client_for, quadrant_ii, literacy, persona, sees_select, accompany
):
    accompany(quadrant_ii)  # so the mentor sees the page at all
    body = page(client_for(persona), quadrant_ii)
    assert 'data-testid="pathway"' in body
    assert ('data-testid="attach"' in body) is sees_select


def test_pathway_and_inactive_modules_cannot_be_attached(client_for, quadrant_ii, literacy):
    literacy.is_active = False
    literacy.save()
    client = client_for("coordinator")
    for module in (literacy, Module.objects.get(code="MINDSET_BUSINESS")):
        response = client.post(url(quadrant_ii), {"module": module.pk})
        assert response.status_code == 302
    assert not PlanEntry.objects.exists()
    assert 'data-testid="attach"' not in page(client, quadrant_ii)  # nothing left to offer


def test_module_created_on_the_catalogue_joins_the_plan(client_for, quadrant_ii):
    coordinator = client_for("coordinator")
    coordinator.post(
        reverse("programme:module_create"),
        {
            "code": "parenting_children",
            "name_id": "Pengasuhan anak pekerja migran",
            "name_en": "Parenting for migrants' children",
            "planned_sessions": "3",
            "planned_hours": "6",
            "is_active": "on",
        },
    )
    parenting = Module.objects.get(code="PARENTING_CHILDREN")
    assert f'value="{parenting.pk}"' in page(coordinator, quadrant_ii)

    coordinator.post(url(quadrant_ii), {"module": parenting.pk})
    body = page(coordinator, quadrant_ii)
    states = dict(STEP.findall(body))
    assert list(states)[-1] == "PARENTING_CHILDREN"  # after the pathway modules
    assert states["PARENTING_CHILDREN"] == "planned"
    assert "Pengasuhan anak pekerja migran" in body
    assert 'data-testid="attach"' not in body  # the only optional module is on the plan now

    officer = client_for("field_officer")
    officer.post(
        reverse("programme:plan_step", args=[quadrant_ii.pk, "PARENTING_CHILDREN"]),
        {"state": "in_progress"},
    )
    assert dict(STEP.findall(page(officer, quadrant_ii)))["PARENTING_CHILDREN"] == "in_progress"


def test_attaching_twice_keeps_one_entry(client_for, quadrant_ii, literacy):
    client = client_for("coordinator")
    client.post(url(quadrant_ii), {"module": literacy.pk})
    client.post(url(quadrant_ii), {"module": literacy.pk})
    assert PlanEntry.objects.filter(module=literacy).count() == 1
