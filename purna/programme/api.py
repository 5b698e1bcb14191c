"""/api/v1 for the programme: the module catalogue, each participant's plan, and cohorts
(enrolment from the worklist, roll calls, test scores). The screens' rules: people and
cohorts outside your area do not exist for you (404); a role that may not gets 403."""

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.responses import Status
from pydantic import field_validator

from purna.accounts.access import EDIT_PEOPLE, MANAGE_PROGRAMME, SEE_PEOPLE, require_role
from purna.accounts.models import Institution
from purna.areas.choices import villages_for
from purna.core.areacode import VILLAGE, InvalidAreaCode, area_level, normalise_area_code
from purna.core.progress import NEEDS_REASON, State
from purna.people.access import people_for, person_by_nik_for

from .cohort_access import cohort_for, cohorts_for, facilitator_candidates, visible_enrolments
from .cohort_forms import MAX_SESSIONS
from .cohorts import (
    attendees,
    cohort_create,
    cohort_enrol,
    cohort_scores_save,
    cohort_worklist,
    enrolment_cancel,
    roll_call_save,
)
from .models import Attendance, Cohort, CohortSession, Enrolment, Module
from .selectors import modules_in_order, person_plan_page
from .services import module_save, person_plan, plan_step_set

router = Router(tags=["programme"])

StateCode = Literal[tuple(s.value for s in State)]  # type: ignore[valid-type]
EnrolmentState = Literal[tuple(Enrolment.State.values)]  # type: ignore[valid-type]
Nik = Annotated[str, Field(min_length=1, max_length=32)]
TestScore = Annotated[Decimal, Field(ge=0, le=100, decimal_places=1)]
CODE_SHAPE = r"^[A-Z][A-Z0-9_]*$"


def _invalid(*errors: tuple[list, str, str, object]) -> ValidationError:
    """A 422 like the schema's own: (loc, message, type, input) per error."""
    return ValidationError(
        [{"loc": loc, "msg": msg, "type": kind, "input": value} for loc, msg, kind, value in errors]
    )


class ProgrammeConflict(Schema):
    detail: str
    code: Literal["duplicate_code", "already_cancelled"]


# --- the module catalogue ----------------------------------------------------------------------


class ModuleOut(Schema):
    code: str
    name: str = Field(description="In the user's language (Indonesian unless chosen)")
    name_id: str
    name_en: str
    description: str
    planned_sessions: int
    planned_hours: float
    in_pathway: bool = Field(description="One of the model's pathway modules; else optional")
    is_active: bool
    min_attendance_percent: int = Field(
        description="Share of a cohort's sessions to attend to complete the module"
    )
    post_test_required: bool


class ModuleIn(Schema):
    code: str = Field(
        max_length=40, description="Capital letters, digits and underscores, e.g. FIN_LITERACY"
    )
    name_id: str = Field(min_length=1, max_length=150, description="Name in Indonesian")
    name_en: str = Field(min_length=1, max_length=150, description="Name in English")
    description: str = Field("", max_length=2000)
    planned_sessions: int = Field(1, ge=1, le=100)
    planned_hours: Decimal = Field(
        Decimal(2), ge=Decimal("0.1"), le=Decimal("999.9"), decimal_places=1
    )
    is_active: bool = True
    min_attendance_percent: int = Field(75, ge=1, le=100)
    post_test_required: bool = True

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        code = value.strip().upper()
        if not re.fullmatch(CODE_SHAPE, code):
            raise ValueError(
                _("Use capital letters, digits and underscores, starting with a letter.")
            )
        return code

    @field_validator("name_id", "name_en")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("Write a name."))
        return value.strip()


@router.get("/modules", response=list[ModuleOut], url_name="modules", summary="Module catalogue")
def module_list(request: HttpRequest):
    """Every module: the pathway modules in the model's order, then optional ones by code."""
    require_role(request.auth, SEE_PEOPLE)
    return modules_in_order()


