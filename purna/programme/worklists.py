"""Follow-up worklists: who a coordinator should call or visit this week.

One selector per list. Each keeps to the people the user may see (people_for: their area,
or a mentor's own families) and to the cohorts of their area (by venue), can be narrowed
to one district and to one facilitator's cohorts ("mine"), and answers in a fixed number
of queries whatever the number of people: SQL narrows the candidates, plans are derived in
bulk (services.plans_for, in chunks), and the rules come from core.followup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from purna.core.cohorts import seats
from purna.core.followup import (
    MISSED_THRESHOLD,
    TRAINING_MODULES,
    awaiting_field_test,
    missed_in_a_row,
    nothing_started,
    starts_within,
    training_finished_no_practice,
)
from purna.core.pathways import FIELD_VERIFICATION, PRACTICE
from purna.core.progress import SETTLED, STARTED, State, Step, blocking_prerequisites
from purna.people.access import people_for
from purna.people.models import Person, Status

from .cohort_access import cohorts_for
from .models import Attendance, Cohort, CohortSession, Enrolment, Module, PlanEntry
from .services import plans_for

ACTIVE = (Enrolment.State.ENROLLED, Enrolment.State.WAITLISTED)
# Plans are derived for this many people per round trip; it keeps `IN (...)` lists under
# SQLite's limit on query parameters.
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header
    label: Promise | str
    contact: bool = False  # contact details: shown only to roles that may edit people


@dataclass(frozen=True)
class Row:
    cells: tuple[Any, ...]  # in the worklist's column order
    person: Person | None = None
    cohort: Cohort | None = None


@dataclass(frozen=True)
class Worklist:
    slug: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    select: Callable[..., list[Row]] = field(repr=False)


PERSON_COLUMNS = (
    Column("full_name", _("Name")),
    Column("village", _("Village")),
    Column("district", _("District")),
    Column("phone", _("Phone"), contact=True),
)


def _person_cells(person: Person) -> tuple[str, str, str, str]:
    village = person.village
    return (person.full_name, village.name, village.district.name, person.phone)


def _people(user, *, district: str | None, facilitator) -> QuerySet[Person]:
    """People the user may see still in the programme; with a facilitator, only those
    who are or were in one of that facilitator's cohorts."""
    people = people_for(user).filter(withdrawn_on__isnull=True)
    if district:
        people = people.filter(village__district=district)
    if facilitator is not None:
        mine = Enrolment.objects.filter(cohort__facilitators=facilitator).values("person")
        people = people.filter(pk__in=mine)
    return people.select_related("village__district")


def _plans(people: Sequence[Person]) -> dict[int, list[Step]]:
    plans: dict[int, list[Step]] = {}
    for start in range(0, len(people), CHUNK_SIZE):
        plans.update(plans_for([p.pk for p in people[start : start + CHUNK_SIZE]]))
    return plans


def _module_names() -> dict[str, str]:
    return {m.code: m.name for m in Module.objects.all()}


def _next_module(plan: Sequence[Step]) -> str | None:
    """The first planned module nothing holds back: what to enrol the person in."""
    return next(
        (
            step.code
            for step in plan
            if step.state == State.PLANNED and not blocking_prerequisites(step.code, plan)
        ),
        None,
    )


def _oldest_first(rows: list[tuple[date | None, str, int, Row]]) -> list[Row]:
    # Who has waited longest comes first; unknown dates last, then by name.
    rows.sort(key=lambda r: (r[0] is None, r[0] or date.min, r[1], r[2]))
    return [r[3] for r in rows]


def not_enrolled(user, *, today: date, district=None, facilitator=None) -> list[Row]:
    """Identified (a quadrant) but in no cohort, not even on a waiting list, and no module
    of their plan started. Started states are only ever recorded ones, so SQL can already
    drop whoever has one; the plan then names the module to enrol them in."""
    active = Enrolment.objects.filter(state__in=ACTIVE).values("person")
    started = PlanEntry.objects.filter(state__in=STARTED).values("person")
    people = list(
        _people(user, district=district, facilitator=facilitator)
        .exclude(quadrant="")
        .exclude(pk__in=active)
        .exclude(pk__in=started)
        .annotate(identified_on=F("current_assessment__assessed_on"))
    )
    plans = _plans(people)
    names = _module_names()
    rows = []
    for person in people:
        plan = plans[person.pk]
        if not nothing_started(plan):
            continue
        code = _next_module(plan)
        cells = (
            *_person_cells(person),
            person.quadrant,
            names.get(code, code) if code else "",
            person.identified_on,
        )
        rows.append((person.identified_on, person.full_name, person.pk, Row(cells, person)))
    return _oldest_first(rows)


