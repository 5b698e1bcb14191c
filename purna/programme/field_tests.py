"""The field test (uji lapangan) of quadrant IV families, with photo evidence."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

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
MAX_PHOTOS = 6
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def photo_check(upload: UploadedFile) -> None:
    """Images only (checked by decoding, not by the name), at most 5 MB."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("%(name)s is larger than 5 MB.") % {"name": upload.name}, code="photo_size"
        )
    try:
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(
            _("%(name)s is not a photo (JPEG, PNG or WebP).") % {"name": upload.name}
        ) from exc
    if kind not in PHOTO_FORMATS:
        raise ValidationError(
            _("%(name)s is not a photo (JPEG, PNG or WebP).") % {"name": upload.name}
        )
    upload.seek(0)


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
    for photo in photos:
        photo_check(photo)
    test = FieldTest.objects.create(person=person, visited_on=visited_on, officer=actor, **answers)
    for photo in photos:
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
