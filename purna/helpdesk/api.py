"""/api/v1/tickets, /helpdesk/report and /public/tickets: the helpdesk for integrations.

Staff endpoints follow the screens' rules (access.py): a ticket you may not see does not
exist for you (404, also a sensitive ticket outside your role's reach); government viewers
and peer mentors get 403. Lists show a sensitive ticket's code, kind, state and dates only.
Tickets are addressed by their tracking code. Input that cannot be right is 422 naming the
field; a change the ticket's state refuses (a closed ticket, a transition that does not
exist, reopening after 30 days) is 409.

The two /public endpoints need no authentication: anyone may submit a request (the same
rate limits as the web form: 429), and read its status with the tracking code and the last
four digits of the phone (an unknown code and a wrong number are the same 404; too many
failures from one address: 429).
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from pydantic import field_validator

from purna.accounts.access import require_role
from purna.accounts.models import Institution, User
from purna.areas.choices import villages_for
from purna.areas.models import Village
from purna.core import tickets as rules
from purna.core.areacode import DISTRICT, InvalidAreaCode, area_level, normalise_area_code
from purna.people.access import people_for

from .access import MANAGE_TICKETS, WORK_TICKETS, ticket_by_code_for, tickets_for
from .models import Channel, HelpTopic, Kind, Message, State, Ticket
from .public_views import client_source
from .selectors import OPEN, helpdesk_report, ticket_queue
from .services import (
    MAX_DESCRIPTION,
    MAX_MESSAGE,
    MAX_NAME,
    LookupLimited,
    RateLimited,
    status_lookup,
    ticket_assign,
    ticket_create,
    ticket_link_person,
    ticket_note,
    ticket_reply,
    ticket_set_sensitive,
    ticket_submit,
    ticket_transition,
)

router = Router(tags=["helpdesk"])

KindCode = Literal[tuple(Kind.values)]  # type: ignore[valid-type]
StateCode = Literal[tuple(State.values)]  # type: ignore[valid-type]
TopicCode = Literal[("", *HelpTopic.values)]  # type: ignore[valid-type]
StaffChannel = Literal[tuple(c for c in Channel.values if c != Channel.WEB)]  # type: ignore[valid-type]
Overdue = Literal["acknowledge", "resolve"]

# Service field -> API field
FIELDS = {"village": "village_code", "person": "participant_nik", "institution": "institution_id"}


class TicketProblem(Schema):
    detail: str
    code: Literal["conflict", "rate_limited", "not_found"]


def _invalid(exc: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as a 422, each message under the API's field name."""
    if hasattr(exc, "error_dict"):
        items = [(FIELDS.get(k, k), " ".join(v)) for k, v in exc.message_dict.items()]
    else:
        items = [("body", " ".join(exc.messages))]
    return ValidationError(
        [{"loc": ["body", "payload", name], "msg": msg, "type": "invalid"} for name, msg in items]
    )


def _field_error(name: str, msg: str) -> ValidationError:
    return ValidationError([{"loc": ["body", "payload", name], "msg": msg, "type": "invalid"}])


def _conflict(exc: DjangoValidationError):
    return Status(409, TicketProblem(detail=" ".join(exc.messages), code="conflict"))


def _overdue(ticket: Ticket) -> str | None:
    return rules.overdue(
        ticket.state, ticket.acknowledge_by, ticket.resolve_by, timezone.localdate()
    )


def _strip(cls, value: str) -> str:
    return value.strip()


# Schemas: staff


