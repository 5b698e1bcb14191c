"""The helpdesk beside people's work: HTMX partials that the apps below the helpdesk load
by URL name (people's PERSON_PANELS, the follow-up and mentoring templates), so none of
them imports the helpdesk.

- person_panel: the requests linked to a returnee, on the person page;
- overdue_panel: the overdue requests the user may see, on the worklists.

Both list through selectors (tickets_for decides, as in the queue) and show only the
code, kind, state and dates of a sensitive ticket.
"""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from purna.accounts.access import has_role
from purna.people.access import person_for

from .access import WORK_TICKETS
from .models import Ticket
from .selectors import PERSON_PANEL_TICKETS, lateness, overdue_tickets, person_tickets


def _mark_lateness(tickets: list[Ticket], today: date) -> None:
    for ticket in tickets:
        ticket.late_reason, ticket.days_late = lateness(ticket, today)


@login_required
@require_GET
def person_panel(request, pk):
    person = person_for(request.user, pk)
    today = timezone.localdate()
    tickets = person_tickets(request.user, person, today=today).select_related("assignee")
    shown = list(tickets[:PERSON_PANEL_TICKETS])
    _mark_lateness(shown, today)
    context = {
        "person": person,
        "tickets": shown,
        "total": len(shown) if len(shown) < PERSON_PANEL_TICKETS else tickets.count(),
        "may_create": has_role(request.user, WORK_TICKETS),
    }
    return render(request, "helpdesk/panels/person.html", context)


@login_required
@require_GET
def overdue_panel(request):
    today = timezone.localdate()
    overdue = overdue_tickets(request.user, today=today)
    _mark_lateness(overdue.first, today)
    return render(request, "helpdesk/panels/overdue.html", {"overdue": overdue})
