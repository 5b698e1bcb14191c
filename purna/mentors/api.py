"""/api/v1/mentors, /assignments, /participants/{nik}/assignments, /mentor-proposals: the
mentor directory, who accompanies which family, and proposed assignments.

The screens' rules: the directory and every write are for admins and coordinators (403 for
other roles); a family outside your area does not exist for you (404), and a mentor sees
only the families assigned to them now (404 for the others). Input that cannot be right
(unknown mentor, date in the future, missing reason) is 422 naming the field; a write the
current state refuses (the family already has a mentor of that kind, the mentor is full or
inactive, a proposal made stale by changes since) is 409.
"""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from pydantic import field_validator

from purna.accounts.access import require_role
from purna.core.areacode import DISTRICT, InvalidAreaCode, area_level, normalise_area_code
from purna.core.matching import pair_cost

from .access import MANAGE_MENTORING, families_for
from .models import Assignment, Mentor
from .proposals import family_of, mark, offer_of, proposal_build
from .selectors import assignment_for, mentor_for, mentors_for, with_load
from .services import (
    MAX_REASON,
    Conflict,
    assignment_change,
    assignment_end,
    assignment_start,
    proposal_accept,
)

router = Router(tags=["mentors"])

KindCode = Literal["staff", "peer"]
SexCode = Literal["L", "P"]
Level = Literal["village", "district", "regency", "further"]


class Problem(Schema):
    detail: str
    code: Literal["conflict"]


# --- Schemas -------------------------------------------------------------------------------


class MentorOut(Schema):
    id: int
    kind: KindCode = Field(description="staff: of a consultant institution; peer: a returnee")
    name: str
    institution: str | None
    sex: SexCode = Field(description="L: male, P: female")
    capacity: int = Field(description="Families the mentor can accompany at once")
    load: int = Field(description="Families accompanied now (open assignments)")
    sectors: list[str] = Field(description="Business sector codes of expertise")
    districts: list[str] = Field(description="Dotted codes of the districts covered")
    village_code: str | None = Field(description="Home village (peer mentors)")
    username: str | None = Field(description="The mentor's login, if any")
    is_active: bool

    @staticmethod
    def resolve_institution(mentor: Mentor) -> str | None:
        return mentor.institution.name if mentor.institution_id else None

    @staticmethod
    def resolve_districts(mentor: Mentor) -> list[str]:
        return sorted(d.code for d in mentor.districts.all())

    @staticmethod
    def resolve_village_code(mentor: Mentor) -> str | None:
        return mentor.village_id

    @staticmethod
    def resolve_username(mentor: Mentor) -> str | None:
        return mentor.user.username if mentor.user_id else None


class MentorFilters(Schema):
    kind: KindCode | None = None
    active: bool | None = Field(None, description="true: active only; false: inactive only")


class AssignmentOut(Schema):
    id: int
    nik: str
    kind: KindCode
    mentor_id: int
    mentor_name: str
    started_on: date
    ended_on: date | None = Field(description="null while the mentor accompanies the family")
    reason: str
    end_reason: str = Field(
        description="Why it ended (the reason for the change): the words typed, or a code "
        'written by the programme ("graduated": the family became independent)'
    )
    end_reason_label: str = Field(description="end_reason in words, a code translated")
    proposed_cost: int | None = Field(
        description="The matching cost when the pair came from a proposal; null when by hand"
    )

    @staticmethod
    def resolve_nik(assignment: Assignment) -> str:
        return assignment.person.nik

    @staticmethod
    def resolve_mentor_name(assignment: Assignment) -> str:
        return assignment.mentor.name

    @staticmethod
    def resolve_end_reason_label(assignment: Assignment) -> str:
        return assignment.end_reason_display


