"""Helpdesk writes: submitting and entering tickets, moving them through their states,
conversation, assignment, reopening, rating, and escalating overdue tickets.

Each service validates (ValidationError naming the field), writes and audits in one
transaction. The audit trail and the outbox never receive a ticket's description, its
messages, or the submitter's name, phone, email or NIK: states, kinds, dates and ids only,
and the tracking code. Nothing here logs.

Deadlines count working days (core.workdays) over the Holiday table, which administrators
keep: see docs/operations.md, "Helpdesk deadlines and holidays".

Pass `today`/`now` to freeze the clock (tests, demo data); when only `today` is given, `now`
is the current time of day on that date, so timestamps and dates always agree.
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from purna.accounts.access import require_role
from purna.accounts.models import Institution, Role, User
from purna.areas.models import Village
from purna.audit.models import AuditEvent
from purna.audit.services import audit_record
from purna.core import tickets as rules
from purna.core.nik import InvalidNik, parse_nik
from purna.mentors.models import Assignment
from purna.mentors.models import Kind as MentorKind
from purna.notifications.models import OutboxMessage
from purna.notifications.outbox import message_queue, phone_address
from purna.people.access import people_for
from purna.people.models import Person
from purna.people.services import NIK_REASONS

from .access import ASSIGNABLE, MANAGE_TICKETS, covers
from .models import (
    Attachment,
    Channel,
    HelpTopic,
    Holiday,
    Kind,
    Message,
    Route,
    State,
    StatusLookup,
    Ticket,
)

MAX_DESCRIPTION = 5000
MAX_MESSAGE = 5000
MAX_NAME = 150
MAX_COMMENT = 500
# Abuse limits of the public form. One message for both, naming neither. The address limit
# is loose: many mobile users share one carrier address (CGNAT); the contact limit is tight.
MAX_PER_SOURCE_PER_HOUR = 30
MAX_PER_PHONE_PER_DAY = 3
# Failed openings of the status page per address and hour (a wrong phone suffix counts).
MAX_FAILED_LOOKUPS_PER_HOUR = 10
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 3
# Sniffed from the first bytes, never from the name or the browser's claim.
ATTACHMENT_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
STAFF_CHANNELS = frozenset(Channel.values) - {Channel.WEB}
# 14 working days never span more than this, whatever a year's holidays.
HOLIDAY_HORIZON = timedelta(days=120)

_rng = secrets.SystemRandom()


class RateLimited(ValidationError):
    """Too many tickets from one address or for one phone. The message says only that."""


class LookupLimited(RateLimited):
    """Too many failed openings of the status page from one address."""


# The clock, holidays and small helpers


def _clock(today: date | None, now: datetime | None) -> tuple[date, datetime]:
    if now is None:
        now = timezone.now()
        if today is not None and today != timezone.localdate(now):
            now = timezone.make_aware(datetime.combine(today, timezone.localtime(now).time()))
    return (today or timezone.localdate(now)), now


def holidays_for(start: date, end: date) -> set[date]:
    """The days in the Holiday table between start and end (inclusive)."""
    return set(Holiday.objects.filter(date__range=(start, end)).values_list("date", flat=True))


def _holidays_from(day: date) -> set[date]:
    return holidays_for(day, day + HOLIDAY_HORIZON)


def source_hash(source: str) -> str:
    """A keyed hash of a client address (HMAC with SECRET_KEY): the address is never
    stored, only something to count requests by. "" for no address."""
    if not source:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"helpdesk-source:{source}".encode(), hashlib.sha256).hexdigest()


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person_id(ticket: Ticket) -> int | None:
    # The person's trail is read by everyone who may see the person: a sensitive ticket
    # must not show up there, not even as an event without content.
    return None if ticket.sensitive else ticket.person_id


def _audit(*, actor, action: str, ticket: Ticket, changes: dict, instance=None) -> None:
    audit_record(
        actor=actor,
        action=action,
        instance=instance or ticket,
        person_id=_person_id(ticket),
        changes=changes,
        summary=ticket.code,
    )


def _lock(ticket: Ticket) -> Ticket:
    # Always the row's current state, never what the caller loaded earlier.
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _new_code() -> str:
    while True:
        code = rules.new_code(_rng)
        if not Ticket.objects.filter(code=code).exists():
            return code


# Messages to the submitter and to coordinators (the outbox)


def _queue_message(
    *,
    address: str,
    channel: str,
    body: str,
    dedupe_key: str,
    label: str,
    subject: str = "",
    language: str = "",
) -> None:
    """The helpdesk's one door to the outbox (notifications.outbox.message_queue: in this
    transaction, delivered after it commits). The same dedupe key is one message."""
    message_queue(
        channel=channel,
        address=address,
        body=body,
        subject=subject[:200],
        language=language or settings.LANGUAGE_CODE,
        dedupe_key=dedupe_key,
        # No returnee: only staff without an area limit see these in the outbox screen
        # (a tracking code is half of what opens the status page).
        recipient=None,
        related_label=label,
    )


def _to_submitter(ticket: Ticket, dedupe_key: str, text: str) -> None:
    """`text` is a gettext msgid with %(code)s, rendered in the default language (the
    submitter's messages are in Indonesian, whatever the language of a staff screen)."""
    if ticket.submitter_phone:
        address, channel = ticket.submitter_phone, OutboxMessage.Channel.SMS
    elif ticket.submitter_email:
        address, channel = ticket.submitter_email, OutboxMessage.Channel.EMAIL
    else:
        return
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        body = _(text) % {"code": ticket.code}
        subject = _("Your request %(code)s") % {"code": ticket.code}
    _queue_message(
        address=address,
        channel=channel,
        subject=subject if channel == OutboxMessage.Channel.EMAIL else "",
        body=body,
        dedupe_key=dedupe_key,
        label=ticket.code,
        language=language,
    )


# Texts to the submitter (SMS or email): the code and the news only, never what was
# written, not even the kind of request (a phone is sometimes read by others).
CODE_TEXT = gettext_noop(
    "Purna: we have received your message. Your tracking code is %(code)s. Keep it: with "
    "this code you can follow your request on Purna's help page."
)
REPLY_TEXT = gettext_noop(
    "Purna: there is a reply to your request %(code)s. Open Purna's help page with your "
    "tracking code to read it."
)
RESOLVED_TEXT = gettext_noop(
    "Purna: your request %(code)s is resolved. Open Purna's help page with your tracking "
    "code to read the answer; you can reopen it within 30 days."
)


def _coordinators_for(ticket: Ticket) -> list[User]:
    """Who hears about an overdue ticket: the coordinators whose area holds its village
    (for a ticket without one, those of its queue's institution); admins when no
    coordinator fits. Only those with an email address can be told."""
    coordinators = list(
        User.objects.filter(role=Role.COORDINATOR, is_active=True)
        .exclude(email="")
        .prefetch_related("regencies", "districts")
    )
    if ticket.village_id:
        district = ticket.village.district
        found = [
            u
            for u in coordinators
            if (not u.regencies.all() and not u.districts.all())
            or any(r.code == district.regency_id for r in u.regencies.all())
            or any(d.code == district.code for d in u.districts.all())
        ]
    else:
        found = [u for u in coordinators if ticket.institution_id == u.institution_id]
    if not found:
        found = list(User.objects.filter(role=Role.ADMIN, is_active=True).exclude(email=""))
    return found


# Validation


def _text(value, *, field: str, limit: int, errors: dict, required: bool = True) -> str:
    if value is not None and not isinstance(value, str):
        errors[field] = _("This is not text.")
        return ""
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("This field is required.")
    elif len(text) > limit:
        errors[field] = _("At most %(limit)d characters (this has %(length)d).") % {
            "limit": limit,
            "length": len(text),
        }
    return text


_PHONE_CHARS = set("0123456789+-(). ")


def _phone(value: str, errors: dict) -> str:
    """The number in international form (+62...), as the outbox can send to it."""
    text = (value or "").strip()
    if not text:
        return ""
    digits = sum(ch in "0123456789" for ch in text)
    address = phone_address(text) if not set(text) - _PHONE_CHARS and digits >= 8 else ""
    if not address:
        errors["phone"] = _("This is not a phone number (for example 0812 3456 7890).")
    return address


def _email(value: str, errors: dict) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        errors["email"] = _("This is not an email address.")
        return ""
    if len(text) > 254:
        errors["email"] = _("This email address is too long.")
        return ""
    return text


def _nik(value: str, errors: dict) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    try:
        parse_nik(text)
    except InvalidNik as error:
        # Only the shape (which rule it breaks): whether anyone has this NIK is never said.
        errors["nik"] = _(
            "This NIK is not valid: %(reason)s. Check it on your identity card (KTP), or "
            "leave it empty."
        ) % {"reason": NIK_REASONS[error.reason]}
        return ""
    return text


def _validated(*, kind, description, name, phone, email, nik, topic, village, errors: dict) -> dict:
    """The ticket's fields from a submission; every problem found goes in `errors` (all of
    them at once, so that one attempt shows everything to correct)."""
    if kind not in Kind.values:
        errors["kind"] = _("Choose what kind of request this is.")
    if topic and topic not in HelpTopic.values:
        errors["topic"] = _("Choose a topic from the list.")
    if village is not None and not isinstance(village, Village):
        errors["village"] = _("Choose a village from the list.")
    return {
        "kind": kind,
        "description": _text(
            description, field="description", limit=MAX_DESCRIPTION, errors=errors
        ),
        "submitter_name": _text(name, field="name", limit=MAX_NAME, errors=errors),
        "submitter_phone": _phone(phone, errors),
        "submitter_email": _email(email, errors),
        "submitter_nik": _nik(nik, errors),
        # The topic belongs to requests for help only.
        "topic": topic if kind == Kind.HELP and topic in HelpTopic.values else "",
        "village": village,
    }


def _contact_given(phone, email, errors: dict) -> None:
    """The public form needs a way to answer (staff may enter a walk-in without one)."""
    if not any(isinstance(value, str) and value.strip() for value in (phone, email)):
        errors["phone"] = _("Give a phone number or an email address, so that we can answer.")


def attachment_check(upload: UploadedFile) -> str:
    """The file's type (image/jpeg, image/png or application/pdf) judged by its first
    bytes, or ValidationError; at most 5 MB."""
    name = PurePath(upload.name or "").name
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s is larger than 5 MB.") % {"name": name}, code="attachment_size"
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, content_type in ATTACHMENT_SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise ValidationError(
        _("%(name)s is not a photo (JPEG or PNG) or a PDF document.") % {"name": name},
        code="attachment_type",
    )


def _attachments_checked(attachments: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    attachments = list(attachments or ())
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("At most %(n)d files per message.") % {"n": MAX_ATTACHMENTS}}
        )
    checked = []
    for upload in attachments:
        try:
            checked.append((upload, attachment_check(upload)))
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from error
    return checked


