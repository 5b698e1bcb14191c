"""Reading tickets: the staff queue with its filters, and the helpdesk report.

Both start from access.tickets_for, so nobody counts or lists what they may not see. The
report holds counts, shares, medians and averages only: no ticket's content, and no
identifying detail of a sensitive ticket.

Times to acknowledge and to resolve are measured in WORKING DAYS (core.workdays, over the
Holiday table), like the deadlines they are compared with: 0 means the same day, 1 the next
working day. Hours would mostly measure nights and weekends.
"""

from dataclasses import dataclass
from datetime import date
from statistics import median

from django.db.models import BooleanField, Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from purna.accounts.access import EDIT_PEOPLE, has_role, require_role
from purna.accounts.models import User
from purna.core import tickets as rules
from purna.core.workdays import working_days_between
from purna.people.access import people_for
from purna.people.models import Person

from .access import ASSIGNABLE, MANAGE_TICKETS, covers, tickets_for
from .models import Kind, State, Ticket
from .services import holidays_for

OPEN_STATES = tuple(sorted(rules.OPEN))
OPEN = "open"  # the queue's state filter for "anything not resolved or closed"


def with_overdue(tickets: QuerySet[Ticket], today: date) -> QuerySet[Ticket]:
    """Annotate `overdue_reason` ("acknowledge", "resolve" or None, as core.tickets.overdue)
    and `is_overdue`, so every worklist can make late tickets stand out."""
    reason = Case(
        When(Q(state__in=rules.DONE), then=Value(None)),
        When(Q(resolve_by__lt=today), then=Value(rules.RESOLVE)),
        When(Q(state=State.NEW, acknowledge_by__lt=today), then=Value(rules.ACKNOWLEDGE)),
        default=Value(None),
        output_field=CharField(),
    )
    late = Case(
        When(Q(state__in=rules.DONE), then=Value(False)),
        When(
            Q(resolve_by__lt=today) | Q(state=State.NEW, acknowledge_by__lt=today),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
    due = Case(When(state=State.NEW, then=F("acknowledge_by")), default=F("resolve_by"))
    return tickets.annotate(overdue_reason=reason, is_overdue=late, next_due=due)


def lateness(ticket: Ticket, today) -> tuple[str | None, int]:
    """("acknowledge" | "resolve" | None, calendar days past that deadline)."""
    reason = rules.overdue(ticket.state, ticket.acknowledge_by, ticket.resolve_by, today)
    if reason is None:
        return None, 0
    deadline = ticket.acknowledge_by if reason == rules.ACKNOWLEDGE else ticket.resolve_by
    return reason, (today - deadline).days


def ticket_queue(
    user,
    *,
    kind: str = "",
    state: str = "",
    overdue: bool = False,
    mine: bool = False,
    district: str = "",
    today: date | None = None,
) -> QuerySet[Ticket]:
    """The tickets the user may see, filtered: `state` a state code or "open"; `district` a
    district code; `mine` assigned to the user. Overdue tickets first, then by the next
    deadline (acknowledgement for new tickets, resolution for the others), oldest first.
    Lists must show only code, kind, state and dates of a sensitive ticket."""
    today = today or timezone.localdate()
    tickets = with_overdue(tickets_for(user), today)
    if kind:
        tickets = tickets.filter(kind=kind)
    if state == OPEN:
        tickets = tickets.filter(state__in=OPEN_STATES)
    elif state:
        tickets = tickets.filter(state=state)
    if overdue:
        tickets = tickets.filter(is_overdue=True)
    if mine:
        tickets = tickets.filter(assignee=user)
    if district:
        tickets = tickets.filter(village__district_id=district)
    return tickets.select_related("village__district", "assignee", "institution").order_by(
        "-is_overdue", "next_due", "created_at", "id"
    )


def ticket_overdue(ticket: Ticket, today: date | None = None) -> str | None:
    """core.tickets.overdue for one ticket: "acknowledge", "resolve" or None."""
    return rules.overdue(
        ticket.state, ticket.acknowledge_by, ticket.resolve_by, today or timezone.localdate()
    )


def assignable_users(ticket: Ticket) -> list[User]:
    """Staff a ticket may be given to: active, of a working role, whose area holds the
    ticket's village (as services.ticket_assign checks)."""
    users = (
        User.objects.filter(is_active=True, role__in=ASSIGNABLE)
        .prefetch_related("regencies", "districts")
        .order_by("first_name", "last_name", "username")
    )
    return [u for u in users if covers(u, ticket.village)]


# The report


@dataclass(frozen=True)
class OpenCount:
    kind: str
    kind_label: str
    district_code: str  # "" for tickets without a village
    district_name: str
    count: int


@dataclass(frozen=True)
class HelpdeskReport:
    start: date | None
    end: date | None
    # Open now (not resolved or closed), whatever the period.
    open_by_kind_and_district: list[OpenCount]
    open_total: int
    # Tickets submitted in the period:
    submitted: int
    resolved: int  # resolved (and not reopened since)
    resolved_in_time: int  # of those, on or before their resolution deadline
    share_resolved_in_time: float | None  # resolved_in_time / resolved, None without any
    acknowledged: int
    median_working_days_to_acknowledge: float | None
    median_working_days_to_resolve: float | None
    satisfaction_count: int
    satisfaction_average: float | None  # 1-5


def helpdesk_report(user, *, start: date | None = None, end: date | None = None) -> HelpdeskReport:
    """For admins and coordinators (403 otherwise), over the tickets they may see.
    `start`/`end` limit, by the day of submission (inclusive), everything but the open
    counts."""
    require_role(user, MANAGE_TICKETS)
    visible = tickets_for(user)

    rows = (
        visible.filter(state__in=OPEN_STATES)
        .values("kind", "village__district_id", "village__district__name")
        .annotate(n=Count("id"))
        .order_by("kind", "village__district_id")
    )
    labels = dict(Kind.choices)
    open_counts = [
        OpenCount(
            kind=row["kind"],
            kind_label=str(labels.get(row["kind"], row["kind"])),
            district_code=row["village__district_id"] or "",
            district_name=row["village__district__name"] or "",
            count=row["n"],
        )
        for row in rows
    ]

    period = visible
    if start:
        period = period.filter(created_at__date__gte=start)
    if end:
        period = period.filter(created_at__date__lte=end)
    facts = list(
        period.values_list(
            "created_at", "acknowledged_at", "resolved_at", "resolve_by", "satisfaction"
        )
    )
    local = timezone.localdate
    days = [local(at) for row in facts for at in row[:3] if at is not None]
    holidays = holidays_for(min(days), max(days)) if days else set()

    to_acknowledge = [
        working_days_between(local(created), local(acknowledged), holidays)
        for created, acknowledged, *_rest in facts
        if acknowledged is not None
    ]
    resolutions = [
        (local(created), local(resolved), resolve_by)
        for created, _ack, resolved, resolve_by, _sat in facts
        if resolved is not None
    ]
    to_resolve = [working_days_between(c, r, holidays) for c, r, _by in resolutions]
    in_time = sum(1 for _c, resolved_on, by in resolutions if resolved_on <= by)
    ratings = [row[4] for row in facts if row[4] is not None]

    return HelpdeskReport(
        start=start,
        end=end,
        open_by_kind_and_district=open_counts,
        open_total=sum(c.count for c in open_counts),
        submitted=len(facts),
        resolved=len(resolutions),
        resolved_in_time=in_time,
        share_resolved_in_time=in_time / len(resolutions) if resolutions else None,
        acknowledged=len(to_acknowledge),
        median_working_days_to_acknowledge=median(to_acknowledge) if to_acknowledge else None,
        median_working_days_to_resolve=median(to_resolve) if to_resolve else None,
        satisfaction_count=len(ratings),
        satisfaction_average=sum(ratings) / len(ratings) if ratings else None,
    )


# Beside people's work: the panel on a returnee's page and the overdue block of the
# worklists. Both start from tickets_for like the queue, and show a sensitive ticket's code,
# kind, state and dates only.

PERSON_PANEL_TICKETS = 10
OVERDUE_BLOCK_TICKETS = 5
# Who wrote what: never needed by the overdue block, so never loaded (a template that
# reached for them would cost a query per ticket, which the block's tests count).
_CONTENT = ("description", "submitter_name", "submitter_phone", "submitter_email", "submitter_nik")


def person_tickets(user, person: Person, *, today: date | None = None) -> QuerySet[Ticket]:
    """The tickets linked to this returnee that the user may see (403 for a role that may
    see none), newest first, annotated as with_overdue does. The caller has fetched the
    person through people.access, so a returnee outside the user's area is already 404."""
    tickets = tickets_for(user).filter(person=person)
    return with_overdue(tickets, today or timezone.localdate()).order_by("-created_at", "-id")


@dataclass(frozen=True)
class OverdueTickets:
    count: int
    first: list[Ticket]  # the most overdue, at most OVERDUE_BLOCK_TICKETS


def overdue_tickets(
    user, *, today: date | None = None, limit: int = OVERDUE_BLOCK_TICKETS
) -> OverdueTickets:
    """The overdue tickets the user may see, the longest overdue first as in the queue: a
    count and the first few, in one or two queries however many there are."""
    tickets = ticket_queue(user, overdue=True, today=today).defer(*_CONTENT)
    first = list(tickets[:limit])
    count = len(first) if len(first) < limit else tickets.count()
    return OverdueTickets(count=count, first=first)


def entry_person(user, pk: str | None) -> Person | None:
    """The returnee of the person page's "new request" link (`?person=<pk>`), if the user
    may see them (people_for), else None: someone outside the user's area, a pk that does
    not exist and garbage all look the same."""
    if not pk or not str(pk).isdigit():
        return None
    return people_for(user).filter(pk=int(pk)).first()


def person_prefill(user, person: Person | None) -> dict:
    """Initial values of the staff entry form for the returnee from entry_person; {} for
    None (someone outside the user's area included): the form opens empty and reveals
    nothing. The NIK and the phone only for roles that see them on the person page; a
    mentor sees a masked NIK there. The link to the returnee does not depend on the NIK:
    the view passes the person to the form, on GET and POST alike."""
    if person is None:
        return {}
    initial = {"name": person.full_name, "village": person.village_id}
    if has_role(user, EDIT_PEOPLE):
        initial.update(nik=person.nik, phone=person.phone)
    return initial
