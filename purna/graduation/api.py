"""/api/v1 for independence: decent-life checks, the graduation criteria and the
coordinator's confirmation, sustainability checks after graduation, and the candidates.

The screens' rules: families outside what you see do not exist for you (404; a mentor sees
only the families assigned to them); recording checks is for admins, coordinators, field
officers and mentors, confirming graduation and the candidates list for admins and
coordinators (else 403)."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from pydantic import field_validator

from purna.core.areacode import DISTRICT, InvalidAreaCode, area_level, normalise_area_code
from purna.core.graduation import INDICATORS, indicators_unmet
from purna.people.models import Person
from purna.people.models import Status as PersonStatus

from . import selectors, services
from .access import family_by_nik_for
from .models import DecentLifeCheck, Graduation, SustainabilityCheck

router = Router(tags=["independence"])

Indicator = Literal[INDICATORS]  # type: ignore[valid-type]
CriterionCode = Literal["modules", "business", "decent_life", "quadrant"]
PersonStatusCode = Literal[tuple(PersonStatus.values)]  # type: ignore[valid-type]


def _unprocessable(exc: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as the API's 422, naming the field when it has one."""
    if hasattr(exc, "error_dict"):
        errors = [
            (["body", "payload", name], " ".join(messages))
            for name, messages in exc.message_dict.items()
        ]
    else:
        errors = [(["body", "payload"], " ".join(exc.messages))]
    return ValidationError(
        [{"loc": loc, "msg": msg, "type": "invalid", "input": None} for loc, msg in errors]
    )


class CheckConflict(Schema):
    detail: str
    code: Literal["not_in_practice", "not_independent", "already_independent", "criteria_unmet"]


class ScheduleOut(Schema):
    last: date | None = Field(description="The latest check recorded")
    next_due: date | None = Field(description="null: no further check is due")
    overdue: bool
    days_overdue: int


def _schedule(due: selectors.Due | None) -> ScheduleOut | None:
    if due is None:
        return None
    return ScheduleOut(
        last=due.last, next_due=due.next_due, overdue=due.overdue, days_overdue=due.days_overdue
    )


def _checks(person: Person, due: Callable, checks: QuerySet) -> dict[str, Any]:
    """A family's checks, latest first, and when the next is due (`due`: the selector)."""
    return {
        "schedule": _schedule(due(person, today=timezone.localdate())),
        "checks": list(checks.select_related("recorded_by")),
    }


def _check_create(
    request: HttpRequest,
    nik: str,
    payload: Schema,
    *,
    record: Callable,
    refused: type[DjangoValidationError],
    code: str,
):
    """Record a check with the service `record`: 201, 409 `code` when the family's state
    refuses it (`refused`), 422 naming the field for a value that cannot be right."""
    person = family_by_nik_for(request.auth, nik, write=True)
    try:
        check = record(
            actor=request.auth, person=person, today=timezone.localdate(), **payload.model_dump()
        )
    except refused as exc:
        return Status(409, CheckConflict(detail=" ".join(exc.messages), code=code))
    except DjangoValidationError as exc:
        raise _unprocessable(exc) from exc
    return Status(201, check)


# --- decent-life checks --------------------------------------------------------------------


class DecentLifeCheckOut(Schema):
    id: int
    checked_on: date
    house_fit: bool = Field(description="Permanent house, fit to live in and healthy")
    income_covers_needs: bool = Field(description="Fixed income covering daily needs")
    can_pay_treatment: bool = Field(description="Able to pay for treatment when sick")
    children_in_school: bool | None = Field(
        description="School-age children are in school; null: no child of school age in the "
        "household, which counts as met"
    )
    savings_for_investment: bool
    routine_charity: bool = Field(description="Gives charity routinely")
    unmet: list[Indicator] = Field(description="The indicators not met, in the paper's order")
    notes: str
    recorded_by: str | None = Field(description="Username of who recorded it")

    @staticmethod
    def resolve_unmet(check: DecentLifeCheck) -> list[str]:
        return indicators_unmet(selectors.indicators_of(check))

    @staticmethod
    def resolve_recorded_by(check: DecentLifeCheck) -> str | None:
        return check.recorded_by.username if check.recorded_by else None


class DecentLifeChecksOut(Schema):
    schedule: ScheduleOut | None = Field(
        description="Due when business practice starts, then every six months; null when the "
        "family is not in practice (not started, independent or withdrawn)"
    )
    checks: list[DecentLifeCheckOut] = Field(description="Latest first")


class DecentLifeCheckIn(Schema):
    checked_on: date = Field(description="Not in the future")
    house_fit: bool
    income_covers_needs: bool
    can_pay_treatment: bool
    children_in_school: bool | None = Field(
        description="Required; null when the household has no child of school age (7-18)"
    )
    savings_for_investment: bool
    routine_charity: bool
    notes: str = Field("", max_length=5000)