class TicketSummaryOut(Schema):
    code: str
    kind: KindCode
    state: StateCode
    sensitive: bool = Field(description="Confidential: name, place and assignee are withheld")
    submitted_at: datetime
    acknowledge_by: date
    resolve_by: date
    overdue: Overdue | None = Field(
        description="acknowledge: still new past its acknowledgement deadline; resolve: open "
        "past its resolution deadline"
    )
    submitter_name: str | None = Field(description="null for a sensitive ticket")
    district_code: str | None = Field(description="null without a village, or sensitive")
    assignee: str | None = Field(description="Username; null when none, or sensitive")

    @staticmethod
    def resolve_submitted_at(ticket: Ticket) -> datetime:
        return ticket.created_at

    @staticmethod
    def resolve_overdue(ticket: Ticket) -> str | None:
        return _overdue(ticket)

    @staticmethod
    def resolve_submitter_name(ticket: Ticket) -> str | None:
        return None if ticket.sensitive else ticket.submitter_name

    @staticmethod
    def resolve_district_code(ticket: Ticket) -> str | None:
        if ticket.sensitive or ticket.village_id is None:
            return None
        return ticket.village.district_id

    @staticmethod
    def resolve_assignee(ticket: Ticket) -> str | None:
        if ticket.sensitive or ticket.assignee_id is None:
            return None
        return ticket.assignee.username


class TicketOut(Schema):
    code: str
    kind: KindCode
    topic: TopicCode = Field(description="Requests for help only; empty otherwise")
    channel: Literal[tuple(Channel.values)]  # type: ignore[valid-type]
    state: StateCode
    sensitive: bool
    description: str
    submitter_name: str
    submitter_phone: str = Field(description="International form (+62...), or empty")
    submitter_email: str
    submitter_nik: str = Field(description="As given by the submitter; may be empty")
    participant_nik: str | None = Field(description="The returnee staff linked, if any")
    village_code: str | None
    district_code: str | None
    institution: str | None = Field(description="The queue")
    assignee: str | None = Field(description="Username")
    submitted_at: datetime
    acknowledge_by: date
    resolve_by: date
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    escalated_at: datetime | None
    overdue: Overdue | None
    reopened: int = Field(description="Times reopened")
    satisfaction: int | None = Field(description="1-5, from the submitter")
    satisfaction_comment: str

    @staticmethod
    def resolve_participant_nik(ticket: Ticket) -> str | None:
        return ticket.person.nik if ticket.person_id else None

    @staticmethod
    def resolve_village_code(ticket: Ticket) -> str | None:
        return ticket.village_id

    @staticmethod
    def resolve_district_code(ticket: Ticket) -> str | None:
        return ticket.village.district_id if ticket.village_id else None

    @staticmethod
    def resolve_institution(ticket: Ticket) -> str | None:
        return ticket.institution.name if ticket.institution_id else None

    @staticmethod
    def resolve_assignee(ticket: Ticket) -> str | None:
        return ticket.assignee.username if ticket.assignee_id else None

    @staticmethod
    def resolve_submitted_at(ticket: Ticket) -> datetime:
        return ticket.created_at

    @staticmethod
    def resolve_overdue(ticket: Ticket) -> str | None:
        return _overdue(ticket)


class TicketFilters(Schema):
    kind: KindCode | None = None
    state: Literal[(OPEN, *State.values)] | None = Field(  # type: ignore[valid-type]
        None, description='A state, or "open" for anything not resolved or closed'
    )
    overdue: bool = Field(False, description="Overdue tickets only")
    mine: bool = Field(False, description="Assigned to me only")
    district: str | None = Field(None, description="District code, dotted (35.02.17) or not")

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


class TicketIn(Schema):
    channel: StaffChannel = Field(
        "api", description="How the request reached you: phone, walk_in, mentor, message, api"
    )
    kind: KindCode
    topic: TopicCode = Field("", description="For requests for help")
    name: str = Field(max_length=MAX_NAME, description="The submitter's name")
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    nik: str = Field("", max_length=16, description="As the submitter gives it")
    village_code: str | None = Field(None, description="A village in your area")
    participant_nik: str | None = Field(
        None, description="Link to this returnee (in your area); gives the village when none"
    )
    description: str = Field(max_length=MAX_DESCRIPTION)
    sensitive: bool | None = Field(None, description="null: the kind's default (abuse: true)")

    _name = field_validator("name", "description")(_strip)


class TicketMessageIn(Schema):
    body: str = Field(max_length=MAX_MESSAGE)

    _body = field_validator("body")(_strip)


class TicketAttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    url: str = Field(description="Served to a logged-in user who may open the ticket")

    @staticmethod
    def resolve_name(attachment) -> str:
        return attachment.original_name

    @staticmethod
    def resolve_url(attachment) -> str:
        return reverse("helpdesk:attachment", args=[attachment.pk])


class TicketMessageOut(Schema):
    id: int
    kind: Literal["submitter", "reply", "note"] = Field(
        description="submitter: from the status page; reply: read by the submitter; note: "
        "internal, staff only"
    )
    body: str
    author: str | None = Field(description="Staff username; null for the submitter or system")
    created_at: datetime
    attachments: list[TicketAttachmentOut]

    @staticmethod
    def resolve_author(message: Message) -> str | None:
        return message.author.username if message.author_id else None

    @staticmethod
    def resolve_attachments(message: Message) -> list:
        return list(message.attachments.all())


class TransitionIn(Schema):
    state: StateCode = Field(
        description="The next state; from resolved or closed, in_progress reopens (within "
        "30 days of resolution)"
    )


class AssignIn(Schema):
    assignee: str | None = Field(
        None, description="Username of staff whose area holds the ticket; null: nobody"
    )
    institution_id: int | None = Field(None, description="The queue; null: none")


class ParticipantLinkIn(Schema):
    participant_nik: str | None = Field(
        max_length=16, description="The returnee to link (one you may see); null or empty unlinks"
    )


class SensitivityIn(Schema):
    sensitive: bool = Field(
        description="true: only the area's coordinators, admins and the assignee may read it; "
        "false: admins and coordinators only, with a reason"
    )
    reason: str = Field(
        "",
        max_length=MAX_MESSAGE,
        description="Why; required for false. Kept as an internal note, never in the audit trail",
    )

    _reason = field_validator("reason")(_strip)


class OpenCountOut(Schema):
    kind: KindCode
    district_code: str = Field(description='"" for tickets without a village')
    district_name: str
    count: int


class HelpdeskReportOut(Schema):
    start: date | None
    end: date | None
    open_by_kind_and_district: list[OpenCountOut] = Field(description="Open now")
    open_total: int
    submitted: int = Field(description="Submitted in the period")
    resolved: int
    resolved_in_time: int
    share_resolved_in_time: float | None
    acknowledged: int
    median_working_days_to_acknowledge: float | None
    median_working_days_to_resolve: float | None
    satisfaction_count: int
    satisfaction_average: float | None = Field(description="1-5")


class ReportFilters(Schema):
    start: date | None = Field(None, description="Submitted on or after")
    end: date | None = Field(None, description="Submitted on or before")


# Schemas: public


class PublicTicketIn(Schema):
    kind: KindCode
    topic: TopicCode = Field("", description="Required for requests for help (kind help)")
    name: str = Field(max_length=MAX_NAME)
    phone: str = Field("", max_length=30, description="Phone or email is needed")
    email: str = Field("", max_length=254)
    nik: str = Field("", max_length=16, description="Optional")
    village_code: str | None = Field(None, description="Optional, e.g. 35.02.17.2001")
    description: str = Field(max_length=MAX_DESCRIPTION)

    _text = field_validator("name", "description")(_strip)


class PublicTicketOut(Schema):
    code: str = Field(description="The tracking code; also sent by SMS or email")
    acknowledge_by: date
    sent_by: Literal["sms", "email"]


class PublicStatusIn(Schema):
    code: str = Field(max_length=40, description="The tracking code, e.g. PRN-7K4Q-9MXD")
    phone_last4: str = Field(
        max_length=254,
        description="The last four digits of the phone given; the email address for a "
        "request given with an email only",
    )


class PublicMessageOut(Schema):
    kind: Literal["submitter", "reply"]
    body: str
    created_at: datetime


class PublicStatusOut(Schema):
    code: str
    kind: KindCode
    state: StateCode
    submitted_at: datetime
    acknowledge_by: date
    resolve_by: date
    messages: list[PublicMessageOut] = Field(description="Replies and your messages")


# Helpers


