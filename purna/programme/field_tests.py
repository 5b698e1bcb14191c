"""The field test (uji lapangan) of quadrant IV families, with photo evidence."""

import io
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from purna.assessment.services import placement_record
from purna.audit.models import AuditEvent
from purna.audit.services import audit_record
from purna.core.pathways import FIELD_VERIFICATION, PEER_MENTOR
from purna.core.progress import State
from purna.core.quadrants import quadrant_of
from purna.people.models import Person

from .models import FieldTest, FieldTestPhoto, Module
from .services import person_plan, plan_step_set

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# A phone photo has 12 to 16 million pixels; a few megabytes claiming far more is a
# "decompression bomb" that would take gigabytes of memory to open.
MAX_PHOTO_PIXELS = 40_000_000
MAX_PHOTOS = 6
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
JPEG_QUALITY = 90


def _not_a_photo(upload: UploadedFile) -> ValidationError:
    return ValidationError(
        _("%(name)s is not a photo (JPEG, PNG or WebP).") % {"name": upload.name},
        code="not_a_photo",
    )


def _too_many_pixels(upload: UploadedFile) -> ValidationError:
    return ValidationError(
        _("%(name)s is too large: at most %(n)d megapixels.")
        % {"name": upload.name, "n": MAX_PHOTO_PIXELS // 1_000_000},
        code="photo_size",
    )


# Pillow refuses an image of over twice its own pixel limit (DecompressionBombError) and
# warns above it (DecompressionBombWarning, an error where warnings are errors): both are
# caught. The warnings filter is not changed here: it is process-wide, not thread-safe.
BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)
NOT_AN_IMAGE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


def photo_check(upload: UploadedFile) -> None:
    """Images only (checked by decoding, not by the name), at most 5 MB and 40 million
    pixels."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("%(name)s is larger than 5 MB.") % {"name": upload.name}, code="photo_size"
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise _too_many_pixels(upload)
            image.verify()
    except BOMB as exc:
        raise _too_many_pixels(upload) from exc
    except NOT_AN_IMAGE as exc:
        raise _not_a_photo(upload) from exc
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise _not_a_photo(upload)


def photo_clean(upload: UploadedFile) -> ContentFile:
    """The photo to store: checked (photo_check), then decoded and encoded again in its
    own format (JPEG, PNG or WebP) without any metadata: no EXIF (a phone writes the GPS
    position of the family's house there), no XMP, no comments. The EXIF orientation is
    applied to the pixels first, so the photo still shows upright. The colour profile is
    kept. The stored name is opaque: `photo.<format>`."""
    photo_check(upload)
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.load()
            upright = ImageOps.exif_transpose(image)
    except BOMB as exc:
        raise _too_many_pixels(upload) from exc
    except NOT_AN_IMAGE as exc:  # a truncated or damaged file: found only when decoded
        raise _not_a_photo(upload) from exc
    finally:
        upload.seek(0)
    options = {}
    if upright.info.get("icc_profile"):
        options["icc_profile"] = upright.info["icc_profile"]
    if kind == "PNG" and upright.info.get("transparency") is not None:
        options["transparency"] = upright.info["transparency"]
    if kind in ("JPEG", "WEBP"):
        options["quality"] = JPEG_QUALITY
    upright.info = {}  # JPEG's writer copies a comment from here; nothing else goes along
    buffer = io.BytesIO()
    upright.save(buffer, kind, **options)
    return ContentFile(buffer.getvalue(), name=f"photo.{PHOTO_FORMATS[kind]}")


def field_test_due(person: Person) -> bool:
    """Quadrant IV with the field test still open on the plan."""
    step = next((s for s in person_plan(person) if s.code == FIELD_VERIFICATION), None)
    return (
        person.quadrant == "IV"
        and step is not None
        and step.state in (State.PLANNED, State.IN_PROGRESS)
    )


@transaction.atomic
def field_test_record(
    *, actor, person: Person, visited_on: date, photos: Sequence[UploadedFile] = (), **answers
) -> FieldTest:
    """Record the visit. Confirmed on both axes: the family becomes a mitra pendamping
    (PEER_MENTOR in progress, status peer_mentor). Otherwise it is placed in the quadrant
    the field test shows and gets that pathway; the failed axis is the reason kept."""
    if not field_test_due(person):
        raise ValidationError(_("No field test is due for this returnee (quadrant IV only)."))
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("At most %(n)d photos.") % {"n": MAX_PHOTOS})
    # Checked and stripped of their metadata before anything is written.
    cleaned = [photo_clean(photo) for photo in photos]
    test = FieldTest.objects.create(person=person, visited_on=visited_on, officer=actor, **answers)
    for photo in cleaned:
        FieldTestPhoto.objects.create(field_test=test, image=photo)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=test,
        person_id=person.pk,
        changes={
            "business_confirmed": [None, test.business_confirmed],
            "sakinah_confirmed": [None, test.sakinah_confirmed],
            "photos": [None, len(photos)],
        },
    )
    verification = Module.objects.get(code=FIELD_VERIFICATION)
    plan_step_set(actor=actor, person=person, module=verification, state="completed")
    if test.confirmed:
        peer = Module.objects.get(code=PEER_MENTOR)
        plan_step_set(actor=actor, person=person, module=peer, state="in_progress")
    else:
        failed = [
            label
            for label, ok in (
                (_("business not confirmed"), test.business_confirmed),
                (_("sakinah not confirmed"), test.sakinah_confirmed),
            )
            if not ok
        ]
        placement_record(
            actor=actor,
            person=person,
            quadrant=quadrant_of(test.business_confirmed, test.sakinah_confirmed).value,
            placed_on=visited_on,
            reason=_("Field test %(date)s: %(failed)s")
            % {"date": visited_on.isoformat(), "failed": ", ".join(failed)},
        )
    return test