def missed_sessions(user, *, today: date, district=None, facilitator=None) -> list[Row]:
    """Enrolled, not yet through the module, and absent from the last two or more sessions
    held. A session counts as held once its date has come and a roll call was recorded."""
    enrolments = Enrolment.objects.filter(
        state=Enrolment.State.ENROLLED,
        completed_on__isnull=True,
        person__in=_people(user, district=district, facilitator=None),
    )
    if facilitator is not None:
        enrolments = enrolments.filter(cohort__facilitators=facilitator)
    held: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for cohort_id, session_id, held_on in (
        CohortSession.objects.filter(cohort__in=enrolments.values("cohort"), held_on__lte=today)
        .filter(Exists(Attendance.objects.filter(session=OuterRef("pk"))))
        .order_by("cohort", "number")
        .values_list("cohort_id", "id", "held_on")
    ):
        held[cohort_id].append((session_id, held_on))
    present: dict[tuple[int, int], bool] = {
        (enrolment_id, session_id): was_present
        for enrolment_id, session_id, was_present in Attendance.objects.filter(
            enrolment__in=enrolments, member__isnull=True
        ).values_list("enrolment_id", "session_id", "present")
    }
    rows = []
    for enrolment in enrolments.select_related(
        "person__village__district", "cohort__module"
    ).order_by("id"):
        sessions = held[enrolment.cohort_id]
        roll = [present.get((enrolment.pk, session_id)) for session_id, _on in sessions]
        missed = missed_in_a_row(roll)
        if missed < MISSED_THRESHOLD:
            continue
        last_here = max(
            (on for (_id, on), here in zip(sessions, roll, strict=True) if here), default=None
        )
        person = enrolment.person
        cells = (
            *_person_cells(person),
            enrolment.cohort.name,
            enrolment.cohort.module.name,
            missed,
            last_here,
        )
        # The longest absence first.
        rows.append((-missed, person.full_name, enrolment.pk, Row(cells, person, enrolment.cohort)))
    rows.sort(key=lambda r: r[:3])
    return [r[3] for r in rows]


def no_practice(user, *, today: date, district=None, facilitator=None) -> list[Row]:
    """Mindset and training done (or not needed), business practice still only planned.
    Candidates have at least one training module settled and no practice recorded."""
    settled = PlanEntry.objects.filter(module__code__in=TRAINING_MODULES, state__in=SETTLED)
    practice_recorded = PlanEntry.objects.filter(module__code=PRACTICE).exclude(state=State.PLANNED)
    people = list(
        _people(user, district=district, facilitator=facilitator)
        .filter(pk__in=settled.values("person"))
        .exclude(pk__in=practice_recorded.values("person"))
        .annotate(
            ready_since=Max(
                "plan_entries__updated_at",
                filter=Q(
                    plan_entries__module__code__in=TRAINING_MODULES,
                    plan_entries__state__in=SETTLED,
                ),
            )
        )
    )
    plans = _plans(people)
    stages = dict(Status.choices)
    rows = []
    for person in people:
        if not training_finished_no_practice(plans[person.pk]):
            continue
        since = timezone.localdate(person.ready_since) if person.ready_since else None
        cells = (*_person_cells(person), person.quadrant, stages.get(person.stage, ""), since)
        rows.append((since, person.full_name, person.pk, Row(cells, person)))
    return _oldest_first(rows)


