"""Deactivating a mentor (confirmation; refused while families are open) and back."""

import pytest
from django.conf import settings
from django.urls import reverse

from purna.mentors.models import Mentor
from tests.factories import assign

from .helpers import PACITAN_DISTRICT, family, staff


def url(mentor, name="mentors:deactivate"):
    return reverse(name, args=[mentor.pk])


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
    ],
)
def test_access(client_for, persona, status):
    assert client_for(persona).get(url(staff())).status_code == status


def test_outside_the_area_is_404(client_for):
    mentor = staff(districts=[PACITAN_DISTRICT])
    assert client_for("coordinator").post(url(mentor)).status_code == 404
    assert Mentor.objects.get(pk=mentor.pk).is_active


def test_confirm_then_deactivate(client_for):
    mentor = staff()
    client = client_for("coordinator")
    page = client.get(url(mentor)).content.decode()
    assert 'data-testid="confirm"' in page
    assert Mentor.objects.get(pk=mentor.pk).is_active  # a GET changes nothing
    response = client.post(url(mentor))
    assert response.status_code == 302
    assert not Mentor.objects.get(pk=mentor.pk).is_active


def test_open_families_must_be_ended_or_moved_first(client_for):
    mentor = staff()
    assign(family("Ani"), mentor)
    client = client_for("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url(mentor)).content.decode()
    assert 'data-testid="still-open"' in page and 'data-testid="confirm"' not in page
    assert "End that assignment or move the family to another mentor first" in page
    response = client.post(url(mentor), follow=True)
    assert "move the families to another mentor first" in response.content.decode()
    assert Mentor.objects.get(pk=mentor.pk).is_active


def test_reactivate_is_post_only(client_for):
    mentor = staff()
    Mentor.objects.filter(pk=mentor.pk).update(is_active=False)
    client = client_for("coordinator")
    assert client.get(url(mentor, "mentors:reactivate")).status_code == 405
    assert client_for("field_officer").post(url(mentor, "mentors:reactivate")).status_code == 403
    client = client_for("coordinator")
    assert client.post(url(mentor, "mentors:reactivate")).status_code == 302
    assert Mentor.objects.get(pk=mentor.pk).is_active
