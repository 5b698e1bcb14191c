"""Recording decent-life and sustainability checks, confirming (or undoing) a family's
graduation, and changing the rules. Each write validates, saves and audits in one
transaction."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from purna.audit.models import AuditEvent
from purna.audit.services import audit_record, diff, snapshot
from purna.business.services import day_label
from purna.core.calendar import add_months
from purna.core.graduation import INDICATORS
from purna.core.pathways import MENTORING, PRACTICE
from purna.core.progress import State
from purna.mentors.models import Assignment
from purna.notifications.models import OutboxMessage
from purna.notifications.outbox import message_queue, phone_address
from purna.people.models import Consent, Person
from purna.people.services import consent_current, person_lock
from purna.programme.field_tests import field_test_due
from purna.programme.models import Module
from purna.programme.services import person_plan, person_status_refresh, plan_step_set

from .models import DecentLifeCheck, Graduation, GraduationRules, SustainabilityCheck
from .selectors import (
    INVITATION_PREFIX,
    MAX_PROFIT_WINDOW,
    Evaluation,
    evaluation_for,
    invitation_key,
    practice_started,
)

END_REASON = "graduated"
# Checks and graduations are recent events: a date before this is a typing mistake.
EARLIEST = date(2000, 1, 1)
# The check "at the start of practice" may be made a little before practice starts.
CHECK_BEFORE_PRACTICE_MONTHS = 1


class NotReady(ValidationError):
    """The criteria are not all met; `.evaluation` says which and why."""

    def __init__(self, evaluation: Evaluation):
        super().__init__(
            [
                _("%(criterion)s: %(why)s") % {"criterion": line.label, "why": line.detail}
                for line in evaluation.unmet
            ]
        )
        self.evaluation = evaluation


class AlreadyIndependent(ValidationError):
    pass


class NotInPractice(ValidationError):
    pass


class NotIndependent(ValidationError):
    pass


def _check_date(value: date, today: date, field: str) -> None:
    if value > today:
        raise ValidationError({field: _("This date cannot be in the future.")})
    if value < EARLIEST:
        raise ValidationError({field: _("This date is too far in the past.")})


def _check_save(
    *,
    actor,
    person: Person,
    model: type[DecentLifeCheck | SustainabilityCheck],
    checked_on: date,
    answers: dict,
    notes: str,
    audited: Sequence[str],
) -> DecentLifeCheck | SustainabilityCheck:
    """Save a check once, audited with the answers named in `audited`. The same answers on
    the same day again are refused (a second tap on Save); different ones are a
    correction and recorded."""
    # One writer per family at a time, so a double tap on "Save" finds the first check.
    person_lock(person)
    if model.objects.filter(person=person, checked_on=checked_on, **answers).exists():
        raise ValidationError(
            {
                "checked_on": _(
                    "The same check, with the same answers, is already recorded for %(date)s."
                )
                % {"date": day_label(checked_on)}
            }
        )
    check = model.objects.create(
        person=person,
        checked_on=checked_on,
        **answers,
        notes=notes.strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=check,
        person_id=person.pk,
        changes={
            "checked_on": [None, checked_on.isoformat()],
            **{name: [None, getattr(check, name)] for name in audited},
        },
        summary=checked_on.isoformat(),
    )
    return check


# --- decent-life checks --------------------------------------------------------------------


@transaction.atomic
def decent_life_check_record(
    *,
    actor,
    person: Person,
    checked_on: date,
    house_fit: bool,
    income_covers_needs: bool,
    can_pay_treatment: bool,
    children_in_school: bool | None,
    savings_for_investment: bool,
    routine_charity: bool,
    notes: str = "",
    today: date | None = None,
) -> DecentLifeCheck:
    """The six indicators as the family lives them now. children_in_school None: no
    child of school age in the household (counts as met). From a month before practice
    started; the same answers on the same day again are refused (a second tap on Save),
    different answers are a correction and recorded."""
    today = today or timezone.localdate()
    started = practice_started(person)
    if started is None:
        raise NotInPractice(_("Decent-life checks start when business practice starts."))
    _check_date(checked_on, today, "checked_on")
    if checked_on < add_months(started, -CHECK_BEFORE_PRACTICE_MONTHS):
        raise ValidationError(
            {
                "checked_on": _(
                    "Business practice started on %(date)s: a decent-life check is at most "
                    "a month before it."
                )
                % {"date": day_label(started)}
            }
        )
    answers = {
        "house_fit": bool(house_fit),
        "income_covers_needs": bool(income_covers_needs),
        "can_pay_treatment": bool(can_pay_treatment),
        "children_in_school": None if children_in_school is None else bool(children_in_school),
        "savings_for_investment": bool(savings_for_investment),
        "routine_charity": bool(routine_charity),
    }
    return _check_save(
        actor=actor,
        person=person,
        model=DecentLifeCheck,
        checked_on=checked_on,
        answers=answers,
        notes=notes,
        audited=INDICATORS,
    )


# --- sustainability checks -----------------------------------------------------------------


@transaction.atomic
def sustainability_check_record(
    *,
    actor,
    person: Person,
    checked_on: date,
    business_operating: bool,
    migrated_again: bool,
    migrated_who: str = "",
    notes: str = "",
    today: date | None = None,
) -> SustainabilityCheck:
    """The lighter check after graduation: still operating? anyone migrated again?"""
    today = today or timezone.localdate()
    if person.graduated_on is None:
        raise NotIndependent(_("Sustainability checks are for families that are independent."))
    _check_date(checked_on, today, "checked_on")
    if checked_on < person.graduated_on:
        raise ValidationError(
            {
                "checked_on": _("The family became independent on %(date)s: check after that.")
                % {"date": day_label(person.graduated_on)}
            }
        )
    answers = {
        "business_operating": bool(business_operating),
        "migrated_again": bool(migrated_again),
        "migrated_who": migrated_who.strip() if migrated_again else "",
    }
    return _check_save(
        actor=actor,
        person=person,
        model=SustainabilityCheck,
        checked_on=checked_on,
        answers=answers,
        notes=notes,
        # Not who migrated: a name is personal, and the trail is read by many.
        audited=("business_operating", "migrated_again"),
    )


# --- graduation ----------------------------------------------------------------------------


@transaction.atomic
def graduation_confirm(
    *, actor, person: Person, on: date, note: str = "", today: date | None = None
) -> Graduation:
    """A coordinator confirms that the family is independent (mandiri) since `on`. Only
    when every criterion in force is met on that date (NotReady otherwise: no override).
    The family's practice and mentoring modules are completed, its status becomes
    independent, its mentors' assignments end, and, if it agreed to be contacted, an
    invitation to the field test (to become a peer mentor) is queued."""
    today = today or timezone.localdate()
    # One confirmation at a time per family: a second request waits here, then finds it done.
    person = person_lock(person)
    if person.graduated_on is not None or Graduation.objects.filter(person=person).exists():
        raise AlreadyIndependent(_("This family is already independent."))
    if person.withdrawn_on is not None:
        raise NotInPractice(_("This returnee has withdrawn from the programme."))
    started = practice_started(person)
    if started is None:
        raise NotInPractice(_("Business practice has not started for this family."))
    _check_date(on, today, "on")
    if on < started:
        raise ValidationError(
            {
                "on": _("Business practice started on %(date)s: independence comes after it.")
                % {"date": day_label(started)}
            }
        )
    # Judged as on the date given: a graduation dated in the past rests on the profits,
    # the decent-life check and the self assessment known by then.
    evaluation = evaluation_for(person, today=on)
    if not evaluation.ready:
        raise NotReady(evaluation)

    graduation = Graduation.objects.create(
        person=person,
        graduated_on=on,
        criteria=evaluation.snapshot(),
        note=note.strip(),
        confirmed_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=graduation,
        person_id=person.pk,
        changes={
            "graduated_on": [None, on.isoformat()],
            "criteria": [None, {code: c["met"] for code, c in graduation.criteria.items()}],
        },
        summary=on.isoformat(),
    )
    person.graduated_on = on
    person.save(update_fields=["graduated_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=person,
        person_id=person.pk,
        changes={"graduated_on": [None, on.isoformat()]},
    )
    _complete_mentoring(actor, person)
    person_status_refresh(person)
    _end_assignments(actor, person, on)
    if _invite_to_field_test(person) is not None:
        _audit_invitation(actor, person, OutboxMessage.State.QUEUED)
    return graduation


def _complete_mentoring(actor, person: Person) -> None:
    """Graduation ends practice and mentoring: practice completed first, since mentoring
    cannot start before it; then mentoring started (if it was not) and completed."""
    states = {step.code: step.state for step in person_plan(person)}
    if states.get(PRACTICE) != State.COMPLETED:
        practice = Module.objects.get(code=PRACTICE)
        plan_step_set(actor=actor, person=person, module=practice, state=State.COMPLETED.value)
    mentoring_state = states.get(MENTORING)
    if mentoring_state is None or mentoring_state == State.COMPLETED:
        return
    mentoring = Module.objects.get(code=MENTORING)
    if mentoring_state != State.IN_PROGRESS:
        plan_step_set(actor=actor, person=person, module=mentoring, state=State.IN_PROGRESS.value)
    plan_step_set(actor=actor, person=person, module=mentoring, state=State.COMPLETED.value)


def _end_assignments(actor, person: Person, on: date) -> None:
    for assignment in Assignment.objects.select_for_update().filter(
        person=person, ended_on__isnull=True
    ):
        # An assignment cannot end before it started (a mentor assigned after `on`).
        assignment.ended_on = max(on, assignment.started_on)
        assignment.end_reason = END_REASON
        assignment.save(update_fields=["ended_on", "end_reason"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=assignment,
            person_id=person.pk,
            changes={
                "ended_on": [None, assignment.ended_on.isoformat()],
                "end_reason": ["", END_REASON],
            },
            summary=assignment.kind,
        )


def invitation_text() -> str:
    """In Indonesian whatever the coordinator's language (it goes to the family), plain
    ASCII so it fits one SMS (160 characters)."""
    return (
        "Selamat, keluarga Anda kini mandiri! Kami mengundang Anda ikut uji lapangan untuk "
        "menjadi mitra pendamping keluarga lain. Petugas akan menghubungi Anda. - Purna"
    )


def _invite_to_field_test(person: Person) -> OutboxMessage | None:
    """Queue the invitation if the field test is due (quadrant IV, not yet done), the
    family's current consent covers contact and it has a phone number; the message queued
    now, or None. At most once per family (one dedupe key is one message): a graduation
    revoked and confirmed again re-queues the cancelled message, one already sent is not
    sent again."""
    if not field_test_due(person):
        return None
    consent = consent_current(person)
    address = phone_address(person.phone)
    if consent is None or Consent.Scope.CONTACT not in consent.scopes or not address:
        return None
    return message_queue(
        channel=OutboxMessage.Channel.SMS,
        recipient=person,
        address=address,
        language="id",
        body=invitation_text(),
        dedupe_key=invitation_key(person),
        related_label=_("Invitation to the field test"),
    )


@transaction.atomic
def graduation_revoke(*, actor, person: Person, reason: str) -> None:
    """Undo a graduation confirmed by mistake: the family is back in mentoring. The plan
    and the ended mentor assignments stay as they are (a coordinator assigns again); a
    field-test invitation not yet sent is cancelled."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the graduation is undone.")})
    person = person_lock(person)
    graduation = Graduation.objects.filter(person=person).first()
    if graduation is None and person.graduated_on is None:
        raise NotIndependent(_("This family is not independent."))
    before = person.graduated_on
    if graduation is not None:
        graduation_id = graduation.pk
        graduation.delete()
        graduation.pk = graduation_id  # the trail names the record that was removed
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            instance=graduation,
            person_id=person.pk,
            changes={"graduated_on": [graduation.graduated_on.isoformat(), None]},
            summary=reason,
        )
    person.graduated_on = None
    person.save(update_fields=["graduated_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=person,
        person_id=person.pk,
        changes={"graduated_on": [before.isoformat() if before else None, None]},
        summary=reason,
    )
    cancelled = OutboxMessage.objects.filter(
        dedupe_key=invitation_key(person), state=OutboxMessage.State.QUEUED
    ).update(state=OutboxMessage.State.CANCELLED)
    if cancelled:
        _audit_invitation(actor, person, OutboxMessage.State.CANCELLED)
    person_status_refresh(person)


def _audit_invitation(actor, person: Person, state: str) -> None:
    # The state only: the number and the text are personal and the trail is read by many.
    message = OutboxMessage.objects.get(dedupe_key=invitation_key(person))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=message,
        person_id=person.pk,
        changes={"state": [None, state]},
        summary=INVITATION_PREFIX,
    )


