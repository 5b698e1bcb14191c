"""Writes of the mentoring: visits, plan versions, the family's agreement. Each validates,
writes and audits in one transaction."""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from purna.audit.models import AuditEvent
from purna.audit.services import audit_record, diff, snapshot
from purna.mentors.access import mentor_of
from purna.mentors.models import Assignment, Kind, Mentor
from purna.people.models import Person
from purna.people.services import person_lock
from purna.programme.field_tests import photo_clean

from .models import MentoringPlan, PlanAction, Visit
from .selectors import plan_changes, practice_started_on

# Visits and agreements are recent events: a date before this is a typing mistake.
EARLIEST = date(2000, 1, 1)
# A plan's actions are due within a few years, not in another century.
LATEST_ACTION_YEARS = 10
MAX_ACTIONS = 20
# The same visit saved again this soon is a second tap on "Save", not a second visit.
DUPLICATE_WINDOW = timedelta(minutes=5)
VISIT_FIELDS = (
    "kind",
    "visited_on",
    "topics",
    "problems",
    "agreed_actions",
    "next_visit_on",
    "mentor",
)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def shown(value: date) -> str:
    """A date in a message, as the screens show dates."""
    return date_format(value, "j M Y")


class DuplicateVisit(ValidationError):
    """The same visit (family, date, kind, topics) was saved moments ago: a double submit.
    `visit` is the one already saved."""

    def __init__(self, visit: Visit) -> None:
        super().__init__(_("This visit was already saved."), code="duplicate")
        self.visit = visit


def past_date_errors(name: str, value: date, today: date) -> dict[str, str]:
    if value > today:
        return {name: _("This date cannot be in the future.")}
    if value < EARLIEST:
        return {name: _("This date is too far in the past.")}
    return {}


def visit_mentor(*, actor, person: Person) -> Mentor | None:
    """Who made the visit: the mentor behind the login recording it, else the family's
    staff mentor (a coordinator typing in a paper visit report)."""
    own = mentor_of(actor)
    if own is not None:
        return own
    assignment = (
        Assignment.objects.filter(person=person, kind=Kind.STAFF, ended_on__isnull=True)
        .select_related("mentor")
        .first()
    )
    return assignment.mentor if assignment else None


def _visit_check(fields: Mapping, today: date, practice_started: date | None) -> None:
    errors: dict[str, str] = {}
    if fields["kind"] not in Visit.Kind.values:
        errors["kind"] = _("Choose the kind of visit.")
    errors.update(past_date_errors("visited_on", fields["visited_on"], today))
    if "visited_on" not in errors and practice_started and fields["visited_on"] < practice_started:
        errors["visited_on"] = _(
            "Business practice started on %(date)s: a mentoring visit cannot be earlier."
        ) % {"date": shown(practice_started)}
    if not fields["topics"].strip():
        errors["topics"] = _("Write what you talked about.")
    next_on = fields.get("next_visit_on")
    if next_on is not None and next_on <= fields["visited_on"]:
        errors["next_visit_on"] = _("The next visit must come after this visit (%(date)s).") % {
            "date": shown(fields["visited_on"])
        }
    if errors:
        raise ValidationError(errors)


def _photo_clean(photo: UploadedFile):
    """The photo checked and stripped of its metadata (GPS position and all)."""
    try:
        return photo_clean(photo)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from exc


