"""The family's wish for a mentor of the same sex."""

import pytest
from django.urls import reverse

from purna.mentors.models import MentorPreference
from tests.factories import assign

from .helpers import family, staff


def url(person):
    return reverse("mentors:preference", args=[person.pk])


@pytest.fixture
def ani(db):
    return family("Ani")


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 404),
        ("viewer", 403),
        ("outsider", 404),
        ("peer_mentor", 403),
        ("anonymous", 302),
    ],
)
def test_access(client_for, ani, persona, status):
    assert client_for(persona).get(url(ani)).status_code == status


def test_the_familys_mentor_may_record_it(client_for, personas, ani):
    assign(ani, staff(user=personas["mentor"]))
    assert client_for("mentor").post(url(ani), {"same_sex": "on"}).status_code == 302
    assert MentorPreference.objects.get(person=ani).same_sex


def test_save_and_change(client_for, ani):
    client = client_for("coordinator")
    response = client.post(url(ani), {"same_sex": "on", "note": "a woman please"})
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[ani.pk]) + "#mentors"
    assert client.get(url(ani)).context["form"].initial == {
        "same_sex": True,
        "note": "a woman please",
    }
    client.post(url(ani), {"note": ""})
    pref = MentorPreference.objects.get(person=ani)
    assert (pref.same_sex, pref.note) == (False, "")


def test_back_to_the_list_but_never_off_site(client_for, ani):
    client = client_for("coordinator")
    back = client.post(url(ani), {"same_sex": "on", "next": "/mentors/needs/?district=35.02.17"})
    assert back.url == "/mentors/needs/?district=35.02.17"
    away = client.post(url(ani), {"same_sex": "on", "next": "https://evil.example/"})
    assert away.url == reverse("people:detail", args=[ani.pk]) + "#mentors"


def test_a_long_note_is_a_form_error(client_for, ani):
    response = client_for("coordinator").post(url(ani), {"note": "x" * 301})
    assert response.status_code == 200 and "note" in response.context["form"].errors
    assert not MentorPreference.objects.exists()


def test_put_is_405(client_for, ani):
    assert client_for("coordinator").put(url(ani)).status_code == 405
