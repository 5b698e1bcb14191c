"""Reading what the independence screens show: the graduation criteria of one family or of
every family in mentoring, and when the next decent-life or sustainability check is due.

The rules themselves are core.graduation's; here rows are loaded (in batches, a constant
number of queries per batch) and handed over as core Facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from purna.assessment.models import Assessment
from purna.business.models import Business, MonthlyRecord
from purna.core.assessments import SELF, current_self_assessment
from purna.core.calendar import add_months, month_start
from purna.core.graduation import (
    INDICATORS,
    Criterion,
    Facts,
    Rules,
    evaluate,
    next_decent_life_check,
    next_sustainability_check,
    ready,
)
from purna.core.pathways import PRACTICE
from purna.core.progress import STARTED
from purna.notifications.models import OutboxMessage
from purna.people.models import HouseholdMember, Person
from purna.programme.models import Module, PlanEntry
from purna.programme.services import plans_for

from .access import candidates_scope, checks_due_scope
from .models import DecentLifeCheck, GraduationRules, SustainabilityCheck

# Children of compulsory school age in Indonesia (wajib belajar 12 tahun): 7 to 18.
SCHOOL_AGE_FROM = 7
SCHOOL_AGE_TO = 18
# A check due within this many days is on the "checks due" list, so a visit can be planned.
DUE_WITHIN_DAYS = 30
# The longest profit window an administrator may choose (GraduationRules.profit_window).
MAX_PROFIT_WINDOW = 24
BATCH = 500
STARTED_STATES = [state.value for state in STARTED]
INVITATION_PREFIX = "field-test-invitation"


def indicator_labels() -> dict[str, str]:
    return {name: str(DecentLifeCheck._meta.get_field(name).verbose_name) for name in INDICATORS}


def indicator_rows(check: DecentLifeCheck) -> list[tuple[str, str, bool | None]]:
    """(name, label, answer) for each indicator in the paper's order."""
    labels = indicator_labels()
    return [(name, labels[name], getattr(check, name)) for name in INDICATORS]


def rules_current() -> Rules:
    """The rules in force, as core reads them."""
    rules = GraduationRules.current()
    return Rules(
        modules_completed=rules.modules_completed,
        profitable_months=rules.profitable_months,
        profit_window=rules.profit_window,
        decent_life=rules.decent_life,
        quadrant_iv=rules.quadrant_iv,
    )


def rules_statement(rules: Rules) -> list[str]:
    """The rules in force in words, one line per criterion switched on."""
    lines = []
    if rules.modules_completed:
        lines.append(_("every pathway module completed"))
    if rules.profitable_months:
        lines.append(
            _(
                "a business operating, with a profit in at least %(required)d of the last "
                "%(window)d complete months"
            )
            % {"required": rules.profitable_months, "window": rules.profit_window}
        )
    if rules.decent_life:
        lines.append(_("every decent-life indicator met at the latest check"))
    if rules.quadrant_iv:
        lines.append(_("the latest self assessment in quadrant IV"))
    return lines


# --- facts ---------------------------------------------------------------------------------


def practice_starts(person_ids: Iterable[int]) -> dict[int, date]:
    """When business practice started, for those whose practice is under way or done."""
    return dict(
        PlanEntry.objects.filter(
            person_id__in=list(person_ids),
            module__code=PRACTICE,
            state__in=STARTED_STATES,
            started_on__isnull=False,
        ).values_list("person_id", "started_on")
    )


def practice_started(person: Person) -> date | None:
    return practice_starts([person.pk]).get(person.pk)


def indicators_of(check: DecentLifeCheck) -> dict[str, bool | None]:
    return {name: getattr(check, name) for name in INDICATORS}


