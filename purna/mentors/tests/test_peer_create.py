"""Adding a peer mentor from a returnee whose field test was confirmed."""

import pytest
from django.urls import reverse

from purna.accounts.models import Role, User
from purna.mentors.models import PEER_CAPACITY, Mentor
from tests.factories import make_user

from .helpers import PONOROGO, SLAHUNG, WIDORO, family, peer_returnee

URL = reverse("mentors:peer_create")


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
def test_access(client_for, persona, status):
    assert client_for(persona).get(URL).status_code == status


def test_only_confirmed_returnees_of_the_area_not_yet_mentors(client_for):
    lastri = peer_returnee("Bu Lastri")
    peer_returnee("Bu Widoro", village=WIDORO)
    family("Ani")  # in practice, not a peer mentor
    client = client_for("coordinator")
    offered = client.get(URL).context["form"].fields["person"].queryset
    assert [p.full_name for p in offered] == ["Bu Lastri"]
    client.post(URL, {"person": lastri.pk, "capacity": "3"})
    assert not client.get(URL).context["form"].fields["person"].queryset.exists()


def test_add_with_defaults_from_the_returnee(client_for):
    lastri = peer_returnee("Bu Lastri")
    client = client_for("coordinator")
    assert client.get(URL, {"person": lastri.pk}).context["form"].initial["person"] == lastri.pk
    response = client.post(URL, {"person": lastri.pk, "capacity": PEER_CAPACITY})
    mentor = Mentor.objects.get()
    assert response.status_code == 302
    assert (mentor.kind, mentor.name, mentor.sex, mentor.capacity, mentor.village_id) == (
        "peer",
        "Bu Lastri",
        "P",
        3,
        lastri.village_id,
    )
    assert list(mentor.districts.values_list("code", flat=True)) == [PONOROGO]


def test_add_with_sectors_districts_and_a_new_login(client_for):
    lastri = peer_returnee("Bu Lastri")
    response = client_for("coordinator").post(
        URL,
        {
            "person": lastri.pk,
            "capacity": "2",
            "sectors": ["food"],
            "districts": [PONOROGO, SLAHUNG],
            "new_username": "lastri",
            "new_password": "Kopi-Susu-2026",
        },
    )
    assert response.status_code == 302
    mentor = Mentor.objects.get()
    assert mentor.sectors == ["food"] and mentor.capacity == 2
    assert mentor.user.username == "lastri" and mentor.user.role == Role.PEER_MENTOR


def test_link_an_existing_peer_mentor_login(client_for):
    lastri = peer_returnee("Bu Lastri")
    login = make_user("lastri", Role.PEER_MENTOR, regencies=["35.02"])
    response = client_for("coordinator").post(
        URL, {"person": lastri.pk, "capacity": "3", "user": login.pk}
    )
    assert response.status_code == 302 and Mentor.objects.get().user == login


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "1" * 30}, "capacity"),
        ({"new_username": "lastri"}, "new_password"),
        ({"new_username": "lastri", "new_password": "123"}, "new_password"),
        ({"new_username": "coordinator", "new_password": "Kopi-Susu-2026"}, "new_username"),
        ({"sectors": ["mining"]}, "sectors"),
    ],
)
def test_bad_input_writes_nothing(client_for, extra, field):
    lastri = peer_returnee("Bu Lastri")
    users = User.objects.count()
    response = client_for("coordinator").post(URL, {"person": lastri.pk, "capacity": "3", **extra})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Mentor.objects.exists() and User.objects.count() == users


def test_a_returnee_outside_the_area_cannot_be_posted(client_for):
    widoro = peer_returnee("Bu Widoro", village=WIDORO)
    response = client_for("coordinator").post(URL, {"person": widoro.pk, "capacity": "3"})
    assert response.status_code == 200 and "person" in response.context["form"].errors
    assert not Mentor.objects.exists()