def _saved_moments_ago(person: Person, fields: Mapping) -> Visit | None:
    return (
        Visit.objects.filter(
            person=person,
            visited_on=fields["visited_on"],
            kind=fields["kind"],
            topics=fields["topics"],
            recorded_at__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .order_by("-id")
        .first()
    )


@transaction.atomic
def visit_record(
    *,
    actor,
    person: Person,
    kind: str,
    visited_on: date,
    topics: str,
    problems: str = "",
    agreed_actions: str = "",
    next_visit_on: date | None = None,
    photo: UploadedFile | None = None,
    today: date | None = None,
) -> Visit:
    """A mentoring visit. Only for a family whose business practice has started (that
    starts the mentoring clock), dated from that day on; the visit resets the family's due
    date. The same visit (date, kind, topics) saved again within minutes is a double
    submit: DuplicateVisit, carrying the visit already saved."""
    started = practice_started_on(person)
    if started is None:
        raise ValidationError(
            _("Mentoring visits start with business practice: it has not started yet."),
            code="not_in_practice",
        )
    fields = {
        "kind": kind,
        "visited_on": visited_on,
        "topics": topics.strip(),
        "problems": problems.strip(),
        "agreed_actions": agreed_actions.strip(),
        "next_visit_on": next_visit_on,
    }
    _visit_check(fields, _today(today), started)
    stored_photo = _photo_clean(photo) if photo else None
    # One writer at a time per family, so a second tap waits for the first and sees it.
    person_lock(person)
    earlier = _saved_moments_ago(person, fields)
    if earlier is not None:
        raise DuplicateVisit(earlier)
    visit = Visit(
        person=person,
        mentor=visit_mentor(actor=actor, person=person),
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    if stored_photo:
        visit.photo = stored_photo
    visit.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=visit,
        person_id=person.pk,
        changes={
            "kind": [None, visit.kind],
            "visited_on": [None, visit.visited_on.isoformat()],
            "next_visit_on": [None, next_visit_on.isoformat() if next_visit_on else None],
            "mentor": [None, visit.mentor_id],
            "photo": [None, bool(photo)],
        },
        summary=visit.get_kind_display(),
    )
    return visit


def _drop_file_after_commit(field_file) -> None:
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def visit_update(
    *,
    actor,
    visit: Visit,
    kind: str,
    visited_on: date,
    topics: str,
    problems: str = "",
    agreed_actions: str = "",
    next_visit_on: date | None = None,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
    today: date | None = None,
) -> Visit:
    """Correct a visit. A new photo replaces the old one; `remove_photo` drops it."""
    fields = {
        "kind": kind,
        "visited_on": visited_on,
        "topics": topics.strip(),
        "problems": problems.strip(),
        "agreed_actions": agreed_actions.strip(),
        "next_visit_on": next_visit_on,
    }
    _visit_check(fields, _today(today), practice_started_on(visit.person))
    stored_photo = _photo_clean(photo) if photo else None
    before = snapshot(visit, VISIT_FIELDS)
    had_photo = bool(visit.photo)
    for name, value in fields.items():
        setattr(visit, name, value)
    if photo or remove_photo:
        _drop_file_after_commit(visit.photo)
        visit.photo = stored_photo or ""
    visit.save()
    changes = diff(before, snapshot(visit, VISIT_FIELDS))
    if had_photo != bool(visit.photo) or photo:
        changes["photo"] = [had_photo, bool(visit.photo)]
    if changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=visit,
            person_id=visit.person_id,
            changes=changes,
            summary=visit.get_kind_display(),
        )
    return visit


@transaction.atomic
def visit_delete(*, actor, visit: Visit) -> None:
    before = snapshot(visit, ("kind", "visited_on", "next_visit_on", "mentor"))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=visit,
        person_id=visit.person_id,
        changes={name: [value, None] for name, value in before.items()},
        summary=visit.get_kind_display(),
    )
    _drop_file_after_commit(visit.photo)
    visit.delete()


# Plans


def _actions_check(actions: Sequence[Mapping], today: date) -> list[dict]:
    if not actions:
        raise ValidationError({"actions": _("Write at least one action: what, who and by when.")})
    if len(actions) > MAX_ACTIONS:
        raise ValidationError({"actions": _("At most %(n)d actions.") % {"n": MAX_ACTIONS}})
    latest = date(today.year + LATEST_ACTION_YEARS, 12, 31)
    cleaned = []
    for number, action in enumerate(actions, start=1):
        description = (action.get("description") or "").strip()
        who, due_on = action.get("who"), action.get("due_on")
        problem = None
        if not description:
            problem = _("action %(n)d: write what is to be done.")
        elif len(description) > PlanAction._meta.get_field("description").max_length:
            problem = _("action %(n)d: at most 300 characters.")
        elif who not in PlanAction.Who.values:
            problem = _("action %(n)d: choose who does it.")
        elif not isinstance(due_on, date) or not EARLIEST <= due_on <= latest:
            problem = _("action %(n)d: give a date by when, from 2000 to %(year)d.")
        if problem:
            raise ValidationError({"actions": problem % {"n": number, "year": latest.year}})
        cleaned.append({"description": description, "who": who, "due_on": due_on})
    return cleaned