@router.post(
    "/modules",
    response={201: ModuleOut, 409: ProgrammeConflict},
    url_name="module_create",
    summary="Add a module",
)
def module_create(request: HttpRequest, payload: ModuleIn):
    """Add an optional module to the catalogue (coordinators). A code in use gets 409."""
    user = request.auth
    require_role(user, MANAGE_PROGRAMME)
    if Module.objects.filter(code=payload.code).exists():
        return Status(
            409,
            ProgrammeConflict(
                detail=_("A module with this code already exists."), code="duplicate_code"
            ),
        )
    try:
        module = module_save(actor=user, module=Module(), **payload.model_dump())
    except DjangoValidationError as exc:
        raise _invalid(
            *(
                (["body", "payload", field], " ".join(messages), "invalid", None)
                for field, messages in exc.message_dict.items()
            )
        ) from exc
    return Status(201, module)


# --- a participant's plan ----------------------------------------------------------------------


class PlanStep(Schema):
    code: str
    name: str
    state: StateCode
    reason: str = Field(
        description="Why it was dropped or is not needed; `reassessment` when a "
        "re-assessment routed the family elsewhere"
    )
    optional: bool = Field(description="Attached by a coordinator, outside the pathway")


class PlanStepIn(Schema):
    state: StateCode
    reason: str = Field(
        "",
        max_length=300,
        validate_default=True,
        description="Required when the state is dropped or not_needed",
    )

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str, info) -> str:
        if info.data.get("state") in NEEDS_REASON and not value.strip():
            raise ValueError(_("Write the reason (why it was dropped or is not needed)."))
        return value.strip()


def _plan(person) -> list[PlanStep]:
    return [
        PlanStep(
            code=row.step.code,
            name=row.name,
            state=row.step.state.value,
            reason=row.step.reason,
            optional=row.step.optional,
        )
        for row in person_plan_page(person).rows
    ]


@router.get(
    "/participants/{nik}/plan",
    response=list[PlanStep],
    url_name="participant_plan",
    summary="A participant's plan",
)
def plan_detail(request: HttpRequest, nik: str):
    """The modules of the participant's pathway in order, with what staff recorded; modules
    a re-assessment made unnecessary stay on it as not_needed."""
    return _plan(person_by_nik_for(request.auth, nik.strip()))


@router.post(
    "/participants/{nik}/plan/{code}",
    response=list[PlanStep],
    url_name="participant_plan_step",
    summary="Record a module's state",
)
def plan_step(request: HttpRequest, nik: str, code: str, payload: PlanStepIn):
    """Set one module's state on the plan; returns the plan. The pathway's order holds: a
    module whose prerequisites are open cannot start (422 with the modules to finish)."""
    user = request.auth
    person = person_by_nik_for(user, nik.strip())
    require_role(user, EDIT_PEOPLE)
    module = get_object_or_404(Module, code=code)
    try:
        plan_step_set(
            actor=user, person=person, module=module, state=payload.state, reason=payload.reason
        )
    except DjangoValidationError as exc:
        on_plan = module.code in {s.code for s in person_plan(person)}
        loc = ["body", "payload", "state"] if on_plan else ["path", "code"]
        raise _invalid(
            (loc, " ".join(exc.messages), "plan_rule", payload.state if on_plan else code)
        ) from exc
    return _plan(person)


# --- cohorts -----------------------------------------------------------------------------------


class ModuleRef(Schema):
    code: str
    name: str


class InstitutionRef(Schema):
    id: int
    name: str


class CohortOut(Schema):
    id: int
    name: str
    module: ModuleRef
    institution: InstitutionRef
    venue_code: str = Field(description="Village code")
    venue_name: str
    capacity: int
    enrolled: int
    waitlisted: int
    first_session: date | None
    last_session: date | None
    facilitators: list[str] = Field(description="Usernames")

    @staticmethod
    def resolve_venue_code(cohort: Cohort) -> str:
        return cohort.venue_id

    @staticmethod
    def resolve_venue_name(cohort: Cohort) -> str:
        return cohort.venue.name

    @staticmethod
    def resolve_facilitators(cohort: Cohort) -> list[str]:
        return sorted(u.username for u in cohort.facilitators.all())


