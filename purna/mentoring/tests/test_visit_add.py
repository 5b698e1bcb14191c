"""Logging a visit: one short form, phone-first."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.mentoring.models import Visit
from purna.mentoring.tests.english import in_english
from tests.factories import assign

from .support import SEE, matrix, photo


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