def _reason_check(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError(_("Write the reason."))
    return value


class AssignmentIn(Schema):
    nik: str = Field(description="The family's NIK")
    mentor_id: int
    started_on: date = Field(description="Not in the future")
    reason: str = Field(max_length=MAX_REASON)

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        return _reason_check(value)


class ChangeIn(Schema):
    mentor_id: int = Field(description="The new mentor, of the same kind")
    on: date = Field(description="The day the new mentor takes over; not in the future")
    reason: str = Field(max_length=MAX_REASON, description="Kept on both assignments")

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        return _reason_check(value)


class EndIn(Schema):
    on: date = Field(description="The last day; not in the future")
    reason: str = Field(max_length=MAX_REASON)

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        return _reason_check(value)


class ProposalIn(Schema):
    kind: KindCode
    district: str | None = Field(
        None, description="Only families of this district, dotted (35.02.17) or not (350217)"
    )

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


class ProposedPair(Schema):
    nik: str
    full_name: str
    village_code: str
    mentor_id: int | None = Field(description="null: no mentor with room")
    mentor_name: str | None
    cost: int | None = Field(description="Pair cost: distance + sector + same-sex wish")
    distance: Level | None
    sector_match: bool | None = Field(description="null when the family stated no interest")
    same_sex: bool | None
    wants_same_sex: bool


class MentorRoom(Schema):
    id: int
    name: str
    capacity: int
    load: int


class ProposalOut(Schema):
    kind: KindCode
    cost: int = Field(description="Total: pair costs, load balance, families left without")
    pairs: list[ProposedPair]
    mentors: list[MentorRoom] = Field(description="Active mentors of this kind considered")
    more: int = Field(description="Families waiting beyond this proposal's limit")


class AcceptPair(Schema):
    nik: str
    mentor_id: int
    proposed: bool = Field(
        True, description="As proposed (its matching cost is kept); false when changed by hand"
    )


class AcceptIn(Schema):
    kind: KindCode
    pairs: list[AcceptPair] = Field(min_length=1)
    started_on: date = Field(description="Not in the future")
    reason: str = Field("", max_length=MAX_REASON, description='Empty: "proposal accepted"')


# --- Helpers -------------------------------------------------------------------------------


def _invalid(exc: DjangoValidationError, fields: dict[str, str] | None = None):
    """A service's ValidationError as a 422, each message under the API's field name."""
    fields = fields or {}
    if hasattr(exc, "error_dict"):
        items = [(fields.get(k, k), " ".join(v)) for k, v in exc.message_dict.items()]
    else:
        items = [("body", " ".join(exc.messages))]
    return ValidationError(
        [
            {"loc": ["body", "payload", *name.split(".")], "msg": msg, "type": "invalid"}
            for name, msg in items
        ]
    )


def _field_error(name: str, msg: str):
    return ValidationError(
        [{"loc": ["body", "payload", *name.split(".")], "msg": msg, "type": "invalid"}]
    )


def _conflict(exc: DjangoValidationError):
    return Status(409, Problem(detail=" ".join(exc.messages), code="conflict"))


def _mentor(user, mentor_id: int, field: str) -> Mentor:
    mentor = mentors_for(user).filter(pk=mentor_id).first()
    if mentor is None:
        raise _field_error(field, _("No such mentor in your directory."))
    return mentor


def _family(user, nik: str, field: str):
    person = families_for(user).filter(nik=nik.strip()).first()
    if person is None:
        raise _field_error(field, _("No such participant in your area."))
    return person


def _assignments():
    return Assignment.objects.select_related("person", "mentor")


# --- Endpoints -----------------------------------------------------------------------------


@router.get("/mentors", response=list[MentorOut], url_name="mentors", summary="List mentors")
@paginate(PageNumberPagination, page_size=50)
def mentor_list(request: HttpRequest, filters: Query[MentorFilters]):
    """The mentor directory of your area: mentors covering one of its districts and peer
    mentors living in it (admins and coordinators)."""
    mentors = with_load(mentors_for(request.auth)).select_related("institution", "user")
    if filters.kind:
        mentors = mentors.filter(kind=filters.kind)
    if filters.active is not None:
        mentors = mentors.filter(is_active=filters.active)
    return mentors.prefetch_related("districts").order_by("name", "pk")


@router.get("/mentors/{mentor_id}", response=MentorOut, url_name="mentor", summary="One mentor")
def mentor_detail(request: HttpRequest, mentor_id: int):
    return mentor_for(request.auth, mentor_id)


@router.get(
    "/participants/{nik}/assignments",
    response=list[AssignmentOut],
    url_name="participant_assignments",
    summary="A participant's mentors, past and present",
)
def participant_assignments(request: HttpRequest, nik: str):
    """Every assignment of the family, newest first, with the reasons for each change."""
    person = get_object_or_404(families_for(request.auth), nik=nik.strip())
    return list(_assignments().filter(person=person).order_by("-started_on", "-pk"))


@router.post(
    "/assignments",
    response={201: AssignmentOut, 409: Problem},
    url_name="assignments",
    summary="Assign a mentor",
)
def assignment_create(request: HttpRequest, payload: AssignmentIn):
    """A mentor starts accompanying a family chosen by hand. 409 when the family already
    has a mentor of that kind, or the mentor is full or inactive."""
    user = request.auth
    require_role(user, MANAGE_MENTORING)
    person = _family(user, payload.nik, "nik")
    mentor = _mentor(user, payload.mentor_id, "mentor_id")
    try:
        assignment = assignment_start(
            actor=user,
            person=person,
            mentor=mentor,
            on=payload.started_on,
            reason=payload.reason,
        )
    except Conflict as exc:
        return _conflict(exc)
    except DjangoValidationError as exc:
        raise _invalid(exc, {"on": "started_on", "mentor": "mentor_id"}) from exc
    return Status(201, _assignments().get(pk=assignment.pk))


@router.post(
    "/assignments/{assignment_id}/change",
    response={201: AssignmentOut, 409: Problem},
    url_name="assignment_change",
    summary="Change a family's mentor",
)
def assignment_change_api(request: HttpRequest, assignment_id: int, payload: ChangeIn):
    """End the assignment with the reason and start one with the new mentor (same kind):
    the history keeps both. Returns the new assignment."""
    user = request.auth
    assignment = assignment_for(user, assignment_id, manage=True)
    mentor = _mentor(user, payload.mentor_id, "mentor_id")
    try:
        new = assignment_change(
            actor=user,
            assignment=assignment,
            new_mentor=mentor,
            on=payload.on,
            reason=payload.reason,
        )
    except Conflict as exc:
        return _conflict(exc)
    except DjangoValidationError as exc:
        raise _invalid(exc, {"mentor": "mentor_id"}) from exc
    return Status(201, _assignments().get(pk=new.pk))


@router.post(
    "/assignments/{assignment_id}/end",
    response={200: AssignmentOut, 409: Problem},
    url_name="assignment_end",
    summary="End an assignment",
)
def assignment_end_api(request: HttpRequest, assignment_id: int, payload: EndIn):
    """The mentor stops accompanying the family; 409 if it already ended."""
    user = request.auth
    assignment = assignment_for(user, assignment_id, manage=True)
    try:
        assignment_end(actor=user, assignment=assignment, on=payload.on, reason=payload.reason)
    except Conflict as exc:
        return _conflict(exc)
    except DjangoValidationError as exc:
        raise _invalid(exc) from exc
    return _assignments().get(pk=assignment.pk)


@router.post(
    "/mentor-proposals",
    response=ProposalOut,
    url_name="mentor_proposals",
    summary="Propose mentors (nothing is written)",
)
def mentor_proposal(request: HttpRequest, payload: ProposalIn):
    """The minimum-cost assignment of the families of your area in business practice
    without a mentor of `kind` to the active mentors of that kind with room: nearer
    mentors, matching sectors, a same-sex mentor when wished, balanced loads; no mentor
    over capacity. Review it, then send the pairs you keep to /mentor-proposals/accept."""
    user = request.auth
    require_role(user, MANAGE_MENTORING)
    built = proposal_build(user, payload.kind, district=payload.district)
    families = built.family_by_person
    pairs = []
    for person in built.people:
        family = families[person.pk]
        mentor_id = built.proposal.mentor_for.get(person.pk)
        fit = mark(family, built.offer_by_mentor[mentor_id]) if mentor_id is not None else None
        pairs.append(
            ProposedPair(
                nik=person.nik,
                full_name=person.full_name,
                village_code=person.village_id,
                mentor_id=mentor_id,
                mentor_name=built.by_mentor[mentor_id].name if mentor_id is not None else None,
                cost=built.proposal.pair_costs.get(person.pk),
                distance=fit.level if fit else None,
                sector_match=fit.sector_match if fit else None,
                same_sex=fit.same_sex if fit else None,
                wants_same_sex=family.wants_same_sex,
            )
        )
    return ProposalOut(
        kind=payload.kind,
        cost=built.proposal.cost,
        pairs=pairs,
        mentors=[
            MentorRoom(id=m.pk, name=m.name, capacity=m.capacity, load=m.load)
            for m in built.mentors
        ],
        more=built.more,
    )


@router.post(
    "/mentor-proposals/accept",
    response={201: list[AssignmentOut], 409: Problem},
    url_name="mentor_proposals_accept",
    summary="Accept proposed mentors",
)
def mentor_proposal_accept(request: HttpRequest, payload: AcceptIn):
    """Start every pair, or none: 409 when a family got a mentor of this kind meanwhile,
    a mentor stopped or has no room for the pairs given."""
    user = request.auth
    require_role(user, MANAGE_MENTORING)
    found = []
    for index, pair in enumerate(payload.pairs):
        person = _family(user, pair.nik, f"pairs.{index}.nik")
        mentor = _mentor(user, pair.mentor_id, f"pairs.{index}.mentor_id")
        found.append((person, mentor, pair.proposed))
    offers = {
        m.pk: offer_of(m)
        for m in with_load(
            Mentor.objects.filter(pk__in=[m.pk for _p, m, _x in found])
        ).prefetch_related("districts")
    }
    pairs = [
        (person, mentor, pair_cost(family_of(person), offers[mentor.pk]) if proposed else None)
        for person, mentor, proposed in found
    ]
    try:
        created = proposal_accept(
            actor=user,
            kind=payload.kind,
            pairs=pairs,
            on=payload.started_on,
            reason=payload.reason.strip() or _("proposal accepted"),
        )
    except Conflict as exc:
        return _conflict(exc)
    except DjangoValidationError as exc:
        raise _invalid(exc, {"on": "started_on", "mentor": "pairs"}) from exc
    return Status(201, list(_assignments().filter(pk__in=[a.pk for a in created])))
