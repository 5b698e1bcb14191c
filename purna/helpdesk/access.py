"""Who may see which tickets. Every helpdesk view and API endpoint asks here, never inline.

- admin: every ticket;
- coordinator: tickets from villages in their area, tickets without a village in their
  institution's queue, and tickets assigned to them;
- field officer: tickets assigned to them, and the NON-sensitive tickets of their area;
- mentor: tickets assigned to them (e.g. routed to them as a family's mentor);
- government viewer and peer mentor: 403, outside the area: 404.

A sensitive ticket (abuse reports by default) is therefore seen only by its assignee, the
coordinators of its area and admins; each opening of one is written to the audit trail.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from purna.accounts.access import area_q, has_role, require_role
from purna.accounts.models import Role
from purna.areas.models import Village
from purna.audit.models import AuditEvent
from purna.audit.services import audit_record
from purna.core.tickets import normalise_code

from .models import Ticket

SEE_TICKETS = {Role.ADMIN, Role.COORDINATOR, Role.FIELD_OFFICER, Role.MENTOR}
# Whoever sees a ticket may work on it (reply, note, change its state).
WORK_TICKETS = SEE_TICKETS
# Assigning, routes, holidays and reports.
MANAGE_TICKETS = {Role.ADMIN, Role.COORDINATOR}
# Who may be given a ticket.
ASSIGNABLE = SEE_TICKETS


def tickets_for(user) -> QuerySet[Ticket]:
    require_role(user, SEE_TICKETS)
    tickets = Ticket.objects.all()
    if user.role == Role.ADMIN:
        return tickets
    mine = Q(assignee=user)
    # Q(x) & Q() is Q(x): an unrestricted user's area is every ticket with a village.
    in_area = Q(village__isnull=False) & area_q(user)
    if user.role == Role.COORDINATOR:
        visible = in_area | mine
        if user.institution_id:
            visible |= Q(village__isnull=True, institution_id=user.institution_id)
        return tickets.filter(visible)
    if user.role == Role.FIELD_OFFICER:
        return tickets.filter(mine | (Q(sensitive=False) & in_area))
    return tickets.filter(mine)


def _opened(user, ticket: Ticket) -> Ticket:
    if ticket.sensitive:
        # Every opening, whoever opens it: who read an abuse report, and when.
        audit_record(
            actor=user,
            action=AuditEvent.Action.VIEW,
            instance=ticket,
            person_id=None,
            summary=ticket.code,
        )
    return ticket


def ticket_for(user, pk: int, *, write: bool = False) -> Ticket:
    """404 for a ticket the user may not see, 403 for a role that may not see tickets."""
    ticket = get_object_or_404(
        tickets_for(user).select_related("village__district", "institution", "assignee"), pk=pk
    )
    if write:
        require_role(user, WORK_TICKETS)
    return _opened(user, ticket)


def ticket_by_code_for(user, code: str, *, write: bool = False) -> Ticket:
    """The same, by tracking code (as the API addresses tickets)."""
    ticket = get_object_or_404(
        tickets_for(user).select_related("village__district", "institution", "assignee"),
        code=normalise_code(code) or "",
    )
    if write:
        require_role(user, WORK_TICKETS)
    return _opened(user, ticket)


def may_manage_tickets(user) -> bool:
    return has_role(user, MANAGE_TICKETS)


def covers(user, village: Village | None) -> bool:
    """Whether the village lies in the user's area (always for admins, users without an
    area limit, and tickets without a village). Uses prefetched areas when there are."""
    if village is None or user.role == Role.ADMIN:
        return True
    regencies = {r.code for r in user.regencies.all()}
    districts = {d.code for d in user.districts.all()}
    if not regencies and not districts:
        return True
    return village.district.regency_id in regencies or village.district_id in districts
