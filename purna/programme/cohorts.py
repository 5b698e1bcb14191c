"""Cohorts: creating them, the enrolment worklist, enrolling with a waiting list, roll
calls and test scores, and completion, which moves the module along each family's plan."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from purna.audit.models import AuditEvent
from purna.audit.services import audit_record
from purna.core.cohorts import CompletionRule, area_distance, has_completed
from purna.core.pathways import MINDSET_SAKINAH, TRAINING_SAKINAH
from purna.core.progress import State, blocking_prerequisites
from purna.people.access import people_for
from purna.people.models import HouseholdMember, Person

from .models import Attendance, Cohort, CohortSession, Enrolment, Module
from .services import plan_step_set, plans_for

ACTIVE = (Enrolment.State.ENROLLED, Enrolment.State.WAITLISTED)
# Modules where household members may attend with the returnee.
FAMILY_MODULES = frozenset({MINDSET_SAKINAH, TRAINING_SAKINAH})


@transaction.atomic
def cohort_create(
    *,
    actor,
    module: Module,
    institution,
    name: str,
    venue,
    capacity: int,
    session_dates: Sequence[date],
    facilitators: Iterable = (),
) -> Cohort:
    if not session_dates:
        raise ValidationError(_("A cohort needs at least one session date."))
    cohort = Cohort.objects.create(
        module=module,
        institution=institution,
        name=name.strip(),
        venue=venue,
        capacity=capacity,
    )
    cohort.facilitators.set(facilitators)
    CohortSession.objects.bulk_create(
        CohortSession(cohort=cohort, number=n, held_on=d)
        for n, d in enumerate(sorted(session_dates), start=1)
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=cohort,
        person_id=None,
        changes={"module": [None, module.code], "capacity": [None, capacity]},
        summary=name,
    )
    return cohort


def _ready_for(plan, code: str) -> bool:
    """The module is planned on the plan and nothing before it is still open."""
    step = next((s for s in plan if s.code == code), None)
    return (
        step is not None and step.state == State.PLANNED and not blocking_prerequisites(code, plan)
    )


def cohort_worklist(cohort: Cohort, user) -> list[tuple[Person, int]]:
    """People the user may see (people_for) whose plan needs this module next and who are
    not in a cohort of it already: nearest to the venue first (same village, district,
    regency)."""
    taken = Enrolment.objects.filter(cohort__module=cohort.module, state__in=ACTIVE).values(
        "person"
    )
    candidates = list(
        people_for(user)
        .filter(withdrawn_on__isnull=True)
        .filter(Q(quadrant__gt="") | Q(plan_entries__module=cohort.module))
        .exclude(pk__in=taken)
        .select_related("village__district")
        .distinct()
    )
    plans = plans_for([p.pk for p in candidates])
    ready = [p for p in candidates if _ready_for(plans[p.pk], cohort.module.code)]
    ranked = [(p, area_distance(p.village_id, cohort.venue_id)) for p in ready]
    return sorted(ranked, key=lambda pair: (pair[1], pair[0].full_name, pair[0].pk))


@transaction.atomic
def cohort_enrol(*, actor, cohort: Cohort, people: Sequence[Person]) -> list[Enrolment]:
    """Enrol people from the worklist; beyond the capacity they go on the waiting list."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    plans = plans_for([p.pk for p in people])
    for person in people:
        if not _ready_for(plans[person.pk], cohort.module.code):
            raise ValidationError(
                _("%(name)s does not need %(module)s next.")
                % {"name": person.full_name, "module": cohort.module.name}
            )
    if Enrolment.objects.filter(
        cohort__module=cohort.module, state__in=ACTIVE, person__in=people
    ).exists():
        raise ValidationError(_("Someone in the selection is already in a cohort of this module."))
    enrolled = cohort.enrolments.filter(state=Enrolment.State.ENROLLED).count()
    created = []
    for person in people:
        state = (
            Enrolment.State.ENROLLED if enrolled < cohort.capacity else (Enrolment.State.WAITLISTED)
        )
        enrolled += state == Enrolment.State.ENROLLED
        enrolment, _created = Enrolment.objects.update_or_create(
            cohort=cohort, person=person, defaults={"state": state}
        )
        created.append(enrolment)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=enrolment,
            person_id=person.pk,
            changes={"state": [None, state]},
            summary=cohort.name,
        )
        if state == Enrolment.State.ENROLLED:
            plan_step_set(actor=actor, person=person, module=cohort.module, state="in_progress")
    return created


