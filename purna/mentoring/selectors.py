"""What the mentoring screens read: who is in mentoring, when each family's next visit is
due, the state of its plan. Every selector answers in a fixed number of queries whatever
the number of families: SQL gathers the dates per family (subqueries), the rules come
from core.mentoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from purna.assessment.forms import SECTOR_LABELS
from purna.business.models import Business
from purna.core import mentoring as clock
from purna.core.pathways import PRACTICE
from purna.mentors.access import paired_families_for
from purna.mentors.models import Assignment, Kind
from purna.people.models import Person
from purna.programme.models import PlanEntry

from .models import MentoringPlan, PlanAction, Visit

# A visit due within this many days is "due soon" on the mentor's home screen.
DUE_SOON_DAYS = 14

AGREED = "agreed"
DRAFTED = "drafted"  # a version exists, the family has not agreed to it yet
MISSING = "missing"
PLAN_STATES = {
    AGREED: _("agreed"),
    DRAFTED: _("waiting for the family's agreement"),
    MISSING: _("no plan yet"),
}


@dataclass(frozen=True)
class MentoringRow:
    person: Person
    practice_started: date
    last_visit: date | None
    agreed_next: date | None  # the next visit date agreed at the last visit
    due: date
    days_overdue: int
    due_soon: bool
    plan_state: str  # AGREED, DRAFTED or MISSING (of the newest version)
    plan_version: int | None
    plan_agreed_on: date | None  # the newest agreement of any version
    plan_due_by: date
    plan_overdue: bool
    mentor_name: str | None  # the open staff mentor; None: no mentor
    beyond_planned_span: bool
    # The family's one business not closed, whose month a mentor records straight away;
    # None when it has none or several (the list of businesses is the way then).
    only_business_id: int | None = None

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def plan_state_label(self) -> str:
        return str(PLAN_STATES[self.plan_state])


def practice_started_subquery() -> Subquery:
    return Subquery(
        PlanEntry.objects.filter(
            person=OuterRef("pk"), module__code=PRACTICE, started_on__isnull=False
        ).values("started_on")[:1]
    )


def in_mentoring(people: QuerySet[Person]) -> QuerySet[Person]:
    """Families whose business practice has started, still in the programme (neither
    withdrawn nor independent), annotated with `practice_started`."""
    return people.annotate(practice_started=practice_started_subquery()).filter(
        practice_started__isnull=False, withdrawn_on__isnull=True, graduated_on__isnull=True
    )


def practice_started_on(person: Person) -> date | None:
    return (
        PlanEntry.objects.filter(person=person, module__code=PRACTICE, started_on__isnull=False)
        .values_list("started_on", flat=True)
        .first()
    )


def mentoring_rows(people_qs: QuerySet[Person], *, today: date) -> list[MentoringRow]:
    """Each family in mentoring among `people_qs`, with its visit clock and plan state:
    the most overdue first, then by due date, then by name. One query."""
    latest_visit = Visit.objects.filter(person=OuterRef("pk")).order_by("-visited_on", "-id")
    latest_plan = MentoringPlan.objects.filter(person=OuterRef("pk")).order_by("-version")
    latest_agreed = MentoringPlan.objects.filter(
        person=OuterRef("pk"), agreed_on__isnull=False
    ).order_by("-agreed_on", "-version")
    staff = Assignment.objects.filter(
        person=OuterRef("pk"), kind=Kind.STAFF, ended_on__isnull=True
    ).order_by("-started_on", "-id")
    running = Business.objects.filter(person=OuterRef("pk")).exclude(status=Business.Status.CLOSED)
    running_count = running.order_by().values("person").annotate(n=Count("pk")).values("n")
    people = (
        in_mentoring(people_qs)
        .annotate(
            last_visit=Subquery(latest_visit.values("visited_on")[:1]),
            agreed_next=Subquery(latest_visit.values("next_visit_on")[:1]),
            plan_version=Subquery(latest_plan.values("version")[:1]),
            plan_newest_agreed=Subquery(latest_plan.values("agreed_on")[:1]),
            plan_agreed_on=Subquery(latest_agreed.values("agreed_on")[:1]),
            staff_mentor_name=Subquery(staff.values("mentor__name")[:1]),
            running_businesses=Coalesce(Subquery(running_count, output_field=IntegerField()), 0),
            first_running_business=Subquery(running.order_by("pk").values("pk")[:1]),
        )
        .select_related("village__district")
        .order_by()
    )
    rows = [_row(p, today) for p in people]
    rows.sort(key=lambda r: (-r.days_overdue, r.due, r.person.full_name, r.person.pk))
    return rows


def mentoring_row(person: Person, *, today: date) -> MentoringRow | None:
    """The row of one family, or None when it is not in mentoring."""
    rows = mentoring_rows(Person.objects.filter(pk=person.pk), today=today)
    return rows[0] if rows else None


def _row(person: Person, today: date) -> MentoringRow:
    started = person.practice_started
    due = clock.next_visit_due(started, person.last_visit, person.agreed_next)
    late = clock.days_overdue(started, person.last_visit, today, person.agreed_next)
    if person.plan_version is None:
        state = MISSING
    elif person.plan_newest_agreed is not None:
        state = AGREED
    else:
        state = DRAFTED
    return MentoringRow(
        person=person,
        practice_started=started,
        last_visit=person.last_visit,
        agreed_next=person.agreed_next,
        due=due,
        days_overdue=late,
        due_soon=not late and (due - today).days <= DUE_SOON_DAYS,
        plan_state=state,
        plan_version=person.plan_version,
        plan_agreed_on=person.plan_agreed_on,
        plan_due_by=clock.plan_due_by(started),
        # A plan agreed late still counts; a newer version waiting for agreement does not
        # make the family overdue again.
        plan_overdue=clock.plan_overdue(started, person.plan_agreed_on, today),
        mentor_name=person.staff_mentor_name,
        beyond_planned_span=clock.beyond_planned_span(started, today),
        only_business_id=(
            person.first_running_business if person.running_businesses == 1 else None
        ),
    )


def not_yet_in_practice(people_qs: QuerySet[Person]) -> QuerySet[Person]:
    """Families still in the programme whose business practice has not started: assigned
    to a mentor, but no visit is due yet."""
    return (
        people_qs.annotate(practice_started=practice_started_subquery())
        .filter(practice_started__isnull=True, withdrawn_on__isnull=True, graduated_on__isnull=True)
        .select_related("village__district")
        .order_by("full_name", "id")
    )


# Plans


@dataclass(frozen=True)
class PlanVersion:
    plan: MentoringPlan
    actions: list[PlanAction]
    changed: list[str] = field(default_factory=list)  # what differs from the version before


PLAN_GOALS = ("business_goal", "family_goal", "schooling_goal")


def action_key(action) -> tuple[str, str, date]:
    if isinstance(action, PlanAction):
        return (action.description, action.who, action.due_on)
    return (action["description"], action["who"], action["due_on"])


def plan_changes(before: MentoringPlan | None, before_actions, after, after_actions) -> list[str]:
    """What a version changed from the one before it, in words for the versions list.
    `after` may be a plan or a mapping of its goals."""
    if before is None:
        return [str(_("first version"))]

    def goal(plan, name):
        return plan[name] if isinstance(plan, dict) else getattr(plan, name)

    changed = [
        str(MentoringPlan._meta.get_field(name).verbose_name)
        for name in PLAN_GOALS
        if goal(before, name) != goal(after, name)
    ]
    old = {action_key(a) for a in before_actions}
    new = {action_key(a) for a in after_actions}
    added, removed = len(new - old), len(old - new)
    if added:
        changed.append(ngettext("%(n)d action added", "%(n)d actions added", added) % {"n": added})
    if removed:
        changed.append(
            ngettext("%(n)d action removed", "%(n)d actions removed", removed) % {"n": removed}
        )
    return changed


def plan_versions(person: Person) -> list[PlanVersion]:
    """Every version of the family's plan, newest first, each with what it changed."""
    plans = list(
        person.mentoring_plans.select_related("created_by")
        .prefetch_related("actions")
        .order_by("version")
    )
    versions = []
    previous: MentoringPlan | None = None
    for plan in plans:
        actions = list(plan.actions.all())
        before_actions = list(previous.actions.all()) if previous else []
        versions.append(
            PlanVersion(plan, actions, plan_changes(previous, before_actions, plan, actions))
        )
        previous = plan
    versions.reverse()
    return versions


