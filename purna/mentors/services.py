"""Mentor directory and assignments: every write validated, saved and audited in one
transaction. An assignment is never overwritten: a change of mentor ends one row (with the
reason) and starts another, so the history of who accompanied a family stays whole."""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from purna.accounts.models import Role, User
from purna.areas.models import District
from purna.audit.models import AuditEvent
from purna.audit.services import audit_record, diff
from purna.core.instrument import BUSINESS_SECTORS
from purna.people.forms import EARLIEST
from purna.people.models import Person, Status
from purna.people.services import person_lock

from .models import PEER_CAPACITY, Assignment, Kind, Mentor, MentorPreference
from .selectors import practice_started_on

MAX_REASON = 300
MAX_CAPACITY = 200


class Conflict(ValidationError):
    """Valid input that the current state refuses (the API answers 409)."""


class StaleProposal(Conflict):
    """The proposal was made on facts that changed since (a family got a mentor, a
    mentor's capacity or load changed): it must be made again."""


class OverCapacity(Conflict):
    """More families for a mentor than they have room for."""


# --- Assignments ---------------------------------------------------------------------------


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Write the reason.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {field: _("The reason is too long (at most %(n)d characters).") % {"n": MAX_REASON}}
        )
    return reason


def _check_date(on: date, today: date) -> None:
    if on > today:
        raise ValidationError({"on": _("This date cannot be in the future.")})
    if on < EARLIEST:
        raise ValidationError({"on": _("This date is too far in the past.")})


def shown(value: date) -> str:
    """A date in a message, as the screens show dates."""
    return date_format(value, "j M Y")


def _open_load(mentor: Mentor) -> int:
    return Assignment.objects.counting().filter(mentor=mentor).count()


def _kind_label(kind: str) -> str:
    return str(Kind(kind).label)


@transaction.atomic
def assignment_start(
    *,
    actor,
    person: Person,
    mentor: Mentor,
    on: date,
    reason: str,
    proposed_cost: int | None = None,
    today: date | None = None,
) -> Assignment:
    """`mentor` starts accompanying `person` on `on`. Refused (ValidationError naming the
    problem) for a withdrawn or independent family, an inactive or full mentor, a family
    that already has an open assignment of that kind, and a date in the future, before the
    family's business practice started (mentoring starts with it) or before the family's
    previous assignment of that kind."""
    today = today or timezone.localdate()
    reason = _reason(reason)
    # Locked so two coordinators cannot both fill a mentor's last place or give one family
    # two mentors of a kind at once.
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    person = person_lock(person)
    if person.withdrawn_on is not None:
        raise ValidationError(
            _("%(name)s has withdrawn from the programme: no mentor can be assigned.")
            % {"name": person.full_name}
        )
    if person.graduated_on is not None:
        raise ValidationError(
            _("%(name)s is already independent: no mentor can be assigned.")
            % {"name": person.full_name}
        )
    if not mentor.is_active:
        raise Conflict({"mentor": _("%(name)s is not active.") % {"name": mentor.name}})
    if mentor.person_id == person.pk:
        raise ValidationError({"mentor": _("A peer mentor cannot accompany their own family.")})
    current = (
        Assignment.objects.filter(person=person, kind=mentor.kind, ended_on__isnull=True)
        .select_related("mentor")
        .first()
    )
    if current is not None:
        raise Conflict(
            _(
                "%(name)s already has a %(kind)s: %(mentor)s. Change that assignment "
                "instead of starting another."
            )
            % {
                "name": person.full_name,
                "kind": _kind_label(mentor.kind).lower(),
                "mentor": current.mentor.name,
            }
        )
    _check_date(on, today)
    started = practice_started_on(person)
    if started is not None and on < started:
        raise ValidationError(
            {
                "on": _(
                    "%(name)s's business practice started on %(date)s: a mentor cannot "
                    "accompany them from an earlier date."
                )
                % {"name": person.full_name, "date": shown(started)}
            }
        )
    previous = (
        Assignment.objects.filter(person=person, kind=mentor.kind)
        .order_by("-started_on", "-id")
        .first()
    )
    if previous is not None:
        limit = max(previous.started_on, previous.ended_on or previous.started_on)
        if on < limit:
            raise ValidationError(
                {
                    "on": _(
                        "%(name)s's previous mentor accompanied them until %(date)s: "
                        "the new assignment cannot start earlier."
                    )
                    % {"name": person.full_name, "date": shown(limit)}
                }
            )
    load = _open_load(mentor)
    if load >= mentor.capacity:
        raise OverCapacity(
            {
                "mentor": _("%(name)s has no room: %(load)d of %(capacity)d families already.")
                % {"name": mentor.name, "load": load, "capacity": mentor.capacity}
            },
        )
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                person=person,
                mentor=mentor,
                kind=mentor.kind,
                started_on=on,
                reason=reason,
                proposed_cost=proposed_cost,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:  # a concurrent start the lock did not see (SQLite)
        raise Conflict(
            _("%(name)s already has a %(kind)s.")
            % {"name": person.full_name, "kind": _kind_label(mentor.kind).lower()}
        ) from exc
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=assignment,
        person_id=person.pk,
        changes={
            "mentor": [None, mentor.name],
            "kind": [None, mentor.kind],
            "started_on": [None, on.isoformat()],
            "reason": [None, reason],
        },
        summary=mentor.kind,
    )
    return assignment


