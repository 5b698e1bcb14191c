"""The staff helpdesk: the queue, a ticket's page, entering a request on someone's behalf,
the report and the holidays the deadline clock skips.

Every view fetches through access.py (404 for a ticket the user may not see, 403 for a
role that may not). A sensitive ticket shows only its code, kind, state and dates in lists;
each opening of its page is audited by access.ticket_for.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from purna.accounts.access import has_role, require_role
from purna.accounts.models import Role
from purna.areas.models import District
from purna.audit.models import AuditEvent
from purna.audit.services import audit_record
from purna.core import tickets as rules
from purna.people.access import people_for

from .access import MANAGE_TICKETS, WORK_TICKETS, may_manage_tickets, ticket_for, tickets_for
from .forms import (
    AssignForm,
    HolidayForm,
    NoteForm,
    QueueFilterForm,
    ReplyForm,
    ReportForm,
    TicketCreateForm,
)
from .models import Attachment, Holiday, State, Ticket
from .public_views import _add_errors, attachment_response
from .selectors import OPEN, helpdesk_report, ticket_queue
from .services import ticket_assign, ticket_create, ticket_note, ticket_reply, ticket_transition

PAGE_SIZE = 25
# The holidays change everybody's deadlines: administrators only.
EDIT_HOLIDAYS = {Role.ADMIN}

# The button that moves a ticket to each state.
ACTIONS = {
    State.ACKNOWLEDGED: gettext_lazy("Acknowledge"),
    State.IN_PROGRESS: gettext_lazy("Start work"),
    State.WAITING: gettext_lazy("Wait for the submitter"),
    State.RESOLVED: gettext_lazy("Mark resolved"),
    State.CLOSED: gettext_lazy("Close"),
}


def lateness(ticket: Ticket, today) -> tuple[str | None, int]:
    """("acknowledge" | "resolve" | None, calendar days past that deadline)."""
    reason = rules.overdue(ticket.state, ticket.acknowledge_by, ticket.resolve_by, today)
    if reason is None:
        return None, 0
    deadline = ticket.acknowledge_by if reason == rules.ACKNOWLEDGE else ticket.resolve_by
    return reason, (today - deadline).days


# The queue


@login_required
@require_GET
def queue(request):
    visible = tickets_for(request.user)
    districts = District.objects.filter(
        pk__in=visible.exclude(village=None).values("village__district")
    ).order_by("name")
    data = request.GET.copy()
    data.setdefault("state", OPEN)
    form = QueueFilterForm(data, districts=districts)
    filters = {"state": OPEN}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items()}
    today = timezone.localdate()
    tickets = ticket_queue(request.user, today=today, **filters)
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    for ticket in page.object_list:
        ticket.late_reason, ticket.days_late = lateness(ticket, today)
    context = {
        "form": form,
        "page": page,
        "overdue_count": ticket_queue(request.user, overdue=True, today=today).count(),
        "may_create": has_role(request.user, WORK_TICKETS),
        "may_manage": may_manage_tickets(request.user),
    }
    template = (
        "helpdesk/staff/_queue_results.html"
        if request.headers.get("HX-Request")
        else "helpdesk/staff/queue.html"
    )
    return render(request, template, context)


# One ticket


def _ticket_context(request, ticket: Ticket, **forms) -> dict:
    today = timezone.localdate()
    user = request.user
    resolved_at = ticket.resolved_at or ticket.closed_at
    resolved_on = timezone.localdate(resolved_at) if resolved_at else None
    reopening_allowed = rules.may_reopen(ticket.state, resolved_on, today)
    actions = []
    for state in sorted(rules.TRANSITIONS.get(ticket.state, ()), key=State.values.index):
        if rules.is_reopening(ticket.state, state):
            if reopening_allowed:
                actions.append((state, _("Reopen")))
        else:
            actions.append((state, ACTIONS[state]))
    late_reason, days_late = lateness(ticket, today)
    person_visible = (
        ticket.person_id is not None and people_for(user).filter(pk=ticket.person_id).exists()
    )
    manage = may_manage_tickets(user)
    context = {
        "ticket": ticket,
        "conversation": ticket.messages.select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id"),
        "actions": actions,
        "late_reason": late_reason,
        "days_late": days_late,
        "person_visible": person_visible,
        "may_manage": manage,
        "reply_form": ReplyForm(),
        "note_form": NoteForm(),
        "assign_form": AssignForm(ticket=ticket) if manage else None,
        "closed": ticket.state == State.CLOSED,
    }
    context.update(forms)
    return context


@login_required
@require_GET
def ticket_detail(request, pk):
    ticket = ticket_for(request.user, pk)
    return render(request, "helpdesk/staff/ticket.html", _ticket_context(request, ticket))


@login_required
@require_POST
def ticket_reply_view(request, pk):
    ticket = ticket_for(request.user, pk, write=True)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            ticket_reply(actor=request.user, ticket=ticket, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Reply sent. The submitter gets an SMS or email."))
            return redirect("helpdesk:ticket", pk=ticket.pk)
    return render(
        request, "helpdesk/staff/ticket.html", _ticket_context(request, ticket, reply_form=form)
    )


@login_required
@require_POST
def ticket_note_view(request, pk):
    ticket = ticket_for(request.user, pk, write=True)
    form = NoteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            ticket_note(actor=request.user, ticket=ticket, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Internal note saved."))
            return redirect("helpdesk:ticket", pk=ticket.pk)
    return render(
        request, "helpdesk/staff/ticket.html", _ticket_context(request, ticket, note_form=form)
    )


@login_required
@require_POST
def ticket_transition_view(request, pk):
    ticket = ticket_for(request.user, pk, write=True)
    state = request.POST.get("state", "")
    try:
        ticket = ticket_transition(actor=request.user, ticket=ticket, state=state)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The request is now “%(state)s”.") % {"state": ticket.get_state_display()}
        )
    return redirect("helpdesk:ticket", pk=ticket.pk)


@login_required
@require_POST
def ticket_assign_view(request, pk):
    ticket = ticket_for(request.user, pk, write=True)
    require_role(request.user, MANAGE_TICKETS)
    form = AssignForm(request.POST, ticket=ticket)
    if form.is_valid():
        try:
            ticket_assign(actor=request.user, ticket=ticket, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect("helpdesk:ticket", pk=ticket.pk)
    return render(
        request, "helpdesk/staff/ticket.html", _ticket_context(request, ticket, assign_form=form)
    )


@login_required
@require_GET
def attachment(request, pk):
    """A ticket's file, for whoever may open the ticket (the opening of a sensitive one is
    audited, as when its page is opened)."""
    found = get_object_or_404(Attachment.objects.only("id", "ticket_id"), pk=pk)
    ticket = ticket_for(request.user, found.ticket_id)
    return attachment_response(get_object_or_404(Attachment, pk=pk, ticket=ticket))


# Entering a request on someone's behalf


@login_required
@require_http_methods(["GET", "POST"])
def ticket_new(request):
    require_role(request.user, WORK_TICKETS)
    form = TicketCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = ticket_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error, rename={"person": "nik"})
        else:
            if tickets_for(request.user).filter(pk=ticket.pk).exists():
                messages.success(
                    request,
                    _("Request %(code)s saved. Give the person this code.") % {"code": ticket.code},
                )
                return redirect("helpdesk:ticket", pk=ticket.pk)
            # A mentor's entry, or a sensitive one, goes to the team of the area: whoever
            # entered it reads it again only once it is assigned to them.
            if ticket.sensitive:
                text = _(
                    "Request %(code)s saved. Give the person this code. It is confidential: "
                    "the coordinators of the area will take it up."
                )
            else:
                text = _(
                    "Request %(code)s saved. Give the person this code. The helpdesk team of "
                    "the area will take it up."
                )
            messages.success(request, text % {"code": ticket.code})
            return redirect("helpdesk:queue")
    return render(request, "helpdesk/staff/new.html", {"form": form})


# The report


@login_required
@require_GET
def reports(request):
    require_role(request.user, MANAGE_TICKETS)
    form = ReportForm(request.GET or None)
    start = end = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    report = helpdesk_report(request.user, start=start, end=end)
    return render(request, "helpdesk/staff/reports.html", {"form": form, "report": report})


# Holidays


@login_required
@require_http_methods(["GET", "POST"])
def holidays(request):
    """Coordinators see the holidays behind the deadlines; administrators keep them."""
    require_role(request.user, MANAGE_TICKETS)
    if request.method == "POST":
        require_role(request.user, EDIT_HOLIDAYS)
    may_edit = has_role(request.user, EDIT_HOLIDAYS)
    form = HolidayForm(request.POST or None) if may_edit else None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            holiday = form.save()
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.CREATE,
                instance=holiday,
                person_id=None,
                changes={"date": [None, holiday.date.isoformat()], "name": [None, holiday.name]},
                summary=str(holiday),
            )
        messages.success(request, _("Holiday added."))
        return redirect("helpdesk:holidays")
    context = {"form": form, "may_edit": may_edit, "holidays": Holiday.objects.order_by("-date")}
    return render(request, "helpdesk/staff/holidays.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def holiday_delete(request, pk):
    require_role(request.user, EDIT_HOLIDAYS)
    holiday = get_object_or_404(Holiday, pk=pk)
    if request.method == "POST":
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.DELETE,
                instance=holiday,
                person_id=None,
                changes={"date": [holiday.date.isoformat(), None], "name": [holiday.name, None]},
                summary=str(holiday),
            )
            holiday.delete()
        messages.success(request, _("Holiday deleted."))
        return redirect("helpdesk:holidays")
    return render(request, "helpdesk/staff/holiday_delete.html", {"holiday": holiday})