# Opening tickets


def _route(kind: str, village: Village | None) -> Route | None:
    routes = {r.pk: r for r in Route.objects.filter(kind=kind).select_related("institution")}
    key = rules.route_for(
        kind,
        village.code if village else None,
        [(r.kind, r.area, r.pk, r.to_mentor) for r in routes.values()],
    )
    return routes.get(key)


def _mentor_user(*, person: Person | None = None, nik: str = "") -> User | None:
    """The login of the family's staff mentor (open assignment, family not withdrawn).
    Looked up silently: whether the NIK belongs to anyone changes nothing the submitter
    sees."""
    if person is None and not nik:
        return None
    assignments = Assignment.objects.counting().filter(
        kind=MentorKind.STAFF, mentor__is_active=True, mentor__user__is_active=True
    )
    assignments = (
        assignments.filter(person=person) if person else assignments.filter(person__nik=nik)
    )
    assignment = assignments.select_related("mentor__user").first()
    return assignment.mentor.user if assignment else None


def _ticket_open(
    *,
    actor,
    channel: str,
    fields: dict,
    person: Person | None,
    sensitive: bool | None,
    source: str,
    today: date,
    now: datetime,
) -> Ticket:
    kind = fields["kind"]
    acknowledge_by, resolve_by = rules.deadlines(kind, today, _holidays_from(today))
    route = _route(kind, fields["village"])
    assignee = None
    if route and route.to_mentor:
        assignee = _mentor_user(person=person, nik=fields["submitter_nik"])
    ticket = Ticket.objects.create(
        code=_new_code(),
        channel=channel,
        sensitive=kind in rules.SENSITIVE_BY_DEFAULT if sensitive is None else bool(sensitive),
        person=person,
        institution=route.institution if route else None,
        assignee=assignee,
        acknowledge_by=acknowledge_by,
        resolve_by=resolve_by,
        created_by=actor if getattr(actor, "pk", None) else None,
        source_hash=source,
        created_at=now,
        **fields,
    )
    _audit(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        ticket=ticket,
        changes={
            "kind": [None, ticket.kind],
            "channel": [None, ticket.channel],
            "sensitive": [None, ticket.sensitive],
            "state": [None, ticket.state],
            "institution": [None, ticket.institution_id],
            "assignee": [None, ticket.assignee_id],
            "acknowledge_by": [None, _iso(acknowledge_by)],
            "resolve_by": [None, _iso(resolve_by)],
        },
    )
    _to_submitter(ticket, f"ticket-code:{ticket.pk}", CODE_TEXT)
    return ticket


