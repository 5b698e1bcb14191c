"""/api/v1: the mentoring plan (versioned, with the family's agreement), visits, the visits
due, and a peer mentor's families. The screens' rules: staff see the families in their area
and a mentor only the families assigned to them (404 for any other); government viewers and
peer mentors get 403 on every family's records; a peer mentor reads only /peer/families."""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from pydantic import field_validator

from purna.business.models import Business
from purna.core.areacode import DISTRICT, InvalidAreaCode, area_level, normalise_area_code
from purna.mentors.access import families_for
from purna.mentors.models import Kind

from .access import family_by_nik_for, plan_for
from .models import MentoringPlan, PlanAction, Visit
from .selectors import AGREED, DRAFTED, MISSING, mentoring_rows, peer_families, visits_of
from .services import DuplicateVisit, mentoring_plan_agree, mentoring_plan_create, visit_record

router = Router(tags=["mentoring"])

VisitKind = Literal[tuple(Visit.Kind.values)]  # type: ignore[valid-type]
Who = Literal[tuple(PlanAction.Who.values)]  # type: ignore[valid-type]
PlanState = Literal[AGREED, DRAFTED, MISSING]
TEXT_MAX = 5000
GOAL_MAX = 2000
# Service errors that are about the state of the records, not the input: 409.
CONFLICTS = {"not_in_practice", "unchanged", "already_agreed", "not_newest"}


class MentoringConflict(Schema):
    detail: str
    code: Literal[tuple(sorted(CONFLICTS))]  # type: ignore[valid-type]


def _refused(exc: DjangoValidationError):
    """A service's refusal as the API answers it: 409 for a conflict with the records,
    else 422 naming the field."""
    if not hasattr(exc, "error_dict") and exc.code in CONFLICTS:
        return Status(409, MentoringConflict(detail=" ".join(exc.messages), code=exc.code))
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages}
    raise ValidationError(
        [
            {
                "loc": ["body", "payload", name] if name != "body" else ["body", "payload"],
                "msg": " ".join(messages),
                "type": "invalid",
                "input": None,
            }
            for name, messages in fields.items()
        ]
    ) from exc


# Plans


class MentoringPlanActionOut(Schema):
    description: str
    who: Who = Field(description="family, mentor, peer (peer mentor), institution or other")
    due_on: date


class MentoringPlanOut(Schema):
    id: int
    version: int = Field(description="1 for the first plan; each change is a new version")
    business_goal: str
    family_goal: str
    schooling_goal: str
    actions: list[MentoringPlanActionOut]
    agreed_on: date | None = Field(description="When the family agreed; null: not yet")
    agreement_note: str = Field(description="How the family agreed (signed, verbal, WhatsApp)")
    created_by: str | None = Field(description="Username of who wrote this version")
    created_at: datetime

    @staticmethod
    def resolve_created_by(plan: MentoringPlan) -> str | None:
        return plan.created_by.username if plan.created_by else None

    @staticmethod
    def resolve_actions(plan: MentoringPlan) -> list[PlanAction]:
        return list(plan.actions.all())


class MentoringPlanActionIn(Schema):
    description: str = Field(min_length=1, max_length=300)
    who: Who
    due_on: date = Field(description="By when; from 2000, at most ten years ahead")


class MentoringPlanIn(Schema):
    business_goal: str = Field(min_length=1, max_length=GOAL_MAX)
    family_goal: str = Field(min_length=1, max_length=GOAL_MAX)
    schooling_goal: str = Field("", max_length=GOAL_MAX)
    actions: list[MentoringPlanActionIn] = Field(min_length=1, max_length=20)


class PlanAgreementIn(Schema):
    agreed_on: date = Field(
        description="Not in the future, not before the version was written (created_at)"
    )
    agreement_note: str = Field(
        min_length=1, max_length=200, description="How: signed, verbal, by WhatsApp"
    )


def _plans(person):
    return person.mentoring_plans.select_related("created_by").prefetch_related("actions")


@router.get(
    "/participants/{nik}/mentoring-plans",
    response=list[MentoringPlanOut],
    url_name="participant_mentoring_plans",
    summary="A family's mentoring plan, every version",
)
def plan_list(request: HttpRequest, nik: str):
    """Every version of the family's mentoring plan, newest first."""
    return list(_plans(family_by_nik_for(request.auth, nik.strip())).order_by("-version"))