def facts_for(person_ids: Sequence[int], *, today: date) -> dict[int, Facts]:
    """Core facts for many families as they stood on `today`: the profit window ends before
    its month, and only the decent-life checks and self assessments made on or before it
    count (a graduation confirmed with a past date is judged on that date). Eight queries
    whatever their number (call in batches of a few hundred)."""
    ids = list(person_ids)
    plans = plans_for(ids)
    since = add_months(month_start(today), -MAX_PROFIT_WINDOW)
    profits: dict[int, dict[date, int]] = {pk: {} for pk in ids}
    # Added up here, not with SUM(): Python's integers do not overflow, so a huge figure
    # stored before amounts were capped cannot break a whole list.
    for person_id, month, revenue, costs in (
        MonthlyRecord.objects.filter(
            business__person_id__in=ids, month__gte=since, month__lte=today
        )
        .order_by()
        .values_list("business__person_id", "month", "revenue", "costs")
    ):
        by_month = profits[person_id]
        by_month[month] = by_month.get(month, 0) + revenue - costs
    operating = set(
        Business.objects.filter(person_id__in=ids, status=Business.Status.OPERATING).values_list(
            "person_id", flat=True
        )
    )
    latest_check: dict[int, DecentLifeCheck] = {}
    for check in DecentLifeCheck.objects.filter(person_id__in=ids, checked_on__lte=today).order_by(
        "person_id", "-checked_on", "-id"
    ):
        latest_check.setdefault(check.person_id, check)
    selves: dict[int, list[Assessment]] = {pk: [] for pk in ids}
    for assessment in (
        Assessment.objects.filter(person_id__in=ids, source=SELF, assessed_on__lte=today)
        .exclude(quadrant="")
        .only("id", "person_id", "source", "assessed_on", "recorded_at", "quadrant")
    ):
        selves[assessment.person_id].append(assessment)
    facts = {}
    for pk in ids:
        current = current_self_assessment(selves[pk])
        check = latest_check.get(pk)
        facts[pk] = Facts(
            plan=plans[pk],
            profits=profits[pk],
            business_operating=pk in operating,
            latest_decent_life=indicators_of(check) if check else None,
            latest_self_quadrant=current.quadrant if current else None,
            today=today,
        )
    return facts


def graduation_facts(person: Person, *, today: date) -> Facts:
    return facts_for([person.pk], today=today)[person.pk]


# --- criteria as shown ---------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One criterion as a coordinator reads it."""

    code: str
    label: str
    met: bool
    detail: str
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    person: Person
    practice_started: date | None
    criteria: list[Criterion]
    lines: list[Line]

    @property
    def ready(self) -> bool:
        return ready(self.criteria)

    @property
    def unmet(self) -> list[Line]:
        return [line for line in self.lines if not line.met]

    def snapshot(self) -> dict[str, dict]:
        """What Graduation.criteria keeps: {code: {"met", "detail", "facts"}}."""
        return {
            line.code: {"met": line.met, "detail": line.detail, "facts": dict(line.facts)}
            for line in self.lines
        }


def module_names() -> dict[str, str]:
    return {module.code: module.name for module in Module.objects.all()}


def describe(criterion: Criterion, names: Mapping[str, str]) -> Line:
    """The criterion in words: what it asks, and why it is or is not met."""
    d = criterion.detail
    if criterion.code == "modules":
        label = _("Pathway modules completed")
        unfinished = [names.get(code, code) for code in d.get("unfinished", [])]
        if unfinished:
            detail = _("Not finished: %(modules)s.") % {"modules": ", ".join(unfinished)}
        elif criterion.met:
            detail = _("All completed.")
        else:
            detail = _("No pathway yet.")
    elif criterion.code == "business":
        label = _("Business with a profit in %(required)d of the last %(window)d months") % {
            "required": d["required"],
            "window": d["window"],
        }
        detail = _("Profitable months: %(count)d of %(window)d.") % {
            "count": d["profitable"],
            "window": d["window"],
        }
        if not d["operating"]:
            detail = _("No business is operating.") + " " + detail
    elif criterion.code == "decent_life":
        label = _("Decent-life indicators met")
        labels = indicator_labels()
        if not d.get("checked"):
            detail = _("No decent-life check recorded yet.")
        elif d.get("unmet"):
            detail = _("Not met: %(indicators)s.") % {
                "indicators": ", ".join(labels[name] for name in d["unmet"])
            }
        else:
            detail = _("All six met at the latest check.")
    else:
        label = _("Latest self assessment in quadrant IV")
        quadrant = d.get("quadrant")
        detail = (
            _("Latest self assessment: quadrant %(quadrant)s.") % {"quadrant": quadrant}
            if quadrant
            else _("No complete self assessment.")
        )
    return Line(criterion.code, label, criterion.met, detail, dict(d))