class SessionOut(Schema):
    number: int
    held_on: date
    topic: str
    roll_called: bool = Field(description="Whether a roll call was recorded")
    present: int = Field(description="Returnees present (family members not counted)")


class EnrolmentOut(Schema):
    id: int
    nik: str
    full_name: str
    state: EnrolmentState
    attended: int = Field(description="Sessions the returnee was present at")
    pre_test: float | None = Field(description="0-100")
    post_test: float | None = Field(description="0-100")
    completed_on: date | None = Field(
        description="Set once the module's completion rule is met (attendance and post-test)"
    )

    @staticmethod
    def resolve_nik(enrolment: Enrolment) -> str:
        return enrolment.person.nik

    @staticmethod
    def resolve_full_name(enrolment: Enrolment) -> str:
        return enrolment.person.full_name


class CohortDetail(CohortOut):
    sessions: list[SessionOut]
    enrolments: list[EnrolmentOut] = Field(
        description="Every state, in the order they were enrolled; only people in your area "
        "(a facilitator from elsewhere finds the names on the roll call)"
    )

    @staticmethod
    def resolve_sessions(cohort: Cohort) -> list[CohortSession]:
        return list(
            cohort.sessions.annotate(
                roll_called=Exists(Attendance.objects.filter(session=OuterRef("pk"))),
                present=Count(
                    "attendance",
                    filter=Q(attendance__member__isnull=True, attendance__present=True),
                ),
            )
        )

    @staticmethod
    def resolve_enrolments(cohort: Cohort) -> list[Enrolment]:
        return cohort.listed  # set by _detail, for the user asking


class CohortFilters(Schema):
    module: str | None = Field(None, max_length=40, description="Module code")


class CohortIn(Schema):
    module: str = Field(max_length=40, description="Module code, e.g. TRAINING_BUSINESS")
    institution: int | None = Field(
        None, description="Institution id; your own institution when left out"
    )
    name: str = Field(min_length=1, max_length=150)
    venue: str = Field(
        description="Village code, dotted (35.02.17.2001) or not (3502172001); in your area"
    )
    capacity: int = Field(30, ge=1, le=500, description="Beyond it, enrolments wait")
    session_dates: list[date] = Field(min_length=1, max_length=MAX_SESSIONS)
    facilitators: list[Annotated[str, Field(max_length=150)]] = Field(
        default_factory=list,
        max_length=20,
        description="Usernames; facilitators may take roll call even outside their area",
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("Write a name."))
        return value.strip()

    @field_validator("venue")
    @classmethod
    def _venue(cls, value: str) -> str:
        try:
            code = normalise_area_code(value)
        except InvalidAreaCode:
            code = None
        if code is None or area_level(code) != VILLAGE:
            raise ValueError(_("not a village code; expected e.g. 35.02.17.2001 or 3502172001"))
        return code


