"""All visits of a family, correcting and deleting one, and their photos."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from PIL import Image

from purna.audit.models import AuditEvent
from purna.mentoring.models import Visit
from purna.mentoring.services import visit_record
from purna.mentoring.tests.english import in_english
from purna.mentors.tests.helpers import classes_of, is_big_tap_target

from .support import SEE, jpeg_with_gps, make_visit, matrix, photo

# Who may correct or delete a visit the mentor persona recorded.
CHANGE = {**SEE, "field_officer": 403}


@pytest.fixture
def visit(family, personas, today):
    return visit_record(
        actor=personas["mentor"],
        person=family,
        kind="home",
        visited_on=today - timedelta(days=2),
        topics="Stock\nPrices at the market",
        photo=photo(),
    )


def form(today, **overrides):
    fields = {"kind": "phone", "visited_on": today.isoformat(), "topics": "Corrected"}
    fields.update(overrides)
    return fields


@pytest.mark.parametrize("persona, status", matrix(SEE))
def test_list_access(client_for, visit, persona, status):
    url = reverse("mentoring:visit_list", args=[visit.person_id])
    assert client_for(persona).get(url).status_code == status


def test_the_list_shows_the_visits_and_who_may_correct_them(client_for, visit, personas, today):
    other = make_visit(visit.person, today - timedelta(days=20), recorded_by=personas["admin"])
    url = reverse("mentoring:visit_list", args=[visit.person_id])
    page = client_for("mentor").get(url).content.decode()
    assert "Prices at the market" in page and 'data-testid="visit-photo"' in page
    assert f'data-testid="edit-visit-{visit.pk}"' in page
    assert f'data-testid="edit-visit-{other.pk}"' not in page  # not theirs
    page = client_for("coordinator").get(url).content.decode()
    assert f'data-testid="edit-visit-{other.pk}"' in page
    assert client_for("mentor").post(url).status_code == 405


@pytest.mark.parametrize("persona, status", matrix(CHANGE))
def test_who_may_correct(client_for, visit, today, persona, status):
    url = reverse("mentoring:visit_edit", args=[visit.pk])
    client = client_for(persona)
    assert client.get(url).status_code == status
    response = client.post(url, form(today))
    assert response.status_code == (302 if status == 200 else status)
    visit.refresh_from_db()
    assert visit.kind == ("phone" if status == 200 else "home")


def test_a_mentor_may_not_correct_a_visit_of_a_family_no_longer_theirs(client_for, visit, today):
    visit.person.mentor_assignments.update(ended_on=today)
    url = reverse("mentoring:visit_edit", args=[visit.pk])
    assert client_for("mentor").get(url).status_code == 404


def test_the_correction_form_is_filled_in_and_checks_the_input(client_for, visit, today):
    url = reverse("mentoring:visit_edit", args=[visit.pk])
    client = client_for("mentor")
    page = client.get(url).content.decode()
    assert "Prices at the market" in page and 'name="remove_photo"' in page
    response = client.post(url, form(today, next_visit_on=today.isoformat()))
    assert response.status_code == 200 and response.context["form"].errors["next_visit_on"]
    response = client.post(url, form(today + timedelta(days=1)))
    assert response.status_code == 200 and response.context["form"].errors["visited_on"]
    visit.refresh_from_db()
    assert visit.kind == "home"
    response = client.post(url, form(today, remove_photo="on"))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.kind == "phone" and not visit.photo
    assert AuditEvent.objects.filter(entity="visit", action="update").count() == 1


@pytest.mark.parametrize("persona, status", matrix(CHANGE))
def test_who_may_delete(client_for, visit, persona, status):
    url = reverse("mentoring:visit_delete", args=[visit.pk])
    client = client_for(persona)
    page = client.get(url)
    assert page.status_code == status
    if status == 200:
        assert 'data-testid="confirm-delete"' in page.content.decode()
        assert Visit.objects.exists()  # asking is not deleting
    response = client.post(url)
    assert response.status_code == (302 if status == 200 else status)
    assert Visit.objects.exists() is (status != 200)


def test_delete_refuses_other_methods(client_for, visit):
    url = reverse("mentoring:visit_delete", args=[visit.pk])
    assert client_for("mentor").put(url).status_code == 405


@pytest.mark.parametrize("persona, status", matrix(SEE))
def test_photos_are_served_only_to_who_may_see_the_family(client_for, visit, persona, status):
    response = client_for(persona).get(reverse("mentoring:visit_photo", args=[visit.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # a JPEG
        assert response["Cache-Control"].startswith("private")


def test_a_visit_without_a_photo_has_none_to_serve(client_for, family, today):
    visit = make_visit(family, today)
    response = client_for("coordinator").get(reverse("mentoring:visit_photo", args=[visit.pk]))
    assert response.status_code == 404


def test_an_unassigned_mentor_gets_404_on_the_photo(client_for, other_family, today):
    visit = make_visit(other_family, today)
    response = client_for("mentor").get(reverse("mentoring:visit_photo", args=[visit.pk]))
    assert response.status_code == 404


def test_correct_and_delete_are_buttons_big_enough_to_tap(client_for, visit):
    url = reverse("mentoring:visit_list", args=[visit.person_id])
    page = client_for("mentor").get(url).content.decode()
    for testid in (f"edit-visit-{visit.pk}", f"delete-visit-{visit.pk}"):
        assert is_big_tap_target(classes_of(page, testid)), testid


def test_a_photo_replaced_on_correction_loses_its_gps_position(client_for, visit, today):
    url = reverse("mentoring:visit_edit", args=[visit.pk])
    response = client_for("mentor").post(url, form(today, photo=jpeg_with_gps()))
    assert response.status_code == 302
    visit.refresh_from_db()
    with visit.photo.open("rb") as handle, Image.open(handle) as image:
        assert image.size == (60, 20) and not image.getexif()


def test_the_delete_page_shows_the_date_as_everywhere(client_for, visit):
    url = reverse("mentoring:visit_delete", args=[visit.pk])
    page = in_english(client_for("mentor")).get(url).content.decode()
    with translation.override("en"):
        assert date_format(visit.visited_on, "j M Y") in page