def _open_for_update(assignment: Assignment) -> Assignment:
    locked = Assignment.objects.select_for_update().select_related("mentor").get(pk=assignment.pk)
    if locked.ended_on is not None:
        raise Conflict(
            _("This assignment already ended on %(date)s.") % {"date": shown(locked.ended_on)}
        )
    return locked


def _end(actor, assignment: Assignment, on: date, reason: str, today: date) -> Assignment:
    _check_date(on, today)
    if on < assignment.started_on:
        raise ValidationError(
            {
                "on": _("The assignment started on %(date)s: it cannot end earlier.")
                % {"date": shown(assignment.started_on)}
            }
        )
    assignment.ended_on, assignment.end_reason = on, reason
    assignment.save(update_fields=["ended_on", "end_reason"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=assignment,
        person_id=assignment.person_id,
        changes={"ended_on": [None, on.isoformat()], "end_reason": ["", reason]},
        summary=assignment.kind,
    )
    return assignment


@transaction.atomic
def assignment_end(
    *, actor, assignment: Assignment, on: date, reason: str, today: date | None = None
) -> Assignment:
    """The mentor stops accompanying the family on `on`; the reason is kept."""
    today = today or timezone.localdate()
    reason = _reason(reason)
    return _end(actor, _open_for_update(assignment), on, reason, today)


@transaction.atomic
def assignment_change(
    *,
    actor,
    assignment: Assignment,
    new_mentor: Mentor,
    on: date,
    reason: str,
    today: date | None = None,
) -> Assignment:
    """Move the family to `new_mentor` on `on`: the open assignment ends with `reason`
    and a new one starts with it. Returns the new assignment."""
    today = today or timezone.localdate()
    reason = _reason(reason)
    old = _open_for_update(assignment)
    if new_mentor.pk == old.mentor_id:
        raise ValidationError(
            {"mentor": _("%(name)s is already the mentor.") % {"name": new_mentor.name}}
        )
    if new_mentor.kind != old.kind:
        raise ValidationError(
            {
                "mentor": _("%(name)s is not a %(kind)s.")
                % {"name": new_mentor.name, "kind": _kind_label(old.kind).lower()}
            }
        )
    _end(actor, old, on, reason, today)
    return assignment_start(
        actor=actor, person=old.person, mentor=new_mentor, on=on, reason=reason, today=today
    )


@transaction.atomic
def proposal_accept(
    *,
    actor,
    kind: str,
    pairs: Sequence[tuple[Person, Mentor, int | None]],
    on: date,
    reason: str,
    expected: dict[int, tuple[int, int]] | None = None,
    today: date | None = None,
) -> list[Assignment]:
    """Start every (family, mentor, proposed cost) pair, or none of them.

    StaleProposal when a family got a mentor of this kind meanwhile, a mentor is no longer
    active, or (with `expected`, {mentor id: (capacity, load)} as proposed) a mentor's
    capacity or load changed; OverCapacity when a mentor gets more families than room."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown kind of mentor.")})
    people = Counter(person.pk for person, _mentor, _cost in pairs)
    twice = [p for p, _m, _c in pairs if people[p.pk] > 1]
    if twice:
        raise ValidationError(
            _("%(name)s is listed more than once.") % {"name": twice[0].full_name}
        )
    wrong_kind = [m for _p, m, _c in pairs if m.kind != kind]
    if wrong_kind:
        raise ValidationError(
            {
                "mentor": _("%(name)s is not a %(kind)s.")
                % {"name": wrong_kind[0].name, "kind": _kind_label(kind).lower()}
            }
        )
    chosen = Counter(mentor.pk for _p, mentor, _c in pairs)
    mentors = {
        m.pk: m for m in Mentor.objects.select_for_update().filter(pk__in=chosen).order_by("pk")
    }
    for mentor_id, count in chosen.items():
        mentor = mentors[mentor_id]
        load = _open_load(mentor)
        if not mentor.is_active:
            raise StaleProposal(
                _("%(name)s is no longer active.") % {"name": mentor.name}, code="stale"
            )
        if expected is not None and tuple(expected.get(mentor_id, ())) != (mentor.capacity, load):
            raise StaleProposal(
                _("%(name)s's capacity or families changed since the proposal was made.")
                % {"name": mentor.name},
                code="stale",
            )
        if load + count > mentor.capacity:
            raise OverCapacity(
                _("%(name)s has room for %(free)d more families, %(count)d were chosen.")
                % {"name": mentor.name, "free": max(0, mentor.capacity - load), "count": count},
                code="capacity",
            )
    taken = (
        Assignment.objects.filter(
            person__in=[p.pk for p, _m, _c in pairs], kind=kind, ended_on__isnull=True
        )
        .select_related("person")
        .first()
    )
    if taken is not None:
        raise StaleProposal(
            _("%(name)s got a %(kind)s meanwhile.")
            % {"name": taken.person.full_name, "kind": _kind_label(kind).lower()},
            code="stale",
        )
    return [
        assignment_start(
            actor=actor,
            person=person,
            mentor=mentors[mentor.pk],
            on=on,
            reason=reason,
            proposed_cost=cost,
            today=today,
        )
        for person, mentor, cost in pairs
    ]


# --- The directory -------------------------------------------------------------------------

MENTOR_FIELDS = ("name", "institution", "sex", "capacity", "sectors", "user", "village")


def _mentor_state(mentor: Mentor, districts: Iterable[str]) -> dict:
    return {
        "kind": mentor.kind,
        "name": mentor.name,
        "institution": mentor.institution.name if mentor.institution_id else None,
        "sex": mentor.sex,
        "capacity": mentor.capacity,
        "sectors": ", ".join(mentor.sectors),
        "districts": ", ".join(sorted(districts)),
        "user": mentor.user.username if mentor.user_id else None,
        "village": mentor.village_id,
        "is_active": mentor.is_active,
    }


def _check_mentor(mentor: Mentor, districts: list[District], creating: bool) -> None:
    if mentor.kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown kind of mentor.")})
    if mentor.kind == Kind.STAFF:
        if mentor.person_id is not None:
            raise ValidationError(_("A staff mentor is not a returnee."))
        if mentor.institution_id is None:
            raise ValidationError(
                {"institution": _("A staff mentor belongs to a consultant institution.")}
            )
        if not districts:
            raise ValidationError(
                {"districts": _("Choose at least one district the mentor covers.")}
            )
    else:
        if mentor.person_id is None:
            raise ValidationError(_("A peer mentor is a returnee."))
        if creating and mentor.person.status != Status.PEER_MENTOR:
            raise ValidationError(
                _("%(name)s is not a confirmed peer mentor (their field test).")
                % {"name": mentor.person.full_name}
            )
    if not 1 <= (mentor.capacity or 0) <= MAX_CAPACITY:
        raise ValidationError(
            {"capacity": _("Between 1 and %(max)d families.") % {"max": MAX_CAPACITY}}
        )
    if not creating:
        load = _open_load(mentor)
        if mentor.capacity < load:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(name)s accompanies %(load)d families now: the capacity cannot "
                        "be below that."
                    )
                    % {"name": mentor.name, "load": load}
                }
            )
    unknown = [s for s in mentor.sectors if s not in BUSINESS_SECTORS]
    if unknown or len(set(mentor.sectors)) != len(mentor.sectors):
        raise ValidationError({"sectors": _("Unknown sector: %(s)s.") % {"s": ", ".join(unknown)}})
    if mentor.user_id is not None:
        role = Role.MENTOR if mentor.kind == Kind.STAFF else Role.PEER_MENTOR
        if mentor.user.role != role:
            raise ValidationError(
                {
                    "user": _("The login %(username)s does not have the role %(role)s.")
                    % {"username": mentor.user.username, "role": role.label}
                }
            )
        other = Mentor.objects.filter(user_id=mentor.user_id).exclude(pk=mentor.pk).first()
        if other is not None:
            raise ValidationError(
                {
                    "user": _("The login %(username)s already belongs to %(name)s.")
                    % {"username": mentor.user.username, "name": other.name}
                }
            )


@transaction.atomic
def mentor_save(
    *, actor, mentor: Mentor, districts: Iterable[District] | None = None, **fields
) -> Mentor:
    """Create or change a mentor of the directory (fields of MENTOR_FIELDS; `kind` and
    `person` only when creating). `districts` replaces the districts covered."""
    creating = mentor.pk is None
    allowed = set(MENTOR_FIELDS) | ({"kind", "person"} if creating else set())
    extra = set(fields) - allowed
    if extra:
        raise TypeError(f"mentor_save does not set {sorted(extra)}")
    before_districts = [] if creating else list(mentor.districts.values_list("code", flat=True))
    before = {} if creating else _mentor_state(mentor, before_districts)
    for name, value in fields.items():
        setattr(mentor, name, value)
    mentor.sectors = list(mentor.sectors or [])
    chosen = list(districts) if districts is not None else list(mentor.districts.all())
    _check_mentor(mentor, chosen, creating)
    mentor.full_clean(exclude=["user", "person", "districts"])
    mentor.save()
    if districts is not None:
        mentor.districts.set(chosen)
    after = _mentor_state(mentor, [d.code for d in chosen])
    changes = {k: [None, v] for k, v in after.items()} if creating else diff(before, after)
    if changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            instance=mentor,
            person_id=mentor.person_id,
            changes=changes,
            summary=mentor.kind,
        )
    return mentor


@transaction.atomic
def mentor_deactivate(*, actor, mentor: Mentor) -> Mentor:
    """The mentor leaves the directory's active list; their history stays. Refused while
    they still accompany families: those must be ended or moved first."""
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    load = _open_load(mentor)
    if load:
        raise ValidationError(
            _(
                "%(name)s still accompanies %(n)d families. End those assignments or move "
                "the families to another mentor first."
            )
            % {"name": mentor.name, "n": load}
        )
    return _set_active(actor, mentor, False)


@transaction.atomic
def mentor_reactivate(*, actor, mentor: Mentor) -> Mentor:
    return _set_active(actor, Mentor.objects.select_for_update().get(pk=mentor.pk), True)


def _set_active(actor, mentor: Mentor, active: bool) -> Mentor:
    if mentor.is_active != active:
        mentor.is_active = active
        mentor.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=mentor,
            person_id=mentor.person_id,
            changes={"is_active": [not active, active]},
            summary=mentor.kind,
        )
    return mentor


@transaction.atomic
def peer_mentor_create(
    *,
    actor,
    person: Person,
    capacity: int = PEER_CAPACITY,
    sectors: Sequence[str] = (),
    districts: Iterable[District] | None = None,
    user: User | None = None,
    new_username: str = "",
    new_password: str = "",
) -> Mentor:
    """A confirmed peer mentor (status peer_mentor) joins the directory: name, sex and
    village are the returnee's; the districts default to their own. A login of role
    peer_mentor can be linked (`user`) or created (`new_username`, `new_password`)."""
    if Mentor.objects.filter(person=person).exists():
        raise ValidationError(
            _("%(name)s is already in the mentor directory.") % {"name": person.full_name}
        )
    if new_username and user is not None:
        raise ValidationError(_("Link an existing login or create one, not both."))
    if new_username:
        user = _login_create(actor, person, new_username, new_password)
    return mentor_save(
        actor=actor,
        mentor=Mentor(),
        districts=districts if districts else [person.village.district],
        kind=Kind.PEER,
        person=person,
        name=person.full_name,
        sex=person.sex,
        village=person.village,
        capacity=capacity,
        sectors=list(sectors),
        user=user,
    )


def _login_create(actor, person: Person, username: str, password: str) -> User:
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"new_username": _("This username is taken.")})
    candidate = User(username=username, first_name=person.full_name[:150], role=Role.PEER_MENTOR)
    candidate.full_clean(exclude=["password"])
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from exc
    candidate.set_password(password)
    candidate.save()
    candidate.districts.set([person.village.district])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=candidate,
        person_id=person.pk,
        changes={"username": [None, username], "role": [None, Role.PEER_MENTOR.value]},
        summary="peer_mentor login",
    )
    return candidate


# --- What the family asked for -------------------------------------------------------------


@transaction.atomic
def preference_set(*, actor, person: Person, same_sex: bool, note: str = "") -> MentorPreference:
    note = (note or "").strip()
    if len(note) > MAX_REASON:
        raise ValidationError({"note": _("At most %(n)d characters.") % {"n": MAX_REASON}})
    preference = MentorPreference.objects.filter(person=person).first()
    creating = preference is None
    preference = preference or MentorPreference(person=person)
    before = {} if creating else {"same_sex": preference.same_sex, "note": preference.note}
    preference.same_sex, preference.note = same_sex, note
    preference.updated_by = actor if getattr(actor, "pk", None) else None
    preference.save()
    changes = diff(before, {"same_sex": same_sex, "note": note})
    if changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            instance=preference,
            person_id=person.pk,
            changes=changes,
        )
    return preference
