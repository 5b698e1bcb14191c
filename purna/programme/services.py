"""Pathway progress: the derived plan, recording module states, withdrawal. Each write
validates with core.progress, saves, refreshes the person's stage and status, and audits."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from purna.assessment.selectors import quadrant_histories
from purna.audit.models import AuditEvent
from purna.audit.services import audit_record, diff, snapshot
from purna.core.assessments import participant_status
from purna.core.progress import (
    NEEDS_REASON,
    STARTED,
    InvalidTransition,
    Recorded,
    State,
    Step,
    check_transition,
    plan_for,
    stage,
)
from purna.people.models import Person

from .models import Module, PlanEntry


def plans_for(person_ids: list[int]) -> dict[int, list[Step]]:
    """The derived plan of many people: their quadrant histories and recorded entries in
    three queries, whatever their number."""
    histories = quadrant_histories(person_ids)
    recorded: dict[int, dict[str, Recorded]] = {pk: {} for pk in person_ids}
    for person_id, code, state, reason, optional in PlanEntry.objects.filter(
        person_id__in=person_ids
    ).values_list("person_id", "module__code", "state", "reason", "optional"):
        recorded[person_id][code] = Recorded(State(state), reason, optional)
    return {pk: plan_for(histories[pk], recorded[pk]) for pk in person_ids}


def person_plan(person: Person) -> list[Step]:
    return plans_for([person.pk])[person.pk]


def person_status_refresh(person: Person) -> None:
    person.stage = stage(person_plan(person)) or ""
    person.status = participant_status(
        bool(person.quadrant),
        stage=person.stage,
        withdrawn=person.withdrawn_on is not None,
        graduated=person.graduated_on is not None,
    )
    person.save(update_fields=["stage", "status", "updated_at"])


@transaction.atomic
def plan_step_set(*, actor, person: Person, module: Module, state: str, reason: str = "") -> None:
    """Record a module's state. Planning a pathway module again removes the record, so a
    later re-assessment can still mark it not needed."""
    plan = person_plan(person)
    if module.code not in {step.code for step in plan}:
        raise ValidationError(_("This module is not on the returnee's plan."))
    try:
        check_transition(module.code, State(state), plan, reason)
    except InvalidTransition as exc:
        if exc.reason == "prerequisites":
            names = ", ".join(m.name for m in Module.objects.filter(code__in=exc.blocking))
            raise ValidationError(
                _("Finish these modules first: %(modules)s.") % {"modules": names}
            ) from exc
        raise ValidationError(_("Write the reason (why it was dropped or is not needed).")) from exc
    entry = PlanEntry.objects.filter(person=person, module=module).first()
    before = (
        {"state": entry.state, "reason": entry.reason} if entry else {"state": "", "reason": ""}
    )
    if state == State.PLANNED and entry and not entry.optional:
        entry_id = entry.pk
        entry.delete()
        entry.pk = entry_id  # the trail names the record that was removed
        after = {"state": State.PLANNED.value, "reason": ""}
    else:
        entry = entry or PlanEntry(person=person, module=module)
        # A reason belongs to dropped and not needed; other states clear it.
        kept = reason.strip() if State(state) in NEEDS_REASON else ""
        entry.state, entry.reason, entry.updated_by = state, kept, actor
        if State(state) in STARTED and entry.started_on is None:
            entry.started_on = timezone.localdate()
        entry.save()
        after = {"state": entry.state, "reason": entry.reason}
    changes = diff(before, after)
    if changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=entry,
            person_id=person.pk,
            changes=changes,
            summary=module.code,
        )
    person_status_refresh(person)


@transaction.atomic
def optional_module_attach(*, actor, person: Person, module: Module) -> PlanEntry:
    if module.in_pathway:
        raise ValidationError(_("Pathway modules come from the quadrant, not by hand."))
    entry, created = PlanEntry.objects.get_or_create(
        person=person,
        module=module,
        defaults={"state": State.PLANNED, "optional": True, "updated_by": actor},
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=entry,
            person_id=person.pk,
            changes={"module": [None, module.code]},
            summary=module.code,
        )
    return entry


WITHDRAWAL_FIELDS = ("withdrawn_on", "withdrawal_reason", "withdrawal_note")


@transaction.atomic
def person_withdraw(*, actor, person: Person, reason: str, on: date, note: str = "") -> None:
    before = snapshot(person, WITHDRAWAL_FIELDS)
    person.withdrawn_on, person.withdrawal_reason, person.withdrawal_note = on, reason, note
    person.save(update_fields=[*WITHDRAWAL_FIELDS, "updated_at"])
    _audit_withdrawal(actor, person, before)


@transaction.atomic
def person_reinstate(*, actor, person: Person) -> None:
    before = snapshot(person, WITHDRAWAL_FIELDS)
    person.withdrawn_on, person.withdrawal_reason, person.withdrawal_note = None, "", ""
    person.save(update_fields=[*WITHDRAWAL_FIELDS, "updated_at"])
    _audit_withdrawal(actor, person, before)


def _audit_withdrawal(actor, person: Person, before: dict) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=person,
        person_id=person.pk,
        changes=diff(before, snapshot(person, WITHDRAWAL_FIELDS)),
    )
    person_status_refresh(person)


MODULE_FIELDS = (
    "code",
    "name_id",
    "name_en",
    "description",
    "planned_sessions",
    "planned_hours",
    "is_active",
    "min_attendance_percent",
    "post_test_required",
)


@transaction.atomic
def module_save(*, actor, module: Module, **fields) -> Module:
    """Create or change a catalogue module, audited. Pathway modules keep their code."""
    creating = module.pk is None
    if module.in_pathway and fields.get("code", module.code) != module.code:
        raise ValidationError(_("Pathway modules keep their code."))
    before = {} if creating else snapshot(module, MODULE_FIELDS)
    for name, value in fields.items():
        setattr(module, name, value)
    module.full_clean()
    module.save()
    after = snapshot(module, MODULE_FIELDS)
    changes = {k: [None, v] for k, v in after.items()} if creating else diff(before, after)
    if changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            instance=module,
            person_id=None,
            changes=changes,
            summary=module.code,
        )
    return module