def _evaluations(
    people: Sequence[Person], *, today: date, rules: Rules, names: Mapping[str, str]
) -> list[Evaluation]:
    ids = [p.pk for p in people]
    facts = facts_for(ids, today=today)
    starts = practice_starts(ids)
    out = []
    for person in people:
        criteria = evaluate(rules, facts[person.pk])
        out.append(
            Evaluation(
                person=person,
                practice_started=starts.get(person.pk),
                criteria=criteria,
                lines=[describe(c, names) for c in criteria],
            )
        )
    return out


def evaluation_for(person: Person, *, today: date, rules: Rules | None = None) -> Evaluation:
    """One family's criteria with the rules in force."""
    return _evaluations(
        [person], today=today, rules=rules or rules_current(), names=module_names()
    )[0]


def in_mentoring(people: QuerySet[Person]) -> QuerySet[Person]:
    """Families whose business practice started, not (yet) independent, not withdrawn."""
    return people.filter(
        graduated_on__isnull=True,
        withdrawn_on__isnull=True,
        plan_entries__module__code=PRACTICE,
        plan_entries__state__in=STARTED_STATES,
        plan_entries__started_on__isnull=False,
    )


def candidates(
    user, *, today: date, district: str | None = None, ready_only: bool = False
) -> list[Evaluation]:
    """Every family in mentoring in the user's area with its criteria evaluated, ready
    ones first, then by name. A constant number of queries per batch of families."""
    people = (
        in_mentoring(candidates_scope(user))
        .select_related("village__district")
        .order_by("full_name", "id")
    )
    if district:
        people = people.filter(village__district_id=district)
    people = list(people)
    rules = rules_current()
    names = module_names()
    evaluations = []
    for start in range(0, len(people), BATCH):
        evaluations += _evaluations(
            people[start : start + BATCH], today=today, rules=rules, names=names
        )
    if ready_only:
        evaluations = [e for e in evaluations if e.ready]
    # sorted() is stable: names stay in order within each group.
    return sorted(evaluations, key=lambda e: not e.ready)


def invitation_key(person: Person) -> str:
    return f"{INVITATION_PREFIX}:{person.pk}"


def invitation_for(person: Person) -> OutboxMessage | None:
    """The invitation to the field test queued (or sent) at graduation, if any."""
    return (
        OutboxMessage.objects.filter(dedupe_key=invitation_key(person))
        .exclude(state=OutboxMessage.State.CANCELLED)
        .first()
    )


# --- schedules -----------------------------------------------------------------------------

DECENT_LIFE = "decent_life"
SUSTAINABILITY = "sustainability"


@dataclass(frozen=True)
class Due:
    kind: str  # DECENT_LIFE | SUSTAINABILITY
    last: date | None
    next_due: date | None  # None: no further check is due (two years after graduation)
    today: date

    @property
    def overdue(self) -> bool:
        return self.next_due is not None and self.today > self.next_due

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.next_due).days) if self.next_due else 0

    @property
    def due_soon(self) -> bool:
        """Overdue, or due within the next DUE_WITHIN_DAYS days."""
        return self.next_due is not None and self.next_due <= self.today + timedelta(
            days=DUE_WITHIN_DAYS
        )


