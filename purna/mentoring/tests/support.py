"""Helpers shared by the mentoring tests."""

import io
import struct
import zlib
from datetime import date, datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from purna.mentoring.models import MentoringPlan, PlanAction, Visit

# Who may see a family's mentoring records (the mentor persona assigned to it).
SEE = {
    "admin": 200,
    "coordinator": 200,
    "field_officer": 200,
    "mentor": 200,
    "viewer": 403,
    "outsider": 404,
    "peer_mentor": 403,
    "anonymous": 302,
}


def matrix(expected: dict[str, int]) -> list[tuple[str, int]]:
    return list(expected.items())


def photo(name="visit.jpg", fmt="JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_visit(person, visited_on: date, *, next_visit_on=None, recorded_by=None, **fields):
    """A visit written directly (the service is what other tests exercise)."""
    fields.setdefault("kind", Visit.Kind.HOME)
    fields.setdefault("topics", "Stock and prices")
    return Visit.objects.create(
        person=person,
        visited_on=visited_on,
        next_visit_on=next_visit_on,
        recorded_by=recorded_by,
        **fields,
    )


def make_plan(person, version=1, *, agreed_on=None, actions=1, **goals) -> MentoringPlan:
    goals.setdefault("business_goal", "Sell tempe at two markets")
    goals.setdefault("family_goal", "Eat together every evening")
    plan = MentoringPlan.objects.create(
        person=person, version=version, agreed_on=agreed_on, **goals
    )
    for n in range(actions):
        PlanAction.objects.create(
            plan=plan, description=f"Action {n + 1}", who="family", due_on=date(2026, 6, 1)
        )
    return plan


def written_on(plan: MentoringPlan, day: date) -> MentoringPlan:
    """The version as if it had been written on `day` (the family cannot agree earlier)."""
    moment = timezone.make_aware(datetime.combine(day, time(9, 0)))
    MentoringPlan.objects.filter(pk=plan.pk).update(created_at=moment)
    plan.created_at = moment
    return plan


def png_claiming(width: int, height: int, name: str = "bomb.png") -> SimpleUploadedFile:
    """A PNG of a few dozen bytes whose header claims width x height pixels (a
    "decompression bomb": opening it would take gigabytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
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


def jpeg_with_gps(name: str = "IMG_0001.jpg") -> SimpleUploadedFile:
    """A phone photo with the GPS position of where it was taken in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(0x8825).update({1: "S", 2: (7.0, 52.0, 12.0), 3: "E", 4: (111.0, 27.0, 44.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "green").save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