def _rate_limit(*, source: str, phone: str, email: str, now: datetime) -> None:
    web = Ticket.objects.filter(channel=Channel.WEB)
    last_hour = web.filter(created_at__gt=now - timedelta(hours=1), created_at__lte=now)
    last_day = web.filter(created_at__gt=now - timedelta(days=1), created_at__lte=now)
    if phone:
        same_contact = last_day.filter(submitter_phone=phone)
    else:
        same_contact = last_day.filter(submitter_phone="", submitter_email__iexact=email)
    if (
        source and last_hour.filter(source_hash=source).count() >= MAX_PER_SOURCE_PER_HOUR
    ) or same_contact.count() >= MAX_PER_PHONE_PER_DAY:
        raise RateLimited(
            _("We cannot take more requests from here right now. Please try again later."),
            code="rate_limited",
        )


def ticket_submit(
    *,
    kind: str,
    description: str,
    name: str,
    phone: str = "",
    email: str = "",
    nik: str = "",
    topic: str = "",
    village: Village | None = None,
    attachments: Sequence[UploadedFile] = (),
    source: str = "",
    today: date | None = None,
    now: datetime | None = None,
) -> Ticket:
    """A ticket from the public form (no login). `source` is the client address, kept
    only as a keyed hash for the rate limits (30 an hour per address, 3 a day per phone, or
    per email without a phone). The NIK is stored for staff and used only to route to the
    family's mentor; nothing returned depends on whether it is registered. The tracking
    code goes to the submitter through the outbox. `ticket_submit_check` finds the same
    problems without writing (the public form shows them together with its own).

    The description is a field of the ticket, not a message; files sent with it go on a
    first message from the submitter without text, so that they sit in the conversation
    where the submitter, staff and the API find every other file. One bad file refuses
    the whole request, naming the file."""
    today, now = _clock(today, now)
    fields, errors = _submission(
        kind=kind,
        description=description,
        name=name,
        phone=phone,
        email=email,
        nik=nik,
        topic=topic,
        village=village,
    )
    if errors:
        raise ValidationError(errors)
    checked = _attachments_checked(attachments)
    hashed = source_hash(source)
    with transaction.atomic():
        _rate_limit(
            source=hashed,
            phone=fields["submitter_phone"],
            email=fields["submitter_email"],
            now=now,
        )
        ticket = _ticket_open(
            actor=None,
            channel=Channel.WEB,
            fields=fields,
            person=None,
            sensitive=None,
            source=hashed,
            today=today,
            now=now,
        )
        if checked:
            # Dated with the ticket, so that the files sit right after the description.
            _message(
                actor=None,
                ticket=ticket,
                kind=Message.Kind.SUBMITTER,
                body="",
                attachments=checked,
                now=now,
            )
    return ticket


