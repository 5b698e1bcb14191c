"""/api/v1/participants: the returnees a user may see, with their quadrant and pathway."""

from datetime import date, datetime
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import field_validator

from purna.assessment.models import Assessment
from purna.core.areacode import DISTRICT, InvalidAreaCode, area_level, normalise_area_code
from purna.core.assessments import SELF, current_self_assessment, divergent_axes
from purna.core.pathways import pathway_for

from .access import people_for, person_by_nik_for
from .models import Person, Status
from .search import name_or_nik

router = Router(tags=["participants"])

QuadrantCode = Literal["I", "II", "III", "IV"]
StatusCode = Literal[tuple(Status.values)]  # type: ignore[valid-type]


class ParticipantOut(Schema):
    nik: str
    full_name: str
    sex: Literal["L", "P"] = Field(description="L: male, P: female (as on the KTP)")
    birth_date: date
    village_code: str
    village_name: str
    district_code: str
    district_name: str
    quadrant: QuadrantCode | None = Field(
        description="From the current self assessment; null until one is complete"
    )
    business_score: float | None = Field(description="0-100")
    sakinah_score: float | None = Field(description="0-100")
    status: StatusCode
    pathway: list[str] = Field(description="The quadrant's modules, in order")

    @staticmethod
    def resolve_village_code(person: Person) -> str:
        return person.village_id

    @staticmethod
    def resolve_village_name(person: Person) -> str:
        return person.village.name

    @staticmethod
    def resolve_district_code(person: Person) -> str:
        return person.village.district_id

    @staticmethod
    def resolve_district_name(person: Person) -> str:
        return person.village.district.name

    @staticmethod
    def resolve_quadrant(person: Person) -> str | None:
        return person.quadrant or None

    @staticmethod
    def resolve_pathway(person: Person) -> list[str]:
        return list(pathway_for(person.quadrant or None))


class AssessmentOut(Schema):
    id: int
    assessed_on: date
    source: str
    instrument_version: int
    answers: dict[str, int | None]
    business_score: float | None
    sakinah_score: float | None
    quadrant: QuadrantCode | None
    complete: bool
    divergent_axes: list[Literal["business", "sakinah"]] = Field(
        description="Axes on which this (non-self) assessment differs from the current self "
        "assessment by more than 20 points: worth a conversation"
    )
    recorded_at: datetime


class ParticipantDetail(ParticipantOut):
    phone: str
    nik_flags: list[str] = Field(description="Where the NIK disagrees with birth date or sex")
    household_count: int
    migrations_count: int
    assessments: list[AssessmentOut] = Field(description="Newest first")

    @staticmethod
    def resolve_household_count(person: Person) -> int:
        return person.household.count()

    @staticmethod
    def resolve_migrations_count(person: Person) -> int:
        return person.migrations.count()

    @staticmethod
    def resolve_assessments(person: Person) -> list[AssessmentOut]:
        assessments = list(person.assessments.select_related("instrument"))
        reference = current_self_assessment(assessments)
        return [_assessment_out(a, reference) for a in assessments]


class ParticipantFilters(Schema):
    district: str | None = Field(
        None, description="District code, dotted (35.02.17) or not (350217)"
    )
    quadrant: QuadrantCode | None = None
    status: StatusCode | None = None
    q: str | None = Field(None, max_length=100, description="Part of the name, or NIK digits")

    @field_validator("district")
    @classmethod
    def _district_code(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            code = normalise_area_code(value)
        except InvalidAreaCode:
            raise ValueError(_("not an area code; expected e.g. 35.02.17 or 350217")) from None
        if area_level(code) != DISTRICT:
            raise ValueError(_("not a district code; expected e.g. 35.02.17 or 350217"))
        return code

    def apply(self, people: QuerySet[Person]) -> QuerySet[Person]:
        if self.district:
            people = people.filter(village__district_id=self.district)
        if self.quadrant:
            people = people.filter(quadrant=self.quadrant)
        if self.status:
            people = people.filter(status=self.status)
        q = (self.q or "").strip()
        if q:
            people = people.filter(name_or_nik(q))
        return people


@router.get("", response=list[ParticipantOut], url_name="participants", summary="List participants")
@paginate(PageNumberPagination, page_size=50)
def participant_list(request: HttpRequest, filters: Query[ParticipantFilters]):
    """Participants in your area, by name; 50 a page (`page`, `page_size` up to 100)."""
    people = people_for(request.auth).select_related("village__district")
    return filters.apply(people).order_by("full_name", "id")


@router.get("/{nik}", response=ParticipantDetail, url_name="participant", summary="One participant")
def participant_detail(request: HttpRequest, nik: str):
    """One participant with every assessment, each checked against the self assessment."""
    return person_by_nik_for(request.auth, nik.strip())


def _assessment_out(assessment: Assessment, reference: Assessment | None) -> AssessmentOut:
    compare = reference is not None and assessment.source != SELF
    return AssessmentOut(
        id=assessment.pk,
        assessed_on=assessment.assessed_on,
        source=assessment.source,
        instrument_version=assessment.instrument.version,
        answers=assessment.answers,
        business_score=assessment.business_score,
        sakinah_score=assessment.sakinah_score,
        quadrant=assessment.quadrant or None,
        complete=assessment.complete,
        divergent_axes=[a.value for a in divergent_axes(reference, assessment)] if compare else [],
        recorded_at=assessment.recorded_at,
    )
