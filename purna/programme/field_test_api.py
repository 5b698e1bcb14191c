"""/api/v1/participants/{nik}/field-tests: the field test (uji lapangan) of quadrant IV
families. The screen's rules: people outside your area do not exist for you (404); staff who
see the family may read its field tests, those who edit people may record one (else 403)."""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import ValidationError
from ninja.responses import Status
from pydantic import field_validator

from purna.accounts.access import EDIT_PEOPLE, require_role
from purna.core.instrument import BUSINESS_SECTORS
from purna.people.access import person_by_nik_for
from purna.people.forms import EARLIEST
from purna.people.models import Person, Quadrant
from purna.people.models import Status as PersonStatus
from purna.people.services import person_lock

from .field_tests import field_test_due, field_test_record
from .models import FieldTest

router = Router(tags=["programme"])

Sector = Literal[("", *BUSINESS_SECTORS)]  # type: ignore[valid-type]
PersonStatusCode = Literal[tuple(PersonStatus.values)]  # type: ignore[valid-type]
QuadrantCode = Literal[("", *Quadrant.values)]  # type: ignore[valid-type]
SMALL = 32767  # PositiveSmallIntegerField
BIG = 2**63 - 1  # (Positive)BigIntegerField


class FieldTestConflict(Schema):
    detail: str
    code: Literal["not_due"]


class FieldTestOut(Schema):
    id: int
    visited_on: date
    officer: str | None = Field(description="Username of who recorded it")
    business_exists: bool = Field(description="A productive business exists")
    sector: str = Field(description="Business sector code; empty when not recorded")
    months_operating: int | None
    monthly_revenue: int | None = Field(description="Average per month, Rupiah")
    monthly_profit: int | None = Field(description="Average per month, Rupiah; may be negative")
    workers: int | None
    worship_routine: bool
    charity_routine: bool
    family_harmony: bool
    social_participation: bool
    business_confirmed: bool
    sakinah_confirmed: bool
    confirmed: bool = Field(description="Both confirmed: the family becomes a mitra pendamping")
    notes: str
    photos: list[str] = Field(
        description="Paths of the photo evidence on this server. They are served by the "
        "screens to a logged-in user who may see the family (browser session, not a token)"
    )

    @staticmethod
    def resolve_officer(test: FieldTest) -> str | None:
        return test.officer.username if test.officer else None

    @staticmethod
    def resolve_photos(test: FieldTest) -> list[str]:
        return [
            reverse("programme:field_test_photo", args=[photo.pk]) for photo in test.photos.all()
        ]


class FieldTestIn(Schema):
    visited_on: date = Field(description="The visit; not in the future")
    business_exists: bool = Field(description="A productive business exists")
    sector: Sector = Field("", description="Business sector; empty when none")
    months_operating: int | None = Field(None, ge=0, le=SMALL)
    monthly_revenue: int | None = Field(None, ge=0, le=BIG, description="Rupiah per month")
    monthly_profit: int | None = Field(
        None, ge=-BIG, le=BIG, description="Rupiah per month; negative for a loss"
    )
    workers: int | None = Field(None, ge=0, le=SMALL)
    worship_routine: bool = Field(description="Worship observed to be routine")
    charity_routine: bool = Field(description="Gives charity routinely")
    family_harmony: bool = Field(description="Family lives in harmony")
    social_participation: bool = Field(description="Takes part in community life")
    business_confirmed: bool = Field(description="Business ability confirmed")
    sakinah_confirmed: bool = Field(description="Sakinah ability confirmed")
    notes: str = Field("", max_length=5000)

    @field_validator("visited_on")
    @classmethod
    def _visited_on(cls, value: date) -> date:
        if value > date.today():
            raise ValueError(_("This date cannot be in the future."))
        if value < EARLIEST:
            raise ValueError(_("This date is too far in the past."))
        return value

    @field_validator("notes")
    @classmethod
    def _notes(cls, value: str) -> str:
        return value.strip()


class FieldTestResult(Schema):
    field_test: FieldTestOut
    status: PersonStatusCode = Field(description="The participant's status now")
    quadrant: QuadrantCode = Field(
        description="The participant's quadrant now: still IV when confirmed, else the one "
        "the field test shows"
    )


def _field_tests(person: Person):
    return person.field_tests.select_related("officer").prefetch_related("photos")


@router.get(
    "/participants/{nik}/field-tests",
    response=list[FieldTestOut],
    url_name="participant_field_tests",
    summary="A participant's field tests",
)
def field_test_list(request: HttpRequest, nik: str):
    """The participant's field tests (uji lapangan), latest visit first."""
    return list(_field_tests(person_by_nik_for(request.auth, nik.strip())))


@router.post(
    "/participants/{nik}/field-tests",
    response={201: FieldTestResult, 409: FieldTestConflict},
    url_name="participant_field_test_create",
    summary="Record a field test",
)
def field_test_create(request: HttpRequest, nik: str, payload: FieldTestIn):
    """Record the field test of a quadrant IV family whose plan has it open (field officers
    and coordinators; 409 `not_due` otherwise). Confirmed on both business and sakinah: the
    family becomes a mitra pendamping (status peer_mentor). Otherwise it is placed in the
    quadrant the field test shows, with that quadrant's pathway.

    Photos cannot be sent through the API: attach them on the field test screen."""
    user = request.auth
    person = person_by_nik_for(user, nik.strip())
    require_role(user, EDIT_PEOPLE)
    with transaction.atomic():
        # One field test per family: a second request waits here, then finds none due.
        person = person_lock(person)
        if not field_test_due(person):
            return Status(
                409,
                FieldTestConflict(
                    detail=_("No field test is due for this returnee (quadrant IV only)."),
                    code="not_due",
                ),
            )
        try:
            test = field_test_record(actor=user, person=person, **payload.model_dump())
        except DjangoValidationError as exc:
            raise ValidationError(
                [
                    {
                        "loc": ["body", "payload"],
                        "msg": " ".join(exc.messages),
                        "type": "invalid",
                        "input": None,
                    }
                ]
            ) from exc
    person.refresh_from_db(fields=["status", "quadrant"])
    return Status(
        201,
        {
            "field_test": _field_tests(person).get(pk=test.pk),
            "status": person.status,
            "quadrant": person.quadrant,
        },
    )
