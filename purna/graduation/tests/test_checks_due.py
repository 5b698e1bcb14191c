"""The checks due worklist: decent-life checks in practice, sustainability checks after."""

from datetime import date

import pytest
from django.urls import reverse

from purna.graduation import selectors
from purna.graduation.models import SustainabilityCheck
from tests.factories import assign, make_mentor, make_person

from .helpers import TODAY, decent_life, in_practice

URL = reverse("graduation:checks_due")


@pytest.fixture
def families(db):
    never_checked = in_practice(make_person(full_name="Ani Never Checked"))
    checked_recently = in_practice(make_person(full_name="Budi Checked"))
    decent_life(checked_recently, on=date(2026, 10, 1))  # next due 2027-04-01
    due_soon = in_practice(make_person(full_name="Citra Due Soon"))
    decent_life(due_soon, on=date(2026, 6, 10))  # next due 2026-12-10: within 30 days
    graduated = in_practice(make_person(full_name="Dewi Independent"))
    graduated.graduated_on = date(2026, 4, 1)  # first check due 2026-10-01: overdue
    graduated.save()
    done = make_person(full_name="Eko Done")
    done.graduated_on = date(2024, 1, 1)
    done.save()
    for on in (date(2024, 7, 1), date(2025, 1, 1), date(2025, 7, 1), date(2026, 1, 1)):
        SustainabilityCheck.objects.create(
            person=done, checked_on=on, business_operating=True, migrated_again=False
        )
    elsewhere = in_practice(make_person(full_name="Fajar Pacitan", village_code_prefix="35.01"))
    return {
        "never": never_checked,
        "soon": due_soon,
        "graduated": graduated,
        "elsewhere": elsewhere,
    }


def rows(client, query=""):
    page = client.get(URL + query).content.decode()
    return [
        (chunk.split('data-person="')[1].split('"')[0], chunk.split('data-kind="')[1].split('"')[0])
        for chunk in page.split('data-testid="due"')[1:]
    ]


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 200),
        ("viewer", 403),
        ("peer_mentor", 403),
        ("outsider", 200),
        ("anonymous", 302),
    ],
)
def test_access(client_for, families, persona, status):
    assert client_for(persona).get(URL).status_code == status


def test_wrong_method(client_for):
    assert client_for("coordinator").post(URL).status_code == 405


def test_lists_what_is_due_earliest_first(client_for, families):
    assert rows(client_for("coordinator")) == [
        (str(families["never"].pk), "decent_life"),  # due since 2025-09-01
        (str(families["graduated"].pk), "sustainability"),  # due since 2026-10-01
        (str(families["soon"].pk), "decent_life"),  # due 2026-12-10
    ]
    # The outsider's area has its own family, never checked.
    assert rows(client_for("outsider")) == [(str(families["elsewhere"].pk), "decent_life")]


def test_a_mentor_sees_the_checks_due_of_their_families_only(client_for, personas, families):
    # Not assigned to anyone: an empty list, not someone else's families.
    client = client_for("mentor")
    assert rows(client) == []
    mentor = make_mentor(user=personas["mentor"])
    assign(families["soon"], mentor)
    assign(families["graduated"], mentor)
    assert rows(client) == [
        (str(families["graduated"].pk), "sustainability"),
        (str(families["soon"].pk), "decent_life"),
    ]
    # The district filter offers only their families' districts.
    districts = client.get(URL).context["form"].fields["district"].queryset
    assert list(districts.values_list("pk", flat=True)) == [families["soon"].village.district_id]
    # And they may record the check the list links to.
    link = reverse("graduation:decent_life_new", args=[families["soon"].pk])
    assert client.get(link).status_code == 200


def district_options(html: str) -> dict[str, str]:
    """{value: label} of the district dropdown."""
    select = html.split('name="district"')[1].split("</select>")[0]
    return {
        chunk.split('"')[0]: chunk.split(">", 1)[1].split("</option>")[0]
        for chunk in select.split('<option value="')[1:]
    }


def test_district_dropdown_shows_names_only(client_for, families):
    district = families["elsewhere"].village.district
    assert str(district) != district.name  # the model's own label carries the code
    options = district_options(client_for("admin").get(URL).content.decode())
    assert options[district.pk] == district.name
    assert not any(district.pk in label for label in options.values())


def test_filters(client_for, families):
    client = client_for("admin")
    assert rows(client, "?kind=sustainability") == [
        (str(families["graduated"].pk), "sustainability")
    ]
    assert len(rows(client, "?kind=decent_life")) == 3  # Ani, Citra, Fajar
    elsewhere = families["elsewhere"]
    assert rows(client, f"?district={elsewhere.village.district_id}") == [
        (str(elsewhere.pk), "decent_life")
    ]


def test_partial_for_htmx(client_for, families):
    response = client_for("coordinator").get(URL, headers={"HX-Request": "true"})
    assert b"<html" not in response.content
    assert b'data-testid="due"' in response.content


def test_overdue_flag(personas, families):
    due = {row.person.pk: row.due for row in selectors.checks_due(personas["admin"], today=TODAY)}
    assert due[families["never"].pk].overdue is True
    assert due[families["soon"].pk].overdue is False