def _ticket(user, code: str, *, write: bool = False) -> Ticket:
    ticket = ticket_by_code_for(user, code, write=write)
    return Ticket.objects.select_related(
        "village__district", "institution", "assignee", "person"
    ).get(pk=ticket.pk)


def _village(code: str | None, allowed, field: str) -> Village | None:
    if not code or not code.strip():
        return None
    village = allowed.filter(code=code.strip()).first()
    if village is None:
        raise _field_error(field, _("No such village."))
    return village


# Staff endpoints


@router.get(
    "/tickets",
    response=list[TicketSummaryOut],
    url_name="tickets",
    summary="The helpdesk queue",
)
@paginate(PageNumberPagination, page_size=50)
def ticket_list(request: HttpRequest, filters: Query[TicketFilters]):
    """The tickets you may see, overdue first, then by the next deadline; 50 a page."""
    return ticket_queue(
        request.auth,
        kind=filters.kind or "",
        state=filters.state or "",
        overdue=filters.overdue,
        mine=filters.mine,
        district=filters.district or "",
    )


@router.post(
    "/tickets",
    response={201: TicketOut},
    url_name="ticket_create",
    summary="Enter a request on someone's behalf",
)
def ticket_create_endpoint(request: HttpRequest, payload: TicketIn):
    """A request that reached staff some other way than the public form. The submitter
    gets the tracking code by SMS (or email). A sensitive ticket you enter is visible
    afterwards only to the coordinators of its area and its assignee."""
    user = request.auth
    require_role(user, WORK_TICKETS)
    person = None
    if payload.participant_nik:
        person = people_for(user).filter(nik=payload.participant_nik.strip()).first()
        if person is None:
            raise _field_error("participant_nik", _("No such participant in your area."))
    village = _village(payload.village_code, villages_for(user), "village_code")
    try:
        ticket = ticket_create(
            actor=user,
            channel=payload.channel,
            kind=payload.kind,
            description=payload.description,
            name=payload.name,
            phone=payload.phone,
            email=payload.email,
            nik=payload.nik,
            topic=payload.topic,
            village=village,
            person=person,
            sensitive=payload.sensitive,
        )
    except DjangoValidationError as exc:
        raise _invalid(exc) from exc
    return Status(201, Ticket.objects.select_related("village", "person").get(pk=ticket.pk))


@router.get("/tickets/{code}", response=TicketOut, url_name="ticket", summary="One ticket")
def ticket_detail(request: HttpRequest, code: str):
    """Opening a sensitive ticket is recorded in the audit trail, as on the screen."""
    return _ticket(request.auth, code)


