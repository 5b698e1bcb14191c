"""Logging a visit: one short form, phone-first."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from PIL import Image

from purna.audit.models import AuditEvent
from purna.mentoring.models import Visit
from purna.mentoring.tests.english import in_english
from tests.factories import assign

from .conftest import STARTED_DAYS_AGO
from .support import SEE, jpeg_with_gps, matrix, photo, png_claiming


def url(person):
    return reverse("mentoring:visit_add", args=[person.pk])


def data(today, **overrides):
    fields = {"kind": "home", "visited_on": today.isoformat(), "topics": "Stock and prices"}
    fields.update(overrides)
    return fields


@pytest.mark.parametrize("persona, status", matrix(SEE))
def test_access(client_for, family, persona, status):
    assert client_for(persona).get(url(family)).status_code == status


@pytest.mark.parametrize("persona, status", matrix(SEE))
def test_who_may_record(client_for, family, today, persona, status):
    expected = 302 if status == 200 else status
    response = client_for(persona).post(url(family), data(today))
    assert response.status_code == expected
    assert Visit.objects.count() == (1 if status == 200 else 0)


def test_a_mentor_gets_404_for_a_family_not_theirs(client_for, other_family, today):
    client = client_for("mentor")
    assert client.get(url(other_family)).status_code == 404
    assert client.post(url(other_family), data(today)).status_code == 404
    assert not Visit.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client_for, family, method):
    assert getattr(client_for("mentor"), method)(url(family)).status_code == 405


def test_the_form_defaults_to_a_home_visit_today_and_suggests_the_cadence(
    client_for, family, today
):
    page = in_english(client_for("mentor")).get(url(family)).content.decode()
    assert 'value="home" id="id_kind_0" checked' in page
    assert f'value="{today.isoformat()}"' in page
    assert "Leave empty for the usual rhythm" in page
    assert 'placeholder="' in page and 'type="file"' in page


def test_the_mentors_visit_is_theirs_and_goes_back_to_where_they_came_from(
    client_for, family, staff_mentor, today
):
    home = reverse("mentoring:home")
    response = client_for("mentor").post(
        url(family), data(today, kind="business", next=home, photo=photo())
    )
    assert response.status_code == 302 and response.url == home
    visit = Visit.objects.get()
    assert visit.mentor == staff_mentor and visit.kind == "business" and visit.photo
    assert AuditEvent.objects.filter(entity="visit", action="create").count() == 1


def test_without_next_it_goes_to_the_person_page(client_for, family, today):
    response = client_for("coordinator").post(url(family), data(today))
    assert response.url == reverse("people:detail", args=[family.pk])


def test_an_outside_next_is_ignored(client_for, family, today):
    response = client_for("coordinator").post(
        url(family), data(today, next="https://evil.example/")
    )
    assert response.url == reverse("people:detail", args=[family.pk])


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"topics": ""}, "topics"),
        ({"kind": "party"}, "kind"),
        ({"visited_on": "not a date"}, "visited_on"),
        ({"visited_on": "1999-12-31"}, "visited_on"),
        ({"visited_on": "+1"}, "visited_on"),
        ({"next_visit_on": "-1"}, "next_visit_on"),
        ({"next_visit_on": "0"}, "next_visit_on"),
        ({"topics": "x" * 5001}, "topics"),
    ],
)
def test_bad_input_shows_the_form_again(client_for, family, today, overrides, field):
    relative = {
        key: (today + timedelta(days=int(value))).isoformat()
        for key, value in overrides.items()
        if key.endswith("_on") and value.lstrip("+-").isdigit()
    }
    response = client_for("mentor").post(url(family), data(today, **{**overrides, **relative}))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert not Visit.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(client_for, family, today):
    fake = SimpleUploadedFile("visit.jpg", b"not really a photo", content_type="image/jpeg")
    response = client_for("mentor").post(url(family), data(today, photo=fake))
    assert response.status_code == 200 and response.context["form"].errors["photo"]
    assert not Visit.objects.exists()


def test_a_photo_over_5_mb_is_refused(client_for, family, today, monkeypatch):
    monkeypatch.setattr("purna.programme.field_tests.MAX_PHOTO_BYTES", 100)
    response = client_for("mentor").post(url(family), data(today, photo=photo()))
    assert response.status_code == 200 and response.context["form"].errors["photo"]
    assert not Visit.objects.exists()


def test_no_visit_before_business_practice(client_for, person, staff_mentor, today):
    assign(person, staff_mentor)
    client = client_for("mentor")
    assert client.get(url(person)).status_code == 302
    client.post(url(person), data(today))
    assert not Visit.objects.exists()


def test_a_tiny_file_claiming_huge_dimensions_is_refused_not_a_crash(client_for, family, today):
    bomb = png_claiming(20000, 20000)
    response = in_english(client_for("mentor")).post(url(family), data(today, photo=bomb))
    assert response.status_code == 200 and not Visit.objects.exists()
    assert "too large" in " ".join(response.context["form"].errors["photo"])


def test_the_photo_is_stored_without_its_gps_position(client_for, family, today):
    client_for("mentor").post(url(family), data(today, photo=jpeg_with_gps()))
    visit = Visit.objects.get()
    with visit.photo.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG" and image.size == (60, 20)
        assert not image.getexif() and "exif" not in image.info
    assert visit.photo.name.endswith(".jpg")


def test_a_visit_dated_before_business_practice_is_refused_naming_the_start(
    client_for, family, today
):
    started = today - timedelta(days=STARTED_DAYS_AGO)
    before = started - timedelta(days=1)
    client = in_english(client_for("mentor"))
    response = client.post(url(family), data(today, visited_on=before.isoformat()))
    assert response.status_code == 200 and not Visit.objects.exists()
    errors = " ".join(response.context["form"].errors["visited_on"])
    with translation.override("en"):
        assert date_format(started, "j M Y") in errors


def test_a_second_tap_on_save_is_not_a_second_visit(client_for, family, today):
    client = in_english(client_for("mentor"))
    home = reverse("mentoring:home")
    first = client.post(url(family), data(today, next=home))
    again = client.post(url(family), data(today, next=home))
    assert first.status_code == again.status_code == 302 and again.url == home
    assert Visit.objects.count() == 1
    [*_, last] = get_messages(again.wsgi_request)
    assert last.level_tag == "info" and "already saved" in last.message


def test_the_save_button_is_disabled_once_the_form_is_sent(client_for, family):
    page = client_for("mentor").get(url(family)).content.decode()
    assert 'data-testid="visit-form" data-submit-once' in page
    assert "/static/mentoring/js/submit-once.js" in page