def latest_plan(person: Person) -> MentoringPlan | None:
    return person.mentoring_plans.order_by("-version").first()


# Visits


def visits_of(person: Person) -> QuerySet[Visit]:
    return person.visits.select_related("mentor", "recorded_by")


# Peer mentors


@dataclass(frozen=True)
class PeerBusiness:
    name: str
    sector: str  # a code of core.instrument.BUSINESS_SECTORS
    sector_label: str
    status: str  # a Business.Status code
    status_label: str


@dataclass(frozen=True)
class PeerFamily:
    """All a peer mentor may know of a family paired with them: names, villages and
    businesses. No phone number, scores, finances or visit notes."""

    full_name: str
    village: str
    district: str
    businesses: Sequence[PeerBusiness]


def peer_families(user) -> list[PeerFamily]:
    """The families paired with the peer mentor behind this login (403 for anyone else).
    Two queries."""
    people = (
        paired_families_for(user)
        .select_related("village__district")
        .prefetch_related("businesses")
        .order_by("full_name", "id")
    )
    return [
        PeerFamily(
            full_name=p.full_name,
            village=p.village.name,
            district=p.village.district.name,
            businesses=_peer_businesses(p.businesses.all()),
        )
        for p in people
    ]


def _peer_businesses(businesses: Iterable[Business]) -> list[PeerBusiness]:
    return [
        PeerBusiness(
            name=b.name,
            sector=b.sector,
            sector_label=str(SECTOR_LABELS.get(b.sector, b.sector)),
            status=b.status,
            status_label=str(b.get_status_display()),
        )
        for b in businesses
    ]