def decent_life_due(person: Person, *, today: date) -> Due | None:
    """While the family is in practice (not independent, not withdrawn): due at the start
    of practice, then six months after the last check. None outside practice."""
    started = practice_started(person)
    if started is None or person.graduated_on or person.withdrawn_on:
        return None
    last = (
        person.decent_life_checks.order_by("-checked_on")
        .values_list("checked_on", flat=True)
        .first()
    )
    return Due(DECENT_LIFE, last, next_decent_life_check(started, last), today)


def sustainability_due(person: Person, *, today: date) -> Due | None:
    """Every six months for two years after graduation; None before graduation."""
    if person.graduated_on is None or person.withdrawn_on:
        return None
    done = list(person.sustainability_checks.values_list("checked_on", flat=True))
    return Due(
        SUSTAINABILITY,
        max(done, default=None),
        next_sustainability_check(person.graduated_on, done),
        today,
    )


@dataclass(frozen=True)
class DueRow:
    person: Person
    due: Due


def checks_due(
    user, *, today: date, district: str | None = None, kind: str | None = None
) -> list[DueRow]:
    """Families whose decent-life check (in practice) or sustainability check (after
    graduation) is overdue or due within DUE_WITHIN_DAYS, the earliest due first. Four
    queries whatever the number of families."""
    people = checks_due_scope(user).filter(withdrawn_on__isnull=True)
    if district:
        people = people.filter(village__district_id=district)
    people = people.select_related("village__district")
    rows: list[DueRow] = []
    if kind in (None, DECENT_LIFE):
        started = PlanEntry.objects.filter(
            person=OuterRef("pk"),
            module__code=PRACTICE,
            state__in=STARTED_STATES,
            started_on__isnull=False,
        ).values("started_on")[:1]
        last = (
            DecentLifeCheck.objects.filter(person=OuterRef("pk"))
            .order_by("-checked_on")
            .values("checked_on")[:1]
        )
        practising = (
            people.filter(graduated_on__isnull=True)
            .annotate(practice_started=Subquery(started), last_check=Subquery(last))
            .filter(practice_started__isnull=False)
        )
        for person in practising:
            due = Due(
                DECENT_LIFE,
                person.last_check,
                next_decent_life_check(person.practice_started, person.last_check),
                today,
            )
            rows.append(DueRow(person, due))
    if kind in (None, SUSTAINABILITY):
        graduated = list(people.filter(graduated_on__isnull=False))
        done: dict[int, list[date]] = {p.pk: [] for p in graduated}
        for person_id, checked_on in SustainabilityCheck.objects.filter(
            person__in=people.filter(graduated_on__isnull=False)
        ).values_list("person_id", "checked_on"):
            done[person_id].append(checked_on)
        for person in graduated:
            checks = done[person.pk]
            due = Due(
                SUSTAINABILITY,
                max(checks, default=None),
                next_sustainability_check(person.graduated_on, checks),
                today,
            )
            rows.append(DueRow(person, due))
    rows = [row for row in rows if row.due.due_soon]
    return sorted(rows, key=lambda r: (r.due.next_due, r.person.full_name, r.person.pk))


# --- households ----------------------------------------------------------------------------


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def school_age_children(person: Person, on: date) -> list[HouseholdMember]:
    """The household's children of school age on `on`: 7 to 18 and not finished school; a
    child without a birth date counts when recorded as in school or dropped out."""
    School = HouseholdMember.School
    out = []
    for child in person.household.filter(relation=HouseholdMember.Relation.CHILD):
        if child.birth_date is None:
            if child.school_status in (School.IN_SCHOOL, School.DROPPED_OUT):
                out.append(child)
        elif (
            SCHOOL_AGE_FROM <= _age(child.birth_date, on) <= SCHOOL_AGE_TO
            and child.school_status != School.FINISHED
        ):
            out.append(child)
    return out