@router.get(
    "/participants/{nik}/decent-life-checks",
    response=DecentLifeChecksOut,
    url_name="participant_decent_life_checks",
    summary="A family's decent-life checks",
)
def decent_life_list(request: HttpRequest, nik: str):
    """The decent-life checks (the paper's six indicators), latest first, and when the
    next one is due."""
    person = family_by_nik_for(request.auth, nik)
    return DecentLifeChecksOut(
        **_checks(person, selectors.decent_life_due, person.decent_life_checks)
    )


@router.post(
    "/participants/{nik}/decent-life-checks",
    response={201: DecentLifeCheckOut, 409: CheckConflict},
    url_name="participant_decent_life_check_create",
    summary="Record a decent-life check",
)
def decent_life_create(request: HttpRequest, nik: str, payload: DecentLifeCheckIn):
    """Record a check for a family in business practice (409 `not_in_practice` otherwise)."""
    return _check_create(
        request,
        nik,
        payload,
        record=services.decent_life_check_record,
        refused=services.NotInPractice,
        code="not_in_practice",
    )


# --- graduation ----------------------------------------------------------------------------


class CriterionOut(Schema):
    code: CriterionCode
    label: str = Field(description="The criterion, in the user's language")
    met: bool
    detail: str = Field(description="Why it is or is not met, in the user's language")
    facts: dict[str, Any] = Field(
        description="modules: unfinished (module codes); business: operating, profitable, "
        "required, window (months); decent_life: unmet (indicators), checked; quadrant: "
        "quadrant of the latest complete self assessment"
    )


class RulesOut(Schema):
    modules_completed: bool
    profitable_months: int = Field(description="0: the business criterion is off")
    profit_window: int = Field(description="Complete months looked at")
    decent_life: bool
    quadrant_iv: bool


class GraduationOut(Schema):
    graduated_on: date
    note: str
    confirmed_by: str | None = Field(description="Username of the coordinator")
    confirmed_at: datetime
    criteria: dict[str, dict[str, Any]] = Field(
        description="The criteria as evaluated when confirmed: {code: {met, detail, facts}}"
    )

    @staticmethod
    def resolve_confirmed_by(graduation: Graduation) -> str | None:
        return graduation.confirmed_by.username if graduation.confirmed_by else None


class GraduationStatusOut(Schema):
    status: PersonStatusCode
    practice_started: date | None = Field(description="null: business practice not started")
    independent_since: date | None
    rules: RulesOut = Field(description="The rules in force")
    ready: bool = Field(
        description="In mentoring and every criterion met: a coordinator may confirm"
    )
    criteria: list[CriterionOut] = Field(
        description="Evaluated today with the rules in force; empty once independent"
    )
    graduation: GraduationOut | None


class GraduationIn(Schema):
    on: date = Field(
        description="Independent since; not in the future, not before practice. The criteria "
        "are judged as they stood on this date (profits of the months before it, the latest "
        "decent-life check and self assessment on or before it)"
    )
    note: str = Field("", max_length=2000)


class GraduationConflict(CheckConflict):
    criteria: list[CriterionOut] = Field(
        default_factory=list, description="With criteria_unmet: each criterion, met or not"
    )


def _criteria(lines: list[selectors.Line]) -> list[CriterionOut]:
    return [
        CriterionOut(
            code=line.code, label=line.label, met=line.met, detail=line.detail, facts=line.facts
        )
        for line in lines
    ]


def _graduation_status(person: Person) -> GraduationStatusOut:
    person.refresh_from_db(fields=["status", "graduated_on", "withdrawn_on"])
    graduation = Graduation.objects.select_related("confirmed_by").filter(person=person).first()
    rules = selectors.rules_current()
    started = selectors.practice_started(person)
    lines, ready = [], False
    if person.graduated_on is None:
        evaluation = selectors.evaluation_for(person, today=timezone.localdate(), rules=rules)
        lines = evaluation.lines
        ready = started is not None and person.withdrawn_on is None and evaluation.ready
    return GraduationStatusOut(
        status=person.status,
        practice_started=started,
        independent_since=person.graduated_on,
        rules=RulesOut(**vars(rules)),
        ready=ready,
        criteria=_criteria(lines),
        graduation=graduation,
    )


@router.get(
    "/participants/{nik}/graduation",
    response=GraduationStatusOut,
    url_name="participant_graduation",
    summary="A family's graduation criteria and graduation",
)
def graduation_detail(request: HttpRequest, nik: str):
    """Each criterion for independence (mandiri) with the rules in force, met or not and
    why; and the graduation once a coordinator confirmed it."""
    return _graduation_status(family_by_nik_for(request.auth, nik))