@transaction.atomic
def mentoring_plan_create(
    *,
    actor,
    person: Person,
    business_goal: str,
    family_goal: str,
    schooling_goal: str = "",
    actions: Sequence[Mapping],
    today: date | None = None,
) -> MentoringPlan:
    """The family's plan: the first version, or a new version of it. Versions are never
    edited; the family agrees to a version afterwards (mentoring_plan_agree)."""
    goals = {
        "business_goal": business_goal.strip(),
        "family_goal": family_goal.strip(),
        "schooling_goal": schooling_goal.strip(),
    }
    errors = {}
    if not goals["business_goal"]:
        errors["business_goal"] = _("Write the goal for the business.")
    if not goals["family_goal"]:
        errors["family_goal"] = _("Write the goal for the family.")
    if errors:
        raise ValidationError(errors)
    cleaned = _actions_check(actions, _today(today))
    # One writer at a time per family, so two versions never get the same number.
    person_lock(person)
    previous = person.mentoring_plans.prefetch_related("actions").order_by("-version").first()
    before_actions = list(previous.actions.all()) if previous else []
    changed = plan_changes(previous, before_actions, goals, cleaned)
    if previous is not None and not changed:
        raise ValidationError(
            _("Nothing changed since version %(version)d.") % {"version": previous.version},
            code="unchanged",
        )
    plan = MentoringPlan.objects.create(
        person=person,
        version=previous.version + 1 if previous else 1,
        created_by=actor if getattr(actor, "pk", None) else None,
        **goals,
    )
    PlanAction.objects.bulk_create(PlanAction(plan=plan, **action) for action in cleaned)
    changes = {"version": [previous.version if previous else None, plan.version]}
    for name, value in goals.items():
        old = getattr(previous, name) if previous else None
        if old != value:
            changes[name] = [old, value]
    changes["actions"] = [len(before_actions) if previous else None, len(cleaned)]
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=plan,
        person_id=person.pk,
        changes=changes,
        summary="; ".join(changed),
    )
    return plan


@transaction.atomic
def mentoring_plan_agree(
    *,
    actor,
    plan: MentoringPlan,
    agreed_on: date,
    agreement_note: str,
    today: date | None = None,
) -> MentoringPlan:
    """Record that the family agreed to this version (when, and how: signed, verbal, by
    WhatsApp). Only the newest version, only once, and not before it was written."""
    plan = MentoringPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.agreed_on is not None:
        raise ValidationError(
            _("The family already agreed to version %(version)d on %(date)s.")
            % {"version": plan.version, "date": shown(plan.agreed_on)},
            code="already_agreed",
        )
    newest = MentoringPlan.objects.filter(person_id=plan.person_id).order_by("-version").first()
    if newest.pk != plan.pk:
        raise ValidationError(
            _("Version %(newer)d replaced this one: the family agrees to the newest version.")
            % {"newer": newest.version},
            code="not_newest",
        )
    errors = past_date_errors("agreed_on", agreed_on, _today(today))
    written = timezone.localdate(plan.created_at)
    if not errors and agreed_on < written:
        errors["agreed_on"] = _(
            "Version %(version)d was written on %(date)s: the family cannot have agreed to "
            "it earlier."
        ) % {"version": plan.version, "date": shown(written)}
    note = agreement_note.strip()
    if not note:
        errors["agreement_note"] = _("Say how the family agreed (signed, verbal, WhatsApp).")
    if errors:
        raise ValidationError(errors)
    plan.agreed_on, plan.agreement_note = agreed_on, note
    plan.save(update_fields=["agreed_on", "agreement_note"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=plan,
        person_id=plan.person_id,
        changes={"agreed_on": [None, agreed_on.isoformat()], "agreement_note": ["", note]},
        summary=f"v{plan.version}",
    )
    return plan
