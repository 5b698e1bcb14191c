"""The module catalogue: everyone who works with returnees reads it, coordinators shape it."""

import re

import pytest
from django.urls import reverse

from purna.programme.models import Module

LIST = reverse("programme:modules")
NEW = reverse("programme:module_create")


def edit_url(module):
    return reverse("programme:module_edit", args=[module.pk])


def pathway_module(code="PRACTICE"):
    return Module.objects.get(code=code)


def form_data(**overrides):
    data = {
        "code": "DIGITAL_MARKETING",
        "name_id": "Pemasaran digital",
        "name_en": "Digital marketing",
        "description": "",
        "planned_sessions": "4",
        "planned_hours": "8.5",
        "min_attendance_percent": "75",
        "post_test_required": "on",
        "is_active": "on",
    }
    data.update(overrides)
    return data


MANAGERS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 403),
    ("mentor", 403),
    ("viewer", 403),
    ("outsider", 403),
    ("anonymous", 302),
]


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 200),
        ("viewer", 403),
        ("outsider", 200),  # the catalogue is the same everywhere
        ("anonymous", 302),
    ],
)
def test_list_access(client_for, personas, persona, status):
    assert client_for(persona).get(LIST).status_code == status


@pytest.mark.parametrize("persona, status", MANAGERS)
def test_create_access(client_for, personas, persona, status):
    client = client_for(persona)
    assert client.get(NEW).status_code == status
    response = client.post(NEW, form_data())
    assert response.status_code == (302 if status == 200 else status)
    assert Module.objects.filter(code="DIGITAL_MARKETING").exists() is (status == 200)


@pytest.mark.parametrize("persona, status", MANAGERS)
def test_edit_access(client_for, personas, persona, status):
    module = pathway_module()
    client = client_for(persona)
    assert client.get(edit_url(module)).status_code == status
    client.post(edit_url(module), form_data(code="PRACTICE", planned_sessions="9"))
    module.refresh_from_db()
    assert (module.planned_sessions == 9) is (status == 200)


def test_methods(client_for, personas):
    client = client_for("coordinator")
    assert client.post(LIST).status_code == 405
    assert client.delete(NEW).status_code == 405


def test_unknown_module_is_404(client_for, personas):
    url = reverse("programme:module_edit", args=[999999])
    assert client_for("coordinator").get(url).status_code == 404


def test_list_shows_sessions_and_hours(client_for, personas):
    client_for("coordinator").post(NEW, form_data())
    body = client_for("mentor").get(LIST).content.decode()
    row = body.split('data-testid="module-DIGITAL_MARKETING"')[1].split("</tr>")[0]
    assert ">4<" in row and ">8,5<" in row  # Indonesian decimal comma
    assert "Pemasaran digital" in row
    assert body.count('data-testid="module-') == 9


def test_pathway_modules_come_first_in_pathway_order(client_for, personas):
    client_for("coordinator").post(NEW, form_data(code="AAA_FIRST_ALPHABETICALLY"))
    body = client_for("mentor").get(LIST).content.decode()
    codes = re.findall(r'data-testid="module-(\w+)"', body)
    assert codes[:3] == ["MINDSET_BUSINESS", "MINDSET_SAKINAH", "TRAINING_BUSINESS"]
    assert codes[-1] == "AAA_FIRST_ALPHABETICALLY"


@pytest.mark.parametrize("persona, sees", [("coordinator", True), ("mentor", False)])
def test_edit_links_for_managers(client_for, personas, persona, sees):
    body = client_for(persona).get(LIST).content.decode()
    assert (f'href="{NEW}"' in body) is sees
    assert (f'href="{edit_url(pathway_module())}"' in body) is sees


def test_code_is_uppercased(client_for, personas):
    client_for("coordinator").post(NEW, form_data(code=" fin_literacy "))
    assert Module.objects.filter(code="FIN_LITERACY", in_pathway=False).exists()


@pytest.mark.parametrize("code", ["FIN LITERACY", "LITERASI-KEUANGAN", "1FIN", "", "PRACTICE"])
def test_bad_or_taken_codes_are_refused(client_for, personas, code):
    before = Module.objects.count()
    response = client_for("coordinator").post(NEW, form_data(code=code))
    assert response.status_code == 200 and Module.objects.count() == before


@pytest.mark.parametrize("field, value", [("planned_sessions", "0"), ("planned_hours", "-2")])
def test_sessions_and_hours_must_be_positive(client_for, personas, field, value):
    response = client_for("coordinator").post(NEW, form_data(**{field: value}))
    assert response.status_code == 200 and not Module.objects.filter(in_pathway=False).exists()


def test_pathway_module_keeps_its_code(client_for, personas):
    module = pathway_module()
    response = client_for("coordinator").post(
        edit_url(module), form_data(code="PRAKTIK", name_id="Praktik usaha mandiri")
    )
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.code == "PRACTICE" and module.name_id == "Praktik usaha mandiri"
    assert module.is_active and module.in_pathway


def test_optional_module_can_be_renamed_and_retired(client_for, personas):
    client = client_for("coordinator")
    client.post(NEW, form_data())
    module = Module.objects.get(code="DIGITAL_MARKETING")
    data = form_data(code="DIGITAL_MARKETING_2")
    del data["is_active"]
    client.post(edit_url(module), data)
    module.refresh_from_db()
    assert module.code == "DIGITAL_MARKETING_2" and not module.is_active


@pytest.mark.parametrize("persona, sees", [("field_officer", True), ("viewer", False)])
def test_navbar_link(client_for, personas, persona, sees):
    body = client_for(persona).get(reverse("overview:index")).content.decode()
    assert (f'href="{LIST}"' in body) is sees


def test_the_completion_rule_is_set_per_module(client_for, personas):
    from purna.programme.models import Module

    module = Module.objects.get(code="PRACTICE")
    data = {
        "code": "PRACTICE",
        "name_id": module.name_id,
        "name_en": module.name_en,
        "description": "",
        "planned_sessions": 6,
        "planned_hours": "24",
        "min_attendance_percent": 50,
    }
    response = client_for("coordinator").post(
        reverse("programme:module_edit", args=[module.pk]), data
    )
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.min_attendance_percent == 50 and module.post_test_required is False
    data["min_attendance_percent"] = 150
    client_for("coordinator").post(reverse("programme:module_edit", args=[module.pk]), data)
    module.refresh_from_db()
    assert module.min_attendance_percent == 50