@router.post(
    "/participants/{nik}/graduation",
    response={201: GraduationStatusOut, 409: GraduationConflict},
    url_name="participant_graduation_confirm",
    summary="Confirm a family's graduation",
)
def graduation_confirm(request: HttpRequest, nik: str, payload: GraduationIn):
    """A coordinator confirms that the family is independent: only when every criterion
    in force is met (409 `criteria_unmet` with the criteria; there is no override). Business
    practice and mentoring are completed, the status becomes `independent`, open mentor
    assignments end, and an invitation to the field test is queued if the family agreed to
    be contacted. 409 `already_independent`, `not_in_practice` otherwise."""
    person = family_by_nik_for(request.auth, nik, manage=True)
    try:
        services.graduation_confirm(
            actor=request.auth, person=person, today=timezone.localdate(), **payload.model_dump()
        )
    except services.NotReady as exc:
        return Status(
            409,
            GraduationConflict(
                detail=_("Not every criterion is met."),
                code="criteria_unmet",
                criteria=_criteria(exc.evaluation.lines),
            ),
        )
    except services.AlreadyIndependent as exc:
        return Status(409, GraduationConflict(detail=exc.messages[0], code="already_independent"))
    except services.NotInPractice as exc:
        return Status(409, GraduationConflict(detail=exc.messages[0], code="not_in_practice"))
    except DjangoValidationError as exc:
        raise _unprocessable(exc) from exc
    return Status(201, _graduation_status(person))


# --- sustainability checks -----------------------------------------------------------------


class SustainabilityCheckOut(Schema):
    id: int
    checked_on: date
    business_operating: bool = Field(description="The business is still operating")
    migrated_again: bool = Field(description="Someone in the household migrated again")
    migrated_who: str = Field(description="Who migrated, if said; empty otherwise")
    notes: str
    recorded_by: str | None

    @staticmethod
    def resolve_recorded_by(check: SustainabilityCheck) -> str | None:
        return check.recorded_by.username if check.recorded_by else None


class SustainabilityChecksOut(Schema):
    independent_since: date | None
    schedule: ScheduleOut | None = Field(
        description="Every six months for two years after graduation (four checks); null "
        "before graduation"
    )
    checks: list[SustainabilityCheckOut] = Field(description="Latest first")


class SustainabilityCheckIn(Schema):
    checked_on: date = Field(description="Not in the future, not before graduation")
    business_operating: bool
    migrated_again: bool
    migrated_who: str = Field("", max_length=150, description="Ignored unless migrated_again")
    notes: str = Field("", max_length=5000)


@router.get(
    "/participants/{nik}/sustainability-checks",
    response=SustainabilityChecksOut,
    url_name="participant_sustainability_checks",
    summary="A family's sustainability checks",
)
def sustainability_list(request: HttpRequest, nik: str):
    """The checks after graduation, latest first, and when the next one is due."""
    person = family_by_nik_for(request.auth, nik)
    return SustainabilityChecksOut(
        independent_since=person.graduated_on,
        **_checks(person, selectors.sustainability_due, person.sustainability_checks),
    )


@router.post(
    "/participants/{nik}/sustainability-checks",
    response={201: SustainabilityCheckOut, 409: CheckConflict},
    url_name="participant_sustainability_check_create",
    summary="Record a sustainability check",
)
def sustainability_create(request: HttpRequest, nik: str, payload: SustainabilityCheckIn):
    """Record a check for an independent family (409 `not_independent` otherwise)."""
    return _check_create(
        request,
        nik,
        payload,
        record=services.sustainability_check_record,
        refused=services.NotIndependent,
        code="not_independent",
    )


# --- candidates ----------------------------------------------------------------------------


class CandidateOut(Schema):
    nik: str
    full_name: str
    village_code: str
    district_code: str
    practice_started: date | None
    ready: bool
    criteria: list[CriterionOut]


class CandidateFilters(Schema):
    district: str | None = Field(
        None, description="District code, dotted (35.02.17) or not (350217)"
    )
    ready: bool = Field(False, description="Only families meeting every criterion")

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


@router.get(
    "/graduation/candidates",
    response=list[CandidateOut],
    url_name="graduation_candidates",
    summary="Families in mentoring and their graduation criteria",
)
@paginate(PageNumberPagination, page_size=50)
def candidate_list(request: HttpRequest, filters: Query[CandidateFilters]):
    """Every family in mentoring in your area (business practice started, not independent,
    not withdrawn) with its criteria; ready families first, then by name. Admins and
    coordinators; 50 a page."""
    rows = selectors.candidates(
        request.auth,
        today=timezone.localdate(),
        district=filters.district,
        ready_only=filters.ready,
    )
    return [
        CandidateOut(
            nik=row.person.nik,
            full_name=row.person.full_name,
            village_code=row.person.village_id,
            district_code=row.person.village.district_id,
            practice_started=row.practice_started,
            ready=row.ready,
            criteria=_criteria(row.lines),
        )
        for row in rows
    ]
