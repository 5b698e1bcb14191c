"""The field test screen and service: both outcomes, photo evidence, who may see it."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from purna.programme.models import FieldTest, FieldTestPhoto
from purna.programme.services import person_plan
from tests.factories import make_assessment


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def quadrant_iv(person):
    make_assessment(person, "IV", assessed_on=date(2026, 1, 5))
    person.refresh_from_db()
    return person


def url(person):
    return reverse("programme:field_test", args=[person.pk])


def photo(name="usaha.jpg", size=(40, 30), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def answers(business=True, sakinah=True, **extra):
    data = {
        "visited_on": "2026-11-20",
        "business_exists": "on",
        "sector": "food",
        "months_operating": "18",
        "monthly_revenue": "4500000",
        "monthly_profit": "1200000",
        "workers": "2",
        "worship_routine": "on",
        "charity_routine": "on",
        "family_harmony": "on",
        "social_participation": "on",
        "notes": "",
    }
    if business:
        data["business_confirmed"] = "on"
    if sakinah:
        data["sakinah_confirmed"] = "on"
    data.update(extra)
    return data


def states(person):
    return {s.code: str(s.state) for s in person_plan(person)}


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_access(client_for, quadrant_iv, persona, status):
    assert client_for(persona).get(url(quadrant_iv)).status_code == status


def test_confirmed_family_becomes_a_peer_mentor(client_for, quadrant_iv):
    response = client_for("field_officer").post(url(quadrant_iv), answers(photos=[photo()]))
    assert response.status_code == 302
    quadrant_iv.refresh_from_db()
    assert quadrant_iv.status == "peer_mentor" and quadrant_iv.quadrant == "IV"
    assert states(quadrant_iv) == {"FIELD_VERIFICATION": "completed", "PEER_MENTOR": "in_progress"}
    assert FieldTestPhoto.objects.count() == 1


@pytest.mark.parametrize(
    "business, sakinah, placed",
    [(False, True, "III"), (True, False, "II"), (False, False, "I")],
)
def test_not_confirmed_places_the_family_where_the_test_shows(
    client_for, quadrant_iv, business, sakinah, placed
):
    client_for("field_officer").post(url(quadrant_iv), answers(business, sakinah))
    quadrant_iv.refresh_from_db()
    assert quadrant_iv.quadrant == placed and quadrant_iv.status == "identified"
    plan = states(quadrant_iv)
    assert plan["FIELD_VERIFICATION"] == "completed" and plan["PEER_MENTOR"] == "not_needed"
    assert plan["PRACTICE"] == "planned"
    placement = quadrant_iv.placements.get()
    assert "not confirmed" in placement.reason or "tidak" in placement.reason
    # A newer self assessment decides again.
    make_assessment(quadrant_iv, "IV", assessed_on=date(2026, 12, 1))
    quadrant_iv.refresh_from_db()
    assert quadrant_iv.quadrant == "IV"


def test_not_due_outside_quadrant_iv(client_for, person):
    make_assessment(person, "II")
    response = client_for("coordinator").post(url(person), answers())
    assert response.status_code == 302 and not FieldTest.objects.exists()


def test_a_second_field_test_is_not_due(client_for, quadrant_iv):
    client = client_for("coordinator")
    client.post(url(quadrant_iv), answers())
    client.post(url(quadrant_iv), answers())
    assert FieldTest.objects.count() == 1


def test_a_file_that_is_not_an_image_is_refused(client_for, quadrant_iv):
    fake = SimpleUploadedFile("foto.jpg", b"not really a photo", content_type="image/jpeg")
    response = client_for("coordinator").post(url(quadrant_iv), answers(photos=[fake]))
    assert response.status_code == 200 and not FieldTest.objects.exists()
    quadrant_iv.refresh_from_db()
    assert quadrant_iv.status == "identified"


def test_a_photo_over_5_mb_is_refused(client_for, quadrant_iv, monkeypatch):
    monkeypatch.setattr("purna.programme.field_tests.MAX_PHOTO_BYTES", 100)
    response = client_for("coordinator").post(url(quadrant_iv), answers(photos=[photo()]))
    assert response.status_code == 200 and not FieldTest.objects.exists()


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 200),
        ("viewer", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_photos_are_served_only_to_who_may_see_the_family(client_for, quadrant_iv, persona, status):
    client_for("coordinator").post(url(quadrant_iv), answers(photos=[photo()]))
    stored = FieldTestPhoto.objects.get()
    assert quadrant_iv.nik not in stored.image.name
    response = client_for(persona).get(reverse("programme:field_test_photo", args=[stored.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # a JPEG


def test_person_page_offers_the_field_test_and_shows_the_result(client_for, quadrant_iv):
    client = client_for("coordinator")
    page = client.get(reverse("people:detail", args=[quadrant_iv.pk])).content.decode()
    assert 'data-testid="field-test-link"' in page
    client.post(url(quadrant_iv), answers())
    page = client.get(reverse("people:detail", args=[quadrant_iv.pk])).content.decode()
    assert 'data-testid="field-test-link"' not in page and 'data-testid="field-test"' in page
