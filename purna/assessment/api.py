"""/api/v1/assessments: record an identification assessment from another system or a form app."""

from datetime import date
from typing import Annotated, Literal

from django.db import IntegrityError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import ValidationError
from ninja.responses import Status
from pydantic import StrictInt

from purna.core.assessments import SOURCES
from purna.core.instrument import SCALE
from purna.core.pathways import pathway_for
from purna.people.access import person_by_nik_for
from purna.people.models import MAX_RUPIAH, Consent
from purna.people.services import consent_covers

from .access import require_recorder
from .models import Assessment
from .services import assessment_record, instrument_current, instrument_rules

router = Router(tags=["assessments"])

Answer = Annotated[StrictInt, Field(ge=min(SCALE), le=max(SCALE))]
# The column is a signed 64-bit integer on every database.


class AssessmentIn(Schema):
    nik: str = Field(max_length=32)
    assessed_on: date
    source: Literal[SOURCES]  # type: ignore[valid-type]
    answers: dict[str, Answer | None] = Field(
        description="Item code (E01..., S01...) -> 1 (strongly disagree) to 5 (strongly "
        "agree), or null when not answered. Codes of the current instrument only."
    )
    business_interests: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=20
    )
    skills_abroad: str = Field("", max_length=300)
    capital_available: int | None = Field(None, ge=0, le=MAX_RUPIAH, description="Rupiah")
    submission_id: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="The sender's id for this form; a second submission with it gets 409, "
        "so a retried upload never records the same interview twice",
    )


class PersonState(Schema):
    nik: str
    quadrant: Literal["I", "II", "III", "IV"] | None
    status: Literal["registered", "identified"]
    pathway: list[str]


class AssessmentResult(Schema):
    id: int
    business_score: float | None
    sakinah_score: float | None
    quadrant: Literal["I", "II", "III", "IV"] | None = Field(
        description="Null when too few items were answered to score an axis fairly"
    )
    pathway: list[str] = Field(description="The modules for this assessment's quadrant")
    complete: bool
    person: PersonState = Field(description="The participant after this assessment")


class Conflict(Schema):
    detail: str
    code: Literal["duplicate_submission", "consent_required"]


def _duplicate() -> Status:
    return Status(
        409,
        Conflict(
            detail=_("An assessment with this submission_id was already recorded."),
            code="duplicate_submission",
        ),
    )


def _submitted(submission_id: str | None) -> bool:
    return bool(submission_id) and Assessment.objects.filter(submission_id=submission_id).exists()


@router.post(
    "",
    response={201: AssessmentResult, 409: Conflict},
    url_name="assessment_record",
    summary="Record an assessment",
)
def assessment_create(request: HttpRequest, payload: AssessmentIn):
    """Record an assessment; it is scored at once and, if it is the newest complete self
    assessment, sets the participant's quadrant.

    As on the screens, the participant's current consent must cover the identification
    instrument (409 `consent_required` otherwise).
    """
    user = request.auth
    person = person_by_nik_for(user, payload.nik.strip())
    require_recorder(user)
    instrument = instrument_current()
    _check(payload, known=set(instrument_rules(instrument).codes))
    if _submitted(payload.submission_id):
        return _duplicate()
    if not consent_covers(person, Consent.Scope.ASSESSMENT):
        return Status(
            409,
            Conflict(
                detail=_("Record the returnee's consent to the identification instrument first."),
                code="consent_required",
            ),
        )
    try:
        assessment = assessment_record(
            actor=user,
            person=person,
            assessed_on=payload.assessed_on,
            source=payload.source,
            answers=payload.answers,
            instrument=instrument,
            business_interests=payload.business_interests,
            skills_abroad=payload.skills_abroad,
            capital_available=payload.capital_available,
            submission_id=payload.submission_id,
        )
    except IntegrityError:
        # Two uploads of one submission at the same moment: the check above missed it.
        if _submitted(payload.submission_id):
            return _duplicate()
        raise
    return Status(
        201,
        AssessmentResult(
            id=assessment.pk,
            business_score=assessment.business_score,
            sakinah_score=assessment.sakinah_score,
            quadrant=assessment.quadrant or None,
            pathway=list(pathway_for(assessment.quadrant or None)),
            complete=assessment.complete,
            person=PersonState(
                nik=person.nik,
                quadrant=person.quadrant or None,
                status=person.status,
                pathway=list(pathway_for(person.quadrant or None)),
            ),
        ),
    )


def _check(payload: AssessmentIn, *, known: set[str]) -> None:
    """What the schema cannot know: the instrument's item codes, and today's date."""
    errors = [
        {
            "loc": ["body", "payload", "answers", code],
            "msg": _("Unknown item code %(code)s: not in the current instrument.") % {"code": code},
            "type": "unknown_item",
        }
        for code in sorted(set(payload.answers) - known)
    ]
    if payload.assessed_on > timezone.localdate():
        errors.append(
            {
                "loc": ["body", "payload", "assessed_on"],
                "msg": _("The assessment date is in the future."),
                "type": "future_date",
            }
        )
    if errors:
        raise ValidationError(errors)