def open_seats(user, *, today: date, district=None, facilitator=None) -> list[Row]:
    """Cohorts whose first session is in the next two weeks and that still have seats:
    those whose venue is in the user's area, and those the user facilitates."""
    cohorts = (
        cohorts_for(user)
        .annotate(
            first_session=Min("sessions__held_on"),
            enrolled=Count(
                "enrolments",
                filter=Q(enrolments__state=Enrolment.State.ENROLLED),
                distinct=True,
            ),
            waiting=Count(
                "enrolments",
                filter=Q(enrolments__state=Enrolment.State.WAITLISTED),
                distinct=True,
            ),
        )
        .filter(first_session__gte=today)
        .select_related("module", "venue__district")
    )
    if district:
        cohorts = cohorts.filter(venue__district=district)
    if facilitator is not None:
        cohorts = cohorts.filter(facilitators=facilitator)
    rows = []
    for cohort in cohorts:
        left = seats(cohort.capacity, cohort.enrolled)
        if not (starts_within(cohort.first_session, today) and left > 0):
            continue
        cells = (
            cohort.name,
            cohort.module.name,
            cohort.venue.name,
            cohort.venue.district.name,
            cohort.first_session,
            cohort.capacity,
            cohort.enrolled,
            left,
        )
        rows.append((cohort.first_session, cohort.name, cohort.pk, Row(cells, cohort=cohort)))
    return _oldest_first(rows)


def field_test(user, *, today: date, district=None, facilitator=None) -> list[Row]:
    """Quadrant IV families whose field test (uji lapangan) has no result yet: the same
    families the person page offers a field test for."""
    tested = PlanEntry.objects.filter(module__code=FIELD_VERIFICATION).exclude(
        state__in=(State.PLANNED, State.IN_PROGRESS)
    )
    people = list(
        _people(user, district=district, facilitator=facilitator)
        .filter(quadrant="IV")
        .exclude(pk__in=tested.values("person"))
        .annotate(identified_on=F("current_assessment__assessed_on"))
    )
    plans = _plans(people)
    labels = dict(PlanEntry._meta.get_field("state").choices)
    rows = []
    for person in people:
        plan = plans[person.pk]
        if not awaiting_field_test(plan):
            continue
        state = next(s.state for s in plan if s.code == FIELD_VERIFICATION)
        cells = (*_person_cells(person), labels[state], person.identified_on)
        rows.append((person.identified_on, person.full_name, person.pk, Row(cells, person)))
    return _oldest_first(rows)


WORKLISTS: dict[str, Worklist] = {
    w.slug: w
    for w in (
        Worklist(
            "not-enrolled",
            _("Identified, not enrolled"),
            _(
                "Returnees with a quadrant who are in no cohort (not even on a waiting list) "
                "and have not started any module."
            ),
            (
                *PERSON_COLUMNS,
                Column("quadrant", _("Quadrant")),
                Column("next_module", _("Next module")),
                Column("identified_on", _("Identified on")),
            ),
            not_enrolled,
        ),
        Worklist(
            "missed-sessions",
            _("Missed sessions"),
            _(
                "Enrolled returnees absent from the last two or more sessions held (a "
                "session counts once its roll call is recorded)."
            ),
            (
                *PERSON_COLUMNS,
                Column("cohort", _("Cohort")),
                Column("module", _("Module")),
                Column("missed_in_a_row", _("Missed in a row")),
                Column("last_attended", _("Last attended")),
            ),
            missed_sessions,
        ),
        Worklist(
            "no-practice",
            _("Training finished, no practice"),
            _(
                "Returnees who finished the mindset and training modules of their plan but "
                "have not started business practice."
            ),
            (
                *PERSON_COLUMNS,
                Column("quadrant", _("Quadrant")),
                Column("stage", _("Programme stage")),
                Column("ready_since", _("Ready since")),
            ),
            no_practice,
        ),
        Worklist(
            "open-seats",
            _("Cohorts with empty seats"),
            _("Cohorts starting within two weeks that still have seats left."),
            (
                Column("cohort", _("Cohort")),
                Column("module", _("Module")),
                Column("venue", _("Venue")),
                Column("district", _("District")),
                Column("first_session", _("First session")),
                Column("capacity", _("Capacity")),
                Column("enrolled", _("Enrolled")),
                Column("seats_left", _("Seats left")),
            ),
            open_seats,
        ),
        Worklist(
            "field-test",
            _("Awaiting a field test"),
            _("Quadrant IV families whose field test (uji lapangan) has no result yet."),
            (
                *PERSON_COLUMNS,
                Column("field_test", _("Field test")),
                Column("identified_on", _("Identified on")),
            ),
            field_test,
        ),
    )
}