# --- rules ---------------------------------------------------------------------------------

RULE_FIELDS = (
    "modules_completed",
    "profitable_months",
    "profit_window",
    "decent_life",
    "quadrant_iv",
)


@transaction.atomic
def graduation_rules_save(*, actor, **fields) -> GraduationRules:
    """Change the rules Purna proposes on (one row, created on first save)."""
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown rule: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    rules = GraduationRules.objects.select_for_update().order_by("pk").first()
    creating = rules is None
    rules = rules or GraduationRules()
    before = snapshot(rules, RULE_FIELDS)
    for name, value in fields.items():
        setattr(rules, name, value)
    window, months = rules.profit_window, rules.profitable_months
    if not 1 <= window <= MAX_PROFIT_WINDOW:
        message = _("Choose between 1 and %(max)d months.") % {"max": MAX_PROFIT_WINDOW}
        raise ValidationError({"profit_window": message})
    if not 0 <= months <= window:
        raise ValidationError(
            {
                "profitable_months": _(
                    "Choose between 0 (not required) and %(window)d, the months looked at."
                )
                % {"window": window}
            }
        )
    rules.updated_by = actor
    rules.save()
    changes = diff(before, snapshot(rules, RULE_FIELDS))
    if changes or creating:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            instance=rules,
            person_id=None,
            changes=changes,
        )
    return rules