@router.post(
    "/participants/{nik}/mentoring-plans",
    response={201: MentoringPlanOut, 409: MentoringConflict},
    url_name="participant_mentoring_plan_create",
    summary="Write a new version of the plan",
)
def plan_create(request: HttpRequest, nik: str, payload: MentoringPlanIn):
    """The first plan, or a new version of it (versions are never edited). 409 `unchanged`
    when it is the same as the newest version. The family then agrees to it:
    POST /mentoring-plans/{id}/agreement."""
    person = family_by_nik_for(request.auth, nik.strip(), write=True)
    data = payload.model_dump()
    try:
        plan = mentoring_plan_create(actor=request.auth, person=person, **data)
    except DjangoValidationError as exc:
        return _refused(exc)
    return Status(201, _plans(person).get(pk=plan.pk))


@router.post(
    "/mentoring-plans/{plan_id}/agreement",
    response={200: MentoringPlanOut, 409: MentoringConflict},
    url_name="mentoring_plan_agreement",
    summary="Record the family's agreement to a plan version",
)
def plan_agreement(request: HttpRequest, plan_id: int, payload: PlanAgreementIn):
    """Only the newest version, once: 409 `not_newest` or `already_agreed` otherwise."""
    plan = plan_for(request.auth, plan_id, write=True)
    try:
        mentoring_plan_agree(actor=request.auth, plan=plan, **payload.model_dump())
    except DjangoValidationError as exc:
        return _refused(exc)
    return _plans(plan.person).get(pk=plan.pk)


# Visits


class MentoringVisitOut(Schema):
    id: int
    kind: VisitKind = Field(description="home, business, phone (or WhatsApp), group")
    visited_on: date
    mentor: str | None = Field(description="The mentor's name")
    topics: str
    problems: str
    agreed_actions: str
    next_visit_on: date | None = Field(description="The next visit agreed with the family")
    photo: str | None = Field(
        description="Path of the photo on this server, served to a logged-in user who may "
        "see the family (browser session)"
    )
    recorded_by: str | None = Field(description="Username of who recorded it")

    @staticmethod
    def resolve_mentor(visit: Visit) -> str | None:
        return visit.mentor.name if visit.mentor else None

    @staticmethod
    def resolve_photo(visit: Visit) -> str | None:
        return reverse("mentoring:visit_photo", args=[visit.pk]) if visit.photo else None

    @staticmethod
    def resolve_recorded_by(visit: Visit) -> str | None:
        return visit.recorded_by.username if visit.recorded_by else None


class MentoringVisitIn(Schema):
    kind: VisitKind = Visit.Kind.HOME
    visited_on: date = Field(
        description="Not in the future, not before the family's business practice started"
    )
    topics: str = Field(min_length=1, max_length=TEXT_MAX)
    problems: str = Field("", max_length=TEXT_MAX)
    agreed_actions: str = Field("", max_length=TEXT_MAX)
    next_visit_on: date | None = Field(
        None,
        description="After the visit. An earlier date than the usual rhythm makes the next "
        "visit due then; empty: the usual rhythm",
    )


@router.get(
    "/participants/{nik}/visits",
    response=list[MentoringVisitOut],
    url_name="participant_visits",
    summary="A family's mentoring visits",
)
def visit_list(request: HttpRequest, nik: str):
    """The family's mentoring visits, latest first."""
    return list(visits_of(family_by_nik_for(request.auth, nik.strip())))


@router.post(
    "/participants/{nik}/visits",
    response={201: MentoringVisitOut, 200: MentoringVisitOut, 409: MentoringConflict},
    url_name="participant_visit_create",
    summary="Log a mentoring visit",
)
def visit_create(request: HttpRequest, nik: str, payload: MentoringVisitIn):
    """Log a visit (409 `not_in_practice` before the family's business practice started;
    422 for a visit dated before it started). The mentor is the caller's own mentor
    record, else the family's staff mentor. Photos are attached on the screen. The same
    visit (date, kind, topics) sent again within five minutes is not saved twice: 200
    with the visit saved the first time."""
    person = family_by_nik_for(request.auth, nik.strip(), write=True)
    try:
        visit = visit_record(actor=request.auth, person=person, **payload.model_dump())
    except DuplicateVisit as exc:
        return Status(200, visits_of(person).get(pk=exc.visit.pk))
    except DjangoValidationError as exc:
        return _refused(exc)
    return Status(201, visits_of(person).get(pk=visit.pk))