@transaction.atomic
def enrolment_cancel(*, actor, enrolment: Enrolment) -> None:
    """Leave the cohort: the module is planned again and the first on the waiting list
    takes the seat."""
    was_enrolled = enrolment.state == Enrolment.State.ENROLLED
    enrolment.state = Enrolment.State.CANCELLED
    enrolment.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=enrolment,
        person_id=enrolment.person_id,
        changes={"state": ["enrolled", "cancelled"]},
    )
    module = enrolment.cohort.module
    if was_enrolled and enrolment.completed_on is None:
        plan_step_set(actor=actor, person=enrolment.person, module=module, state="planned")
        waiting = enrolment.cohort.enrolments.filter(state=Enrolment.State.WAITLISTED).first()
        if waiting:
            waiting.state = Enrolment.State.ENROLLED
            waiting.save(update_fields=["state"])
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=waiting,
                person_id=waiting.person_id,
                changes={"state": ["waitlisted", "enrolled"]},
            )
            plan_step_set(actor=actor, person=waiting.person, module=module, state="in_progress")


@transaction.atomic
def enrolment_family_set(
    *, actor, enrolment: Enrolment, members: Iterable[HouseholdMember]
) -> None:
    """The household members attending with the returnee in a sakinah module; only the
    returnee's own household. They are on the roll calls from the next one saved."""
    members = list(members)
    if enrolment.cohort.module.code not in FAMILY_MODULES:
        raise ValidationError(_("Family members attend sakinah modules only."))
    if any(m.person_id != enrolment.person_id for m in members):
        raise ValidationError(_("Only members of the returnee's household can attend."))
    before = sorted(enrolment.family.values_list("pk", flat=True))
    after = sorted(m.pk for m in members)
    if before == after:
        return
    enrolment.family.set(members)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=enrolment,
        person_id=enrolment.person_id,
        changes={"family": [before, after]},
        summary=enrolment.cohort.name,
    )


def attendees(session: CohortSession) -> list[tuple[Enrolment, object]]:
    """Everyone on the roll: each enrolled returnee (member None), then their family."""
    roll = []
    for enrolment in (
        session.cohort.enrolments.filter(state=Enrolment.State.ENROLLED)
        .select_related("person")
        .prefetch_related("family")
        .order_by("person__full_name")
    ):
        roll.append((enrolment, None))
        roll.extend((enrolment, member) for member in enrolment.family.all())
    return roll


@transaction.atomic
def roll_call_save(*, actor, session: CohortSession, present: set[tuple[int, int | None]]) -> None:
    """Record who was there; everyone else on the roll was absent. `present` holds
    (enrolment id, household member id or None for the returnee)."""
    roll = attendees(session)
    Attendance.objects.filter(session=session).delete()
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            enrolment=enrolment,
            member=member,
            present=(enrolment.pk, member.pk if member else None) in present,
        )
        for enrolment, member in roll
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=session,
        person_id=None,
        changes={"present": [None, len(present)], "roll": [None, len(roll)]},
        summary=str(session),
    )
    completions_refresh(actor=actor, cohort=session.cohort)


@transaction.atomic
def cohort_scores_save(
    *, actor, cohort: Cohort, scores: Mapping[int, tuple[Decimal | None, Decimal | None]]
) -> None:
    """Pre- and post-test per enrolment id (0-100, None when not taken)."""
    for enrolment in cohort.enrolments.filter(pk__in=scores):
        pre, post = scores[enrolment.pk]
        for value in (pre, post):
            if value is not None and not 0 <= value <= 100:
                raise ValidationError(_("Test scores are from 0 to 100."))
        if (enrolment.pre_test, enrolment.post_test) != (pre, post):
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=enrolment,
                person_id=enrolment.person_id,
                changes={
                    "pre_test": [_num(enrolment.pre_test), _num(pre)],
                    "post_test": [_num(enrolment.post_test), _num(post)],
                },
            )
            enrolment.pre_test, enrolment.post_test = pre, post
            enrolment.save(update_fields=["pre_test", "post_test"])
    completions_refresh(actor=actor, cohort=cohort)


def _num(value) -> float | None:
    return None if value is None else float(value)


def completions_refresh(*, actor, cohort: Cohort) -> None:
    """Apply the module's completion rule to every enrolment of the cohort; a completion
    moves the module to completed on the family's plan (and back if a correction undoes it)."""
    module = cohort.module
    rule = CompletionRule(
        min_attendance=Fraction(module.min_attendance_percent, 100),
        post_test_required=module.post_test_required,
    )
    sessions = list(cohort.sessions.all())
    enrolments = (
        cohort.enrolments.filter(state=Enrolment.State.ENROLLED)
        .select_related("person")
        .annotate(
            attended=Count(
                "attendance", filter=Q(attendance__member__isnull=True, attendance__present=True)
            )
        )
    )
    for enrolment in enrolments:
        done = has_completed(
            sessions=len(sessions),
            attended=enrolment.attended,
            post_test=_num(enrolment.post_test),
            rule=rule,
        )
        if done and enrolment.completed_on is None:
            enrolment.completed_on = max(s.held_on for s in sessions)
            enrolment.save(update_fields=["completed_on"])
            plan_step_set(actor=actor, person=enrolment.person, module=module, state="completed")
        elif not done and enrolment.completed_on is not None:
            enrolment.completed_on = None
            enrolment.save(update_fields=["completed_on"])
            plan_step_set(actor=actor, person=enrolment.person, module=module, state="in_progress")
