"""The field test screen and service: both outcomes, photo evidence, who may see it."""

import io
import struct
import warnings
import zlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from purna.programme.field_tests import photo_check, photo_clean
from purna.programme.models import FieldTest, FieldTestPhoto
from purna.programme.services import person_plan
from tests.factories import assign, make_assessment, make_mentor


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
def test_access(client_for, personas, quadrant_iv, persona, status):
    accompanied_by_the_mentor(personas, quadrant_iv)
    assert client_for(persona).get(url(quadrant_iv)).status_code == status


def accompanied_by_the_mentor(personas, person):
    """A mentor sees only the families they accompany: the mentor persona gets this one."""
    assign(person, make_mentor("Bu Rina", user=personas["mentor"]))


def test_a_mentor_does_not_see_a_family_they_do_not_accompany(client_for, quadrant_iv):
    assert client_for("mentor").get(url(quadrant_iv)).status_code == 404


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
def test_photos_are_served_only_to_who_may_see_the_family(
    client_for, personas, quadrant_iv, persona, status
):
    accompanied_by_the_mentor(personas, quadrant_iv)
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


# Photos: decompression bombs and metadata


def png_claiming(width, height, name="bomb.png"):
    """A PNG of a few dozen bytes whose header claims width x height pixels: what opening
    it would take in memory is what a "decompression bomb" is about."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    "width, height",
    [(20000, 20000), (10000, 10000), (8000, 6000)],
    ids=["over-pillows-refusal", "over-pillows-warning", "over-40-megapixels"],
)
def test_a_small_file_claiming_huge_dimensions_is_refused_as_too_large(width, height):
    with pytest.raises(ValidationError) as refused:
        photo_check(png_claiming(width, height))
    assert refused.value.code == "photo_size"


def test_pillows_bomb_warning_is_refused_where_warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValidationError) as refused:
            photo_check(png_claiming(10000, 10000))
    assert refused.value.code == "photo_size"


def test_a_photo_of_40_megapixels_passes_the_check():
    photo_check(png_claiming(8000, 5000))


def test_a_bomb_posted_as_field_test_photo_is_a_form_error_not_a_crash(client_for, quadrant_iv):
    bomb = png_claiming(20000, 20000)
    response = client_for("coordinator").post(url(quadrant_iv), answers(photos=[bomb]))
    assert response.status_code == 200 and not FieldTest.objects.exists()
    assert response.context["form"].errors["photos"]


def test_a_truncated_photo_is_refused_when_it_is_stored(quadrant_iv):
    whole = photo(size=(400, 300)).read()
    with pytest.raises(ValidationError) as refused:
        photo_clean(SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2]))
    assert refused.value.code == "not_a_photo"


def jpeg_with_gps(orientation=None):
    """A phone photo: 60 x 20, with the GPS position of where it was taken in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (7.0, 52.0, 12.0), 3: "E", 4: (111.0, 27.0, 44.0)})
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "green").save(buffer, "JPEG", exif=exif, comment=b"Siti's house")
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_field_test_photo_is_stored_without_its_metadata(client_for, quadrant_iv):
    upload = jpeg_with_gps()
    with Image.open(io.BytesIO(upload.read())) as sent:
        assert sent.getexif().get_ifd(0x8825)  # the test's photo does carry a position
    upload.seek(0)
    client_for("coordinator").post(url(quadrant_iv), answers(photos=[upload]))
    stored = FieldTestPhoto.objects.get()
    with stored.image.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG" and image.size == (60, 20)
        assert not image.getexif() and "exif" not in image.info
        assert "comment" not in image.info and "xmp" not in image.info
    assert stored.image.name.endswith(".jpg")


@pytest.mark.parametrize("fmt, suffix", [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_photos_stay_in_their_format_without_metadata(fmt, suffix):
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "S", 2: (7.0, 52.0, 12.0)})
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 10), (0, 128, 0, 128)).save(buffer, fmt, exif=exif)
    cleaned = photo_clean(SimpleUploadedFile(f"x.{suffix}", buffer.getvalue()))
    assert cleaned.name == f"photo.{suffix}"
    with Image.open(cleaned) as image:
        assert image.format == fmt and image.mode == "RGBA" and not image.getexif()


def test_a_turned_phone_photo_is_stored_upright():
    # Orientation 6: the camera was turned; the viewer is to rotate 90 degrees.
    cleaned = photo_clean(jpeg_with_gps(orientation=6))
    with Image.open(cleaned) as image:
        assert image.size == (20, 60) and not image.getexif()