# Due visits


class VisitDueOut(Schema):
    nik: str
    full_name: str
    village_name: str
    district_code: str
    district_name: str
    practice_started: date = Field(description="Business practice started: the clock starts")
    last_visit: date | None
    next_visit_due: date
    days_overdue: int = Field(description="0 when not late")
    plan: PlanState = Field(
        description="The newest plan version: agreed, drafted (waiting for the family's "
        "agreement) or missing"
    )
    plan_overdue: bool = Field(description="No plan agreed a month after practice started")
    mentor: str | None = Field(description="The staff mentor; null: no mentor")
    beyond_planned_span: bool = Field(description="More than 24 months in mentoring: review")


class VisitDueFilters(Schema):
    overdue: bool = Field(False, description="Only the families whose visit is overdue")
    district: str | None = Field(None, description="District code, e.g. 35.02.17 or 350217")
    mentor: int | None = Field(None, description="Only the families of this staff mentor (id)")

    @field_validator("district")
    @classmethod
    def _district(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            code = normalise_area_code(value)
        except InvalidAreaCode:
            raise ValueError(_("not an area code; expected e.g. 35.02.17 or 350217")) from None
        if area_level(code) != DISTRICT:
            raise ValueError(_("not a district code; expected e.g. 35.02.17 or 350217"))
        return code


def _due_out(row) -> VisitDueOut:
    person = row.person
    return VisitDueOut(
        nik=person.nik,
        full_name=person.full_name,
        village_name=person.village.name,
        district_code=person.village.district_id,
        district_name=person.village.district.name,
        practice_started=row.practice_started,
        last_visit=row.last_visit,
        next_visit_due=row.due,
        days_overdue=row.days_overdue,
        plan=row.plan_state,
        plan_overdue=row.plan_overdue,
        mentor=row.mentor_name,
        beyond_planned_span=row.beyond_planned_span,
    )


@router.get(
    "/mentoring/due", response=list[VisitDueOut], url_name="mentoring_due", summary="Visits due"
)
@paginate(PageNumberPagination, page_size=50)
def due_list(request: HttpRequest, filters: Query[VisitDueFilters]):
    """The families in mentoring you follow (a mentor: their own; staff: their area), the
    most overdue first, then by due date. 50 a page."""
    people = families_for(request.auth)
    if filters.district:
        people = people.filter(village__district_id=filters.district)
    if filters.mentor is not None:
        people = people.filter(
            mentor_assignments__mentor_id=filters.mentor,
            mentor_assignments__kind=Kind.STAFF,
            mentor_assignments__ended_on__isnull=True,
        )
    rows = mentoring_rows(people, today=timezone.localdate())
    return [_due_out(row) for row in rows if row.overdue or not filters.overdue]


# Peer mentors


BusinessStatus = Literal[tuple(Business.Status.values)]  # type: ignore[valid-type]


class PeerBusinessOut(Schema):
    name: str
    sector: str = Field(description="A business sector code (agriculture, food, ...)")
    sector_label: str = Field(description="The sector, in words")
    status: BusinessStatus = Field(description="planned, operating, paused or closed")
    status_label: str = Field(description="The status, in words")


class PeerFamilyOut(Schema):
    full_name: str
    village_name: str
    district_name: str
    businesses: list[PeerBusinessOut]


@router.get(
    "/peer/families",
    response=list[PeerFamilyOut],
    url_name="peer_families",
    summary="A peer mentor's paired families",
)
def peer_family_list(request: HttpRequest):
    """For a peer mentor (mitra pendamping) login only: the families paired with them, with
    names, villages and businesses; never phone numbers, scores, finances or visit notes."""
    return [
        PeerFamilyOut(
            full_name=f.full_name,
            village_name=f.village,
            district_name=f.district,
            businesses=[PeerBusinessOut(**vars(b)) for b in f.businesses],
        )
        for f in peer_families(request.auth)
    ]
