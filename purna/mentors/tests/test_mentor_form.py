"""Creating and editing a staff mentor; editing a peer mentor's capacity and sectors."""

import pytest
from django.urls import reverse

from purna.accounts.models import Role
from purna.areas.models import District
from purna.mentors.models import Mentor
from tests.factories import assign, make_institution, make_mentor, make_user

from .helpers import PACITAN_DISTRICT, PONOROGO, SLAHUNG, family, peer_returnee, staff

CREATE = reverse("mentors:create")


def data(**extra):
    values = {
        "name": "Bu Rina",
        "institution": make_institution().pk,
        "sex": "P",
        "capacity": "8",
        "sectors": ["food", "crafts"],
        "districts": [PONOROGO, SLAHUNG],
        "user": "",
    }
    values.update(extra)
    return values


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("peer_mentor", 403),
        ("anonymous", 302),
    ],
)
def test_create_access(client_for, persona, status):
    assert client_for(persona).get(CREATE).status_code == status


def test_create_is_get_or_post(client_for):
    assert client_for("coordinator").put(CREATE).status_code == 405


def test_create_a_staff_mentor(client_for, personas):
    response = client_for("coordinator").post(CREATE, data(user=personas["mentor"].pk))
    mentor = Mentor.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "mentors:detail", args=[mentor.pk]
    )
    assert (mentor.kind, mentor.name, mentor.capacity, mentor.sex) == ("staff", "Bu Rina", 8, "P")
    assert mentor.sectors == ["food", "crafts"] and mentor.user == personas["mentor"]
    assert set(mentor.districts.values_list("code", flat=True)) == {PONOROGO, SLAHUNG}


def test_districts_are_those_of_the_coordinators_area(client_for):
    client = client_for("coordinator")
    districts = client.get(CREATE).context["form"].fields["districts"].queryset
    assert districts.filter(code=PONOROGO).exists()
    assert not districts.filter(code=PACITAN_DISTRICT).exists()
    response = client.post(CREATE, data(districts=[PACITAN_DISTRICT]))
    assert response.status_code == 200 and "districts" in response.context["form"].errors
    assert not Mentor.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", ""),
        ("capacity", "0"),
        ("capacity", "99999999999999999999999"),
        ("capacity", "ten"),
        ("sectors", ["mining"]),
        ("districts", []),
        ("sex", "X"),
        ("institution", ""),
    ],
)
def test_bad_input_is_a_form_error(client_for, field, value):
    response = client_for("coordinator").post(CREATE, data(**{field: value}))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Mentor.objects.exists()


def test_a_login_of_another_role_cannot_be_chosen(client_for, personas):
    response = client_for("coordinator").post(CREATE, data(user=personas["field_officer"].pk))
    assert response.status_code == 200 and "user" in response.context["form"].errors


def test_a_login_linked_to_another_mentor_is_not_offered(client_for, personas):
    staff("Pak Budi", user=personas["mentor"])
    form = client_for("coordinator").get(CREATE).context["form"]
    assert personas["mentor"] not in form.fields["user"].queryset


def test_logins_outside_the_area_are_not_offered(client_for):
    make_user("pacitan_mentor", Role.MENTOR, regencies=["35.01"])
    inside = make_user("slahung_mentor", Role.MENTOR, districts=[SLAHUNG])
    logins = client_for("coordinator").get(CREATE).context["form"].fields["user"].queryset
    assert [u.username for u in logins] == ["mentor", "slahung_mentor"]
    assert inside in logins


def test_edit_keeps_districts_outside_the_coordinators_area(client_for):
    mentor = staff("Bu Rina", districts=[PONOROGO, PACITAN_DISTRICT])
    url = reverse("mentors:edit", args=[mentor.pk])
    client = client_for("coordinator")
    form = client.get(url).context["form"]
    assert form.initial["capacity"] == 10
    response = client.post(url, data(districts=[SLAHUNG], capacity="12"))
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.capacity == 12
    assert set(mentor.districts.values_list("code", flat=True)) == {SLAHUNG, PACITAN_DISTRICT}


def test_edit_refuses_a_capacity_below_the_families_accompanied(client_for):
    mentor = staff(capacity=5)
    assign(family("Ani"), mentor)
    assign(family("Budi", sex="L"), mentor)
    url = reverse("mentors:edit", args=[mentor.pk])
    response = client_for("coordinator").post(url, data(capacity="1", districts=[PONOROGO]))
    assert response.status_code == 200 and "capacity" in response.context["form"].errors
    mentor.refresh_from_db()
    assert mentor.capacity == 5


def test_edit_outside_the_area_is_404(client_for):
    mentor = staff(districts=[PACITAN_DISTRICT])
    url = reverse("mentors:edit", args=[mentor.pk])
    assert client_for("coordinator").get(url).status_code == 404
    assert client_for("field_officer").get(url).status_code == 403


def test_edit_a_peer_mentor_keeps_name_and_sex(client_for):
    mentor = make_mentor(person=peer_returnee())
    url = reverse("mentors:edit", args=[mentor.pk])
    client = client_for("coordinator")
    form = client.get(url).context["form"]
    assert "name" not in form.fields and "sex" not in form.fields
    response = client.post(url, {"capacity": "2", "sectors": ["food"], "districts": []})
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.capacity, mentor.sectors, mentor.name) == (2, ["food"], "Bu Lastri")
    assert District.objects.filter(pk__in=mentor.districts.all()).count() == 0