@router.get(
    "/tickets/{code}/messages",
    response=list[TicketMessageOut],
    url_name="ticket_messages",
    summary="A ticket's conversation",
)
def ticket_messages(request: HttpRequest, code: str):
    """Replies, the submitter's messages and internal notes, oldest first."""
    ticket = _ticket(request.auth, code)
    return list(
        ticket.messages.select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def _message(request, code: str, payload: TicketMessageIn, service):
    ticket = _ticket(request.auth, code, write=True)
    try:
        message = service(actor=request.auth, ticket=ticket, body=payload.body)
    except DjangoValidationError as exc:
        ticket.refresh_from_db(fields=["state"])
        if ticket.state == State.CLOSED:
            return _conflict(exc)
        raise _invalid(exc) from exc
    return Status(201, message)


@router.post(
    "/tickets/{code}/replies",
    response={201: TicketMessageOut, 409: TicketProblem},
    url_name="ticket_reply",
    summary="Reply to the submitter",
)
def ticket_reply_endpoint(request: HttpRequest, code: str, payload: TicketMessageIn):
    """The submitter reads it on the status page and gets an SMS or email saying there is
    a reply (never its text). Replying to a new ticket acknowledges it. 409 for a closed
    ticket. Attachments: on the ticket's screen."""
    return _message(request, code, payload, ticket_reply)


@router.post(
    "/tickets/{code}/notes",
    response={201: TicketMessageOut, 409: TicketProblem},
    url_name="ticket_note",
    summary="Add an internal note",
)
def ticket_note_endpoint(request: HttpRequest, code: str, payload: TicketMessageIn):
    """Staff only; the submitter never sees it."""
    return _message(request, code, payload, ticket_note)


@router.post(
    "/tickets/{code}/transitions",
    response={200: TicketOut, 409: TicketProblem},
    url_name="ticket_transition",
    summary="Move a ticket to another state",
)
def ticket_transition_endpoint(request: HttpRequest, code: str, payload: TransitionIn):
    """new -> acknowledged/in_progress/resolved/closed; acknowledged -> in_progress/
    waiting/resolved/closed; in_progress -> waiting/resolved/closed; waiting ->
    in_progress/resolved/closed; resolved -> closed or in_progress (reopen); closed ->
    in_progress (reopen). Reopening only within 30 days of resolution. 409 otherwise."""
    ticket = _ticket(request.auth, code, write=True)
    try:
        ticket_transition(actor=request.auth, ticket=ticket, state=payload.state)
    except DjangoValidationError as exc:
        return _conflict(exc)
    return _ticket(request.auth, code)


@router.post(
    "/tickets/{code}/assign",
    response=TicketOut,
    url_name="ticket_assign",
    summary="Assign a ticket",
)
def ticket_assign_endpoint(request: HttpRequest, code: str, payload: AssignIn):
    """Admins and coordinators (403 otherwise). Both values are set as given: null clears."""
    user = request.auth
    ticket = _ticket(user, code, write=True)
    require_role(user, MANAGE_TICKETS)
    assignee = institution = None
    if payload.assignee:
        assignee = User.objects.filter(username=payload.assignee.strip()).first()
        if assignee is None:
            raise _field_error("assignee", _("No such user."))
    if payload.institution_id is not None:
        institution = Institution.objects.filter(pk=payload.institution_id).first()
        if institution is None:
            raise _field_error("institution_id", _("No such institution."))
    try:
        ticket_assign(actor=user, ticket=ticket, assignee=assignee, institution=institution)
    except DjangoValidationError as exc:
        raise _invalid(exc) from exc
    return _ticket(user, code)


def _changed(user, code: str, ticket: Ticket):
    """The ticket as it is now, or 204 when the user may no longer read it."""
    if not tickets_for(user).filter(pk=ticket.pk).exists():
        return Status(204, None)
    return _ticket(user, code)


@router.post(
    "/tickets/{code}/participant",
    response={200: TicketOut, 204: None},
    url_name="ticket_participant",
    summary="Link a ticket to a returnee, or unlink it",
)
def ticket_participant_endpoint(request: HttpRequest, code: str, payload: ParticipantLinkIn):
    """Whoever may work on the ticket. The returnee must be one you may see (422
    otherwise, as for someone who does not exist). A ticket without a village takes the
    returnee's; one nobody is assigned to goes to the family's mentor when its route says
    so, as when it is entered for them."""
    user = request.auth
    ticket = _ticket(user, code, write=True)
    person = None
    nik = (payload.participant_nik or "").strip()
    if nik:
        person = people_for(user).filter(nik=nik).first()
        if person is None:
            raise _field_error("participant_nik", _("No such participant in your area."))
    try:
        ticket = ticket_link_person(actor=user, ticket=ticket, person=person)
    except DjangoValidationError as exc:
        raise _invalid(exc) from exc
    return _changed(user, code, ticket)


@router.post(
    "/tickets/{code}/sensitivity",
    response={200: TicketOut, 204: None},
    url_name="ticket_sensitivity",
    summary="Make a ticket confidential, or not",
)
def ticket_sensitivity_endpoint(request: HttpRequest, code: str, payload: SensitivityIn):
    """Anyone who may work on the ticket may make it confidential; only admins and
    coordinators make it ordinary again (403 otherwise), with a reason (422 without).
    204 when you may no longer read the ticket afterwards (a field officer who is not its
    assignee)."""
    user = request.auth
    ticket = _ticket(user, code, write=True)
    try:
        ticket = ticket_set_sensitive(
            actor=user, ticket=ticket, sensitive=payload.sensitive, reason=payload.reason
        )
    except DjangoValidationError as exc:
        raise _invalid(exc) from exc
    return _changed(user, code, ticket)


@router.get(
    "/helpdesk/report",
    response=HelpdeskReportOut,
    url_name="helpdesk_report",
    summary="The helpdesk report",
)
def report(request: HttpRequest, filters: Query[ReportFilters]):
    """Open tickets by kind and district, the share resolved within the deadline, median
    working days to acknowledge and to resolve, and satisfaction, over the tickets you may
    see (admins and coordinators). `start`/`end` limit all but the open counts by the day
    of submission."""
    if filters.start and filters.end and filters.end < filters.start:
        raise ValidationError(
            [{"loc": ["query", "end"], "msg": _("The end is before the start."), "type": "invalid"}]
        )
    return helpdesk_report(request.auth, start=filters.start, end=filters.end)


# Public endpoints: no authentication


@router.post(
    "/public/tickets",
    auth=None,
    response={201: PublicTicketOut, 429: TicketProblem},
    url_name="public_ticket_submit",
    summary="Submit a request (no authentication)",
)
def public_ticket_submit(request: HttpRequest, payload: PublicTicketIn):
    """Anyone may submit, as on the public web form: at most 30 requests an hour from one
    address and 3 a day for one phone (or email) number (429). The answer never depends on
    whether the NIK is registered. Attachments: on the web form."""
    if payload.kind == Kind.HELP and not payload.topic:
        raise _field_error("topic", _("Choose what you need help with."))
    village = _village(payload.village_code, Village.objects.all(), "village_code")
    try:
        ticket = ticket_submit(
            kind=payload.kind,
            description=payload.description,
            name=payload.name,
            phone=payload.phone,
            email=payload.email,
            nik=payload.nik,
            topic=payload.topic,
            village=village,
            source=client_source(request),
        )
    except RateLimited as exc:
        return Status(429, TicketProblem(detail=" ".join(exc.messages), code="rate_limited"))
    except DjangoValidationError as exc:
        raise _invalid(exc) from exc
    return Status(
        201,
        PublicTicketOut(
            code=ticket.code,
            acknowledge_by=ticket.acknowledge_by,
            sent_by="sms" if ticket.submitter_phone else "email",
        ),
    )


@router.post(
    "/public/tickets/status",
    auth=None,
    response={200: PublicStatusOut, 404: TicketProblem, 429: TicketProblem},
    url_name="public_ticket_status",
    summary="A request's status (no authentication)",
)
def public_ticket_status(request: HttpRequest, payload: PublicStatusIn):
    """The state, deadlines and replies of a request, with its tracking code and the last
    four digits of its phone. An unknown code and wrong digits are the same 404; after 10
    failures in an hour from one address, 429. Internal notes and staff names are never
    shown."""
    code = rules.normalise_code(payload.code)
    # The status page's words: one answer for an unknown code and for wrong digits.
    detail = _("We found no request with this code and these digits. Check both and try again.")
    not_found = Status(404, TicketProblem(detail=detail, code="not_found"))
    if code is None:
        return not_found
    try:
        ticket = status_lookup(
            code=code, secret=payload.phone_last4.strip(), source=client_source(request)
        )
    except LookupLimited as exc:
        return Status(429, TicketProblem(detail=" ".join(exc.messages), code="rate_limited"))
    if ticket is None:
        return not_found
    # Files-only messages (the form's attachments) have no text to show here.
    messages = (
        ticket.messages.exclude(kind=Message.Kind.NOTE)
        .exclude(body="")
        .order_by("created_at", "id")
    )
    return PublicStatusOut(
        code=ticket.code,
        kind=ticket.kind,
        state=ticket.state,
        submitted_at=ticket.created_at,
        acknowledge_by=ticket.acknowledge_by,
        resolve_by=ticket.resolve_by,
        messages=[
            PublicMessageOut(kind=m.kind, body=m.body, created_at=m.created_at) for m in messages
        ],
    )