def ticket_submit_check(
    *, kind, description, name, phone="", email="", nik="", topic="", village=None
) -> dict[str, str]:
    """What ticket_submit would refuse in these values, by field; writes nothing."""
    return _submission(
        kind=kind,
        description=description,
        name=name,
        phone=phone,
        email=email,
        nik=nik,
        topic=topic,
        village=village,
    )[1]


def _submission(*, phone: str, email: str, **values) -> tuple[dict, dict]:
    """A public submission's fields and its problems by field: the staff checks, and a
    way to answer (staff may enter a request without one; the public may not)."""
    errors: dict = {}
    fields = _validated(phone=phone, email=email, errors=errors, **values)
    _contact_given(phone, email, errors)
    return fields, errors


# The public status page

# Compared against when the code is unknown, so both failures do the same work.
_NO_PHONE = "+620000000000"


def status_lookup(
    *, code: str, secret: str, source: str, now: datetime | None = None
) -> Ticket | None:
    """The ticket whose code is `code` and whose phone ends in `secret` (the last four
    digits; for a ticket given with an email address only, the email address), or None.

    An unknown code and a wrong secret are the same None, cost the same queries, and both
    count as a failed lookup (a row written even though this only reads a ticket); after
    MAX_FAILED_LOOKUPS_PER_HOUR failures from one address in an hour, LookupLimited
    (whether or not the next try would be right)."""
    now = now or timezone.now()
    hashed = source_hash(source)
    recent = StatusLookup.objects.filter(source_hash=hashed, at__gt=now - timedelta(hours=1))
    if recent.count() >= MAX_FAILED_LOOKUPS_PER_HOUR:
        raise LookupLimited(
            _("Too many attempts. For your safety, please try again in an hour."),
            code="rate_limited",
        )
    ticket = Ticket.objects.filter(code=code).first()
    if ticket is not None and not ticket.submitter_phone:
        matches = _email_matches(ticket.submitter_email, secret)
    else:
        phone = ticket.submitter_phone if ticket is not None else _NO_PHONE
        matches = rules.phone_suffix_matches(phone, secret)
    if ticket is None or not matches:
        StatusLookup.objects.create(source_hash=hashed)
        return None
    return ticket