def _cohort_list(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    active = Q(enrolments__state=Enrolment.State.ENROLLED)
    waiting = Q(enrolments__state=Enrolment.State.WAITLISTED)
    return (
        cohorts.select_related("module", "institution", "venue")
        .prefetch_related("facilitators")
        .annotate(
            enrolled=Count("enrolments", filter=active, distinct=True),
            waitlisted=Count("enrolments", filter=waiting, distinct=True),
            first_session=Min("sessions__held_on"),
            last_session=Max("sessions__held_on"),
        )
    )


def _enrolments(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return enrolments.select_related("person").annotate(
        attended=Count(
            "attendance", filter=Q(attendance__member__isnull=True, attendance__present=True)
        )
    )


def _detail(user, cohort: Cohort) -> Cohort:
    detail = _cohort_list(Cohort.objects.filter(pk=cohort.pk)).get()
    detail.listed = list(_enrolments(visible_enrolments(user, cohort)))
    return detail


@router.get("/cohorts", response=list[CohortOut], url_name="cohorts", summary="List cohorts")
def cohort_list(request: HttpRequest, filters: Query[CohortFilters]):
    """Cohorts at venues in your area and those you facilitate, newest first."""
    cohorts = cohorts_for(request.auth)
    if filters.module:
        cohorts = cohorts.filter(module__code=filters.module.strip().upper())
    return _cohort_list(cohorts)


@router.post(
    "/cohorts", response={201: CohortDetail}, url_name="cohort_create", summary="Create a cohort"
)
def cohort_new(request: HttpRequest, payload: CohortIn):
    """A cohort (angkatan) of one module with its session dates (coordinators). Sessions are
    numbered in date order."""
    user = request.auth
    require_role(user, MANAGE_PROGRAMME)
    errors = []
    module = Module.objects.filter(code=payload.module.strip().upper(), is_active=True).first()
    if module is None:
        errors.append(
            (["module"], _("No active module with this code."), "unknown", payload.module)
        )
    institution_id = payload.institution or user.institution_id
    institution = Institution.objects.filter(pk=institution_id).first() if institution_id else None
    if institution is None:
        errors.append(
            (["institution"], _("No institution with this id."), "unknown", payload.institution)
        )
    venue = villages_for(user).filter(pk=payload.venue).first()
    if venue is None:
        errors.append(
            (["venue"], _("No village with this code in your area."), "unknown", payload.venue)
        )
    candidates = facilitator_candidates(user).in_bulk(payload.facilitators, field_name="username")
    for i, username in enumerate(payload.facilitators):
        if username not in candidates:
            errors.append(
                (
                    ["facilitators", i],
                    _("Not someone who can facilitate a cohort of yours."),
                    "unknown",
                    username,
                )
            )
    if errors:
        raise _invalid(*((["body", "payload", *loc], *rest) for loc, *rest in errors))
    cohort = cohort_create(
        actor=user,
        module=module,
        institution=institution,
        name=payload.name,
        venue=venue,
        capacity=payload.capacity,
        session_dates=payload.session_dates,
        facilitators=list(candidates.values()),
    )
    return Status(201, _detail(user, cohort))


@router.get("/cohorts/{cohort_id}", response=CohortDetail, url_name="cohort", summary="One cohort")
def cohort_detail(request: HttpRequest, cohort_id: int):
    """A cohort with its sessions and every enrolment: state, attendance, tests, completion."""
    user = request.auth
    return _detail(user, cohort_for(user, cohort_id))


class WorklistEntry(Schema):
    nik: str
    full_name: str
    village_code: str
    village_name: str
    district_name: str
    distance: int = Field(
        description="From the venue: 0 same village, 1 same district, 2 same regency, "
        "3 same province, 4 further"
    )


@router.get(
    "/cohorts/{cohort_id}/worklist",
    response=list[WorklistEntry],
    url_name="cohort_worklist",
    summary="Who could join the cohort",
)
def worklist(request: HttpRequest, cohort_id: int):
    """Participants in your area whose plan needs this module next and who are in no cohort
    of it yet, nearest to the venue first (coordinators)."""
    user = request.auth
    cohort = cohort_for(user, cohort_id, manage=True)
    return [
        WorklistEntry(
            nik=person.nik,
            full_name=person.full_name,
            village_code=person.village_id,
            village_name=person.village.name,
            district_name=person.village.district.name,
            distance=distance,
        )
        for person, distance in cohort_worklist(cohort, user)
    ]


@router.post(
    "/cohorts/{cohort_id}/enrolments",
    response={201: list[EnrolmentOut]},
    url_name="cohort_enrol",
    summary="Enrol participants",
)
def enrol(
    request: HttpRequest,
    cohort_id: int,
    niks: Annotated[list[Nik], Body(min_length=1, max_length=500)],
):
    """Enrol participants from the worklist by NIK (coordinators); beyond the capacity they
    go on the waiting list. Enrolling starts the module on their plan. Nobody is enrolled
    when a NIK is not on the worklist (422 naming it)."""
    user = request.auth
    cohort = cohort_for(user, cohort_id, manage=True)
    ready = {person.nik: person for person, _distance in cohort_worklist(cohort, user)}
    known = set(
        people_for(user).filter(nik__in=[n.strip() for n in niks]).values_list("nik", flat=True)
    )
    errors, people, seen = [], [], set()
    for i, raw in enumerate(niks):
        nik = raw.strip()
        if nik in seen:
            errors.append(([i], _("%(nik)s is listed twice.") % {"nik": nik}, "duplicate", raw))
        elif nik not in known:
            errors.append(
                (
                    [i],
                    _("No participant with NIK %(nik)s in your area.") % {"nik": nik},
                    "unknown",
                    raw,
                )
            )
        elif nik not in ready:
            errors.append(
                (
                    [i],
                    _("%(nik)s does not need %(module)s next, or is already in a cohort of it.")
                    % {"nik": nik, "module": cohort.module.name},
                    "not_ready",
                    raw,
                )
            )
        else:
            people.append(ready[nik])
        seen.add(nik)
    if errors:
        raise _invalid(*((["body", "niks", *loc], *rest) for loc, *rest in errors))
    try:
        created = cohort_enrol(actor=user, cohort=cohort, people=people)
    except DjangoValidationError as exc:
        # Someone enrolled them elsewhere since the worklist was read.
        raise _invalid((["body", "niks"], " ".join(exc.messages), "not_ready", niks)) from exc
    return Status(201, list(_enrolments(cohort.enrolments.filter(pk__in=[e.pk for e in created]))))


@router.post(
    "/enrolments/{enrolment_id}/cancel",
    response={200: EnrolmentOut, 409: ProgrammeConflict},
    url_name="enrolment_cancel",
    summary="Cancel an enrolment",
)
def cancel_enrolment(request: HttpRequest, enrolment_id: int):
    """Take someone out of a cohort (coordinators): the module is planned again on their
    plan (unless they completed it) and the first on the waiting list takes the seat."""
    user = request.auth
    cohort_id = get_object_or_404(
        Enrolment.objects.filter(cohort__in=cohorts_for(user)).values_list("cohort", flat=True),
        pk=enrolment_id,
    )
    cohort = cohort_for(user, cohort_id, manage=True)
    enrolment = get_object_or_404(visible_enrolments(user, cohort), pk=enrolment_id)
    enrolment.cohort = cohort
    if enrolment.state == Enrolment.State.CANCELLED:
        return Status(
            409,
            ProgrammeConflict(
                detail=_("This enrolment is already cancelled."), code="already_cancelled"
            ),
        )
    enrolment_cancel(actor=user, enrolment=enrolment)
    return _enrolments(cohort.enrolments).get(pk=enrolment.pk)


# --- roll call and test scores -----------------------------------------------------------------


class AttendeeIn(Schema):
    nik: Nik = Field(description="The enrolled returnee")
    member_id: int | None = Field(
        None, description="A household member attending with them; null for the returnee"
    )
    present: bool


class AttendeeOut(Schema):
    nik: str
    full_name: str = Field(description="The returnee's name")
    member_id: int | None
    member_name: str | None
    present: bool | None = Field(description="Null until a roll call is recorded")


class SessionRoll(Schema):
    number: int
    held_on: date
    roll_called: bool
    attendees: list[AttendeeOut] = Field(
        description="Everyone on the roll: each enrolled returnee, then their family"
    )


def _roll(session: CohortSession) -> SessionRoll:
    recorded = {
        (a.enrolment_id, a.member_id): a.present for a in Attendance.objects.filter(session=session)
    }
    return SessionRoll(
        number=session.number,
        held_on=session.held_on,
        roll_called=bool(recorded),
        attendees=[
            AttendeeOut(
                nik=enrolment.person.nik,
                full_name=enrolment.person.full_name,
                member_id=member.pk if member else None,
                member_name=member.full_name if member else None,
                present=recorded.get((enrolment.pk, member.pk if member else None)),
            )
            for enrolment, member in attendees(session)
        ],
    )


def _session(cohort: Cohort, number: int) -> CohortSession:
    session = get_object_or_404(cohort.sessions, number=number)
    session.cohort = cohort
    return session


@router.get(
    "/cohorts/{cohort_id}/sessions/{number}/attendance",
    response=SessionRoll,
    url_name="session_attendance",
    summary="A session's roll",
)
def attendance_detail(request: HttpRequest, cohort_id: int, number: int):
    """Who is on the session's roll and, once the roll was called, who was there."""
    return _roll(_session(cohort_for(request.auth, cohort_id, roll_call=True), number))


@router.put(
    "/cohorts/{cohort_id}/sessions/{number}/attendance",
    response=SessionRoll,
    url_name="session_attendance_save",
    summary="Record a roll call",
)
def attendance_save(
    request: HttpRequest,
    cohort_id: int,
    number: int,
    attendance: Annotated[list[AttendeeIn], Body(max_length=2000)],
):
    """Record who was at the session (the cohort's facilitators and coordinators). Anyone
    on the roll who is not listed was absent. Enough attendance and a post-test complete
    the module on the family's plan; a correction can undo that."""
    user = request.auth
    session = _session(cohort_for(user, cohort_id, roll_call=True), number)
    roll = attendees(session)
    by_nik = {enrolment.person.nik: enrolment for enrolment, member in roll if member is None}
    on_roll = {(enrolment.pk, member.pk if member else None) for enrolment, member in roll}
    errors, present, seen = [], set(), set()
    for i, row in enumerate(attendance):
        enrolment = by_nik.get(row.nik.strip())
        if enrolment is None:
            errors.append(([i, "nik"], _("Not enrolled in this cohort."), "not_on_roll", row.nik))
            continue
        key = (enrolment.pk, row.member_id)
        if key not in on_roll:
            errors.append(
                (
                    [i, "member_id"],
                    _("Not a family member attending with this returnee."),
                    "not_on_roll",
                    row.member_id,
                )
            )
        elif key in seen:
            errors.append(([i], _("Listed twice."), "duplicate", row.nik))
        elif row.present:
            present.add(key)
        seen.add(key)
    if errors:
        raise _invalid(*((["body", "attendance", *loc], *rest) for loc, *rest in errors))
    roll_call_save(actor=user, session=session, present=present)
    return _roll(session)


class ScoreIn(Schema):
    nik: Nik
    pre_test: TestScore | None = Field(description="0-100, one decimal; null when not taken")
    post_test: TestScore | None = Field(description="0-100, one decimal; null when not taken")


@router.put(
    "/cohorts/{cohort_id}/scores",
    response=list[EnrolmentOut],
    url_name="cohort_scores",
    summary="Record test scores",
)
def scores_save(
    request: HttpRequest,
    cohort_id: int,
    scores: Annotated[list[ScoreIn], Body(max_length=1000)],
):
    """Pre- and post-test scores of enrolled returnees (the cohort's facilitators and
    coordinators); those not listed keep theirs. Returns every enrolment of the cohort."""
    user = request.auth
    cohort = cohort_for(user, cohort_id, roll_call=True)
    enrolled = {
        e.person.nik: e
        for e in cohort.enrolments.filter(state=Enrolment.State.ENROLLED).select_related("person")
    }
    errors, values = [], {}
    for i, row in enumerate(scores):
        enrolment = enrolled.get(row.nik.strip())
        if enrolment is None:
            errors.append(([i, "nik"], _("Not enrolled in this cohort."), "not_enrolled", row.nik))
        elif enrolment.pk in values:
            errors.append(([i], _("Listed twice."), "duplicate", row.nik))
        else:
            values[enrolment.pk] = (row.pre_test, row.post_test)
    if errors:
        raise _invalid(*((["body", "scores", *loc], *rest) for loc, *rest in errors))
    cohort_scores_save(actor=user, cohort=cohort, scores=values)
    return list(_enrolments(cohort.enrolments.filter(state=Enrolment.State.ENROLLED)))