def _email_matches(email: str, given: str) -> bool:
    given = (given or "").strip().lower()
    return bool(email) and hmac.compare_digest(email.strip().lower().encode(), given.encode())


def ticket_create(
    *,
    actor,
    channel: str,
    kind: str,
    description: str,
    name: str,
    phone: str = "",
    email: str = "",
    nik: str = "",
    topic: str = "",
    village: Village | None = None,
    person: Person | None = None,
    sensitive: bool | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Staff enter a ticket on someone's behalf (phone call, walk-in, via a mentor, a pasted
    SMS or WhatsApp message, the API). A contact is optional (a walk-in may have none); a
    linked returnee gives the village when none is chosen and routes to their mentor.
    `sensitive` None means the kind's default."""
    today, now = _clock(today, now)
    errors: dict = {}
    if channel not in STAFF_CHANNELS:
        errors["channel"] = _("Choose how the request reached you.")
    if person is not None and not isinstance(person, Person):
        errors["person"] = _("Choose a returnee from the list.")
    elif person is not None and village is None:
        village = person.village
    fields = _validated(
        kind=kind,
        description=description,
        name=name,
        phone=phone,
        email=email,
        nik=nik,
        topic=topic,
        village=village,
        errors=errors,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return _ticket_open(
            actor=actor,
            channel=channel,
            fields=fields,
            person=person,
            sensitive=sensitive,
            source="",
            today=today,
            now=now,
        )


# States


def _resolved_on(ticket: Ticket) -> date | None:
    at = ticket.resolved_at or ticket.closed_at
    return timezone.localdate(at) if at else None


def _reopen(ticket: Ticket, today: date, changes: dict) -> None:
    if not rules.may_reopen(ticket.state, _resolved_on(ticket), today):
        raise ValidationError(
            {
                "state": _(
                    "This request can no longer be reopened: that is possible for "
                    "%(days)d days after it was resolved."
                )
                % {"days": rules.REOPEN_WITHIN_DAYS}
            }
        )
    resolve_by = rules.resolve_by_after_reopening(ticket.kind, today, _holidays_from(today))
    changes["resolve_by"] = [_iso(ticket.resolve_by), _iso(resolve_by)]
    changes["reopened"] = [ticket.reopened, ticket.reopened + 1]
    ticket.resolve_by = resolve_by
    ticket.reopened += 1
    ticket.resolved_at = ticket.closed_at = None


def _enter(ticket: Ticket, state: str, now: datetime, changes: dict) -> None:
    """Set the state and the timestamps that go with it."""
    changes["state"] = [ticket.state, state]
    ticket.state = state
    if state != State.NEW and ticket.acknowledged_at is None:
        ticket.acknowledged_at = now
        changes["acknowledged_at"] = [None, _iso(now)]
    if state == State.RESOLVED:
        ticket.resolved_at = now
        changes["resolved_at"] = [None, _iso(now)]
    if state == State.CLOSED:
        ticket.closed_at = now
        changes["closed_at"] = [None, _iso(now)]


def ticket_transition(
    *,
    actor,
    ticket: Ticket,
    state: str,
    today: date | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Move a ticket to `state` (core.tickets.TRANSITIONS). Leaving "new" acknowledges it;
    resolving tells the submitter; going back from resolved or closed to in progress is a
    reopening (within 30 days, with a fresh resolution deadline). Returns the ticket as
    saved (reload other copies)."""
    today, now = _clock(today, now)
    with transaction.atomic():
        ticket = _lock(ticket)
        try:
            rules.check_transition(ticket.state, state)
        except rules.InvalidTransition:
            raise ValidationError(
                {
                    "state": _("A request that is “%(old)s” cannot become “%(new)s”.")
                    % {
                        "old": State(ticket.state).label,
                        "new": State(state).label if state in State.values else state,
                    }
                }
            ) from None
        changes: dict = {}
        if rules.is_reopening(ticket.state, state):
            _reopen(ticket, today, changes)
        _enter(ticket, state, now, changes)
        ticket.save()
        _audit(actor=actor, action=AuditEvent.Action.UPDATE, ticket=ticket, changes=changes)
        if state == State.RESOLVED:
            _to_submitter(ticket, f"ticket-resolved:{ticket.pk}:{ticket.reopened}", RESOLVED_TEXT)
    return ticket


def ticket_reopen(
    *,
    ticket: Ticket,
    actor=None,
    reason: str,
    today: date | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Reopen a resolved or closed ticket within 30 days of its resolution: by the
    submitter from the status page (actor None; the reason becomes their message) or by
    staff (the reason becomes an internal note). It gets the full time to resolve again."""
    errors: dict = {}
    reason = _text(reason, field="reason", limit=MAX_MESSAGE, errors=errors)
    if errors:
        raise ValidationError(errors)
    today, now = _clock(today, now)
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.state not in rules.DONE:
            raise ValidationError({"state": _("This request is still open.")})
        changes: dict = {}
        _reopen(ticket, today, changes)
        _enter(ticket, State.IN_PROGRESS, now, changes)
        ticket.save()
        Message.objects.create(
            ticket=ticket,
            kind=Message.Kind.SUBMITTER if actor is None else Message.Kind.NOTE,
            body=reason,
            author=actor if getattr(actor, "pk", None) else None,
            created_at=now,
        )
        _audit(actor=actor, action=AuditEvent.Action.UPDATE, ticket=ticket, changes=changes)
    return ticket


def ticket_rate(*, ticket: Ticket, satisfaction: int, comment: str = "") -> Ticket:
    """The submitter's rating (1-5) once the ticket is resolved; once only."""
    errors: dict = {}
    if isinstance(satisfaction, bool) or satisfaction not in range(1, 6):
        errors["satisfaction"] = _("Choose from 1 (not helped at all) to 5 (very well helped).")
    comment = _text(comment, field="comment", limit=MAX_COMMENT, errors=errors, required=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.state not in rules.DONE or ticket.resolved_at is None:
            raise ValidationError(
                {"satisfaction": _("You can rate the help once the request is resolved.")}
            )
        if ticket.satisfaction is not None:
            raise ValidationError({"satisfaction": _("This request has already been rated.")})
        ticket.satisfaction = int(satisfaction)
        ticket.satisfaction_comment = comment
        ticket.save(update_fields=["satisfaction", "satisfaction_comment", "updated_at"])
        _audit(
            actor=None,
            action=AuditEvent.Action.UPDATE,
            ticket=ticket,
            changes={"satisfaction": [None, ticket.satisfaction]},
        )
    return ticket


# Conversation


def _message(
    *,
    actor,
    ticket: Ticket,
    kind: str,
    body: str,
    attachments: Sequence[UploadedFile],
    now: datetime | None = None,
) -> Message:
    message = Message.objects.create(
        ticket=ticket,
        kind=kind,
        body=body,
        author=actor if getattr(actor, "pk", None) else None,
        created_at=now or timezone.now(),
    )
    for upload, content_type in attachments:
        Attachment.objects.create(
            ticket=ticket,
            message=message,
            file=upload,
            original_name=PurePath(upload.name or "").name[:150] or "file",
            content_type=content_type,
            size=upload.size,
        )
    _audit(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        ticket=ticket,
        instance=message,
        changes={
            "ticket": [None, ticket.pk],
            "kind": [None, kind],
            "attachments": [None, len(attachments)],
        },
    )
    return message


def _body(body: str) -> str:
    errors: dict = {}
    text = _text(body, field="body", limit=MAX_MESSAGE, errors=errors)
    if errors:
        raise ValidationError(errors)
    return text


def ticket_reply(
    *,
    actor,
    ticket: Ticket,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Message:
    """A reply the submitter reads on the status page. They get a notification that there
    is a reply, never its text. Replying to a new ticket acknowledges it."""
    body = _body(body)
    checked = _attachments_checked(attachments)
    _today, now = _clock(None, now)
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.state == State.CLOSED:
            raise ValidationError({"body": _("This request is closed: reopen it to reply.")})
        message = _message(
            actor=actor,
            ticket=ticket,
            kind=Message.Kind.REPLY,
            body=body,
            attachments=checked,
            now=now,
        )
        if ticket.state == State.NEW:
            changes: dict = {}
            _enter(ticket, State.ACKNOWLEDGED, now, changes)
            ticket.save()
            _audit(actor=actor, action=AuditEvent.Action.UPDATE, ticket=ticket, changes=changes)
        _to_submitter(ticket, f"ticket-reply:{message.pk}", REPLY_TEXT)
    return message


def ticket_note(
    *,
    actor,
    ticket: Ticket,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Message:
    """An internal note: staff only, never shown to the submitter, tells nobody."""
    body = _body(body)
    checked = _attachments_checked(attachments)
    with transaction.atomic():
        ticket = _lock(ticket)
        return _message(
            actor=actor,
            ticket=ticket,
            kind=Message.Kind.NOTE,
            body=body,
            attachments=checked,
            now=now,
        )


def ticket_submitter_message(
    *,
    ticket: Ticket,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Message:
    """The submitter writes from the status page. A ticket waiting for them goes back to
    in progress; a resolved or closed one must be reopened instead."""
    body = _body(body)
    checked = _attachments_checked(attachments)
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.state in rules.DONE:
            raise ValidationError(
                {"body": _("This request is resolved. Reopen it if you need more help.")}
            )
        message = _message(
            actor=None,
            ticket=ticket,
            kind=Message.Kind.SUBMITTER,
            body=body,
            attachments=checked,
            now=now,
        )
        if ticket.state == State.WAITING:
            changes = {"state": [State.WAITING.value, State.IN_PROGRESS.value]}
            ticket.state = State.IN_PROGRESS
            ticket.save()
            _audit(actor=None, action=AuditEvent.Action.UPDATE, ticket=ticket, changes=changes)
    return message


# Assignment


def ticket_assign(
    *, actor, ticket: Ticket, assignee: User | None = None, institution: Institution | None = None
) -> Ticket:
    """Set who works on the ticket and whose queue it is in, both exactly as given (None
    clears). The assignee must be staff whose area holds the ticket's village; a sensitive
    ticket becomes visible to them."""
    if assignee is not None and (
        not isinstance(assignee, User) or not assignee.is_active or assignee.role not in ASSIGNABLE
    ):
        raise ValidationError({"assignee": _("Choose a member of staff.")})
    if institution is not None and not isinstance(institution, Institution):
        raise ValidationError({"institution": _("Choose an institution from the list.")})
    with transaction.atomic():
        ticket = _lock(ticket)
        if assignee is not None and assignee.pk != ticket.assignee_id:
            village = ticket.village
            if not covers(assignee, village):
                raise ValidationError(
                    {
                        "assignee": _("%(name)s does not work in this request's area.")
                        % {"name": assignee.get_full_name() or assignee.username}
                    }
                )
        changes = {}
        new_assignee = assignee.pk if assignee else None
        new_institution = institution.pk if institution else None
        if new_assignee != ticket.assignee_id:
            changes["assignee"] = [ticket.assignee_id, new_assignee]
        if new_institution != ticket.institution_id:
            changes["institution"] = [ticket.institution_id, new_institution]
        if changes:
            ticket.assignee, ticket.institution = assignee, institution
            ticket.save(update_fields=["assignee", "institution", "updated_at"])
            _audit(actor=actor, action=AuditEvent.Action.UPDATE, ticket=ticket, changes=changes)
    return ticket


# Who the ticket is about, and who may read it


def ticket_link_person(*, actor, ticket: Ticket, person: Person | None) -> Ticket:
    """Link the ticket to a registered returnee, or unlink it (None).

    The returnee must be one the actor may see (people_for): anyone else is "not found",
    exactly like someone who does not exist. A link to a returnee the actor cannot see is
    not theirs to change. Linking or unlinking after entry changes ONLY the link: never the
    village nor the assignee. Routing a ticket to the family's mentor on linking would let
    a private consultation reach a mentor without anyone deciding it; the coordinator
    assigns explicitly (ticket_assign). Only entering a ticket for a returnee
    (ticket_create) routes by the returnee."""
    if person is not None and not isinstance(person, Person):
        raise ValidationError({"person": _("Choose a returnee from the list.")})
    visible = people_for(actor)
    with transaction.atomic():
        ticket = _lock(ticket)
        new = person.pk if person else None
        if new == ticket.person_id:
            return ticket
        if new is not None and not visible.filter(pk=new).exists():
            raise ValidationError({"person": _("No such returnee among the people you may see.")})
        if ticket.person_id is not None and not visible.filter(pk=ticket.person_id).exists():
            raise ValidationError(
                {
                    "person": _(
                        "This request is linked to a returnee you cannot see: ask a "
                        "coordinator to change the link."
                    )
                }
            )
        changes: dict = {"person": [ticket.person_id, new]}
        ticket.person = person
        ticket.save(update_fields=["person", "updated_at"])
        _audit(actor=actor, action=AuditEvent.Action.UPDATE, ticket=ticket, changes=changes)
    return ticket


def ticket_set_sensitive(
    *,
    actor,
    ticket: Ticket,
    sensitive: bool,
    reason: str = "",
    now: datetime | None = None,
) -> Ticket:
    """Make a ticket confidential (anyone who works on it) or ordinary again (coordinators
    and admins only, PermissionDenied otherwise, and with a reason: abuse reports are
    confidential by default, and an ordinary ticket is read by every field officer of its
    area). The reason, when given, is kept as an internal note, never in the audit trail.

    A ticket that becomes confidential leaves the lists of those who may no longer read
    it (access.tickets_for) and, with its earlier events, the returnee's trail: the trail
    is read by everyone who may see the person. Setting the current value changes
    nothing."""
    if not isinstance(sensitive, bool):
        raise ValidationError({"sensitive": _("Choose confidential or not confidential.")})
    if not sensitive:
        require_role(actor, MANAGE_TICKETS)
    errors: dict = {}
    reason = _text(reason, field="reason", limit=MAX_MESSAGE, errors=errors, required=not sensitive)
    if errors:
        raise ValidationError(errors)
    _today, now = _clock(None, now)
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.sensitive == sensitive:
            return ticket
        ticket.sensitive = sensitive
        ticket.save(update_fields=["sensitive", "updated_at"])
        if sensitive:
            messages = Message.objects.filter(ticket=ticket).values("pk")
            AuditEvent.objects.filter(
                Q(entity=Ticket._meta.model_name, entity_id=ticket.pk)
                | Q(entity=Message._meta.model_name, entity_id__in=messages)
            ).exclude(person_id=None).update(person_id=None)
        # Never on the returnee's trail, in either direction: it would tell whoever may
        # see the person that a confidential request about them exists or existed.
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=ticket,
            person_id=None,
            changes={"sensitive": [not sensitive, sensitive]},
            summary=ticket.code,
        )
        if reason:
            # The note stands in the conversation on its own: say what the reason was for.
            context = (
                _("Made confidential: %(reason)s")
                if sensitive
                else _("Made not confidential: %(reason)s")
            )
            _message(
                actor=actor,
                ticket=ticket,
                kind=Message.Kind.NOTE,
                body=context % {"reason": reason},
                attachments=[],
                now=now,
            )
    return ticket


# Escalation


def _alert(ticket: Ticket, reason: str, today: date, coordinator: User) -> None:
    deadline = ticket.acknowledge_by if reason == rules.ACKNOWLEDGE else ticket.resolve_by
    days = (today - deadline).days
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        values = {
            "code": ticket.code,
            "kind": Kind(ticket.kind).label,
            "days": days,
            "deadline": deadline.isoformat(),
        }
        if reason == rules.ACKNOWLEDGE:
            body = ngettext(
                "Request %(code)s (%(kind)s) has not been acknowledged: %(days)d day past "
                "its deadline of %(deadline)s. Open the helpdesk queue to act on it.",
                "Request %(code)s (%(kind)s) has not been acknowledged: %(days)d days past "
                "its deadline of %(deadline)s. Open the helpdesk queue to act on it.",
                days,
            )
        else:
            body = ngettext(
                "Request %(code)s (%(kind)s) is not resolved: %(days)d day past its "
                "deadline of %(deadline)s. Open the helpdesk queue to act on it.",
                "Request %(code)s (%(kind)s) is not resolved: %(days)d days past its "
                "deadline of %(deadline)s. Open the helpdesk queue to act on it.",
                days,
            )
        subject = _("Overdue request %(code)s") % values
        body = body % values
    _queue_message(
        address=coordinator.email,
        channel=OutboxMessage.Channel.EMAIL,
        subject=subject,
        body=body,
        dedupe_key=f"ticket-escalation:{ticket.pk}:{reason}:{deadline:%Y%m%d}:{coordinator.pk}",
        label=ticket.code,
        language=language,
    )


def tickets_escalate(*, today: date | None = None, now: datetime | None = None) -> int:
    """Mark each overdue ticket escalated (core.tickets.escalation_due: once per lateness)
    and email the coordinators of its area: code, kind and how late, nothing else. Returns
    how many tickets were escalated. Safe to run often and from two workers at once."""
    today, now = _clock(today, now)
    candidates = (
        Ticket.objects.exclude(state__in=rules.DONE)
        .filter(Q(state=State.NEW, acknowledge_by__lt=today) | Q(resolve_by__lt=today))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    escalated = 0
    for pk in list(candidates):
        with transaction.atomic():
            # Lock the ticket only: FOR UPDATE cannot reach the outer join to the village.
            ticket = (
                Ticket.objects.select_for_update(of=("self",))
                .select_related("village__district")
                .get(pk=pk)
            )
            before = ticket.escalated_at
            escalated_on = timezone.localdate(before) if before else None
            reason = rules.escalation_due(
                ticket.state, ticket.acknowledge_by, ticket.resolve_by, escalated_on, today
            )
            if reason is None:
                continue
            ticket.escalated_at = now
            ticket.save(update_fields=["escalated_at", "updated_at"])
            for coordinator in _coordinators_for(ticket):
                _alert(ticket, reason, today, coordinator)
            audit_record(
                actor=None,
                action=AuditEvent.Action.UPDATE,
                instance=ticket,
                person_id=_person_id(ticket),
                changes={"escalated_at": [_iso(before), _iso(now)], "overdue": [None, reason]},
                summary=ticket.code,
                channel="escalation",
            )
            escalated += 1
    return escalated
