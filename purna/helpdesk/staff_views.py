"""The staff helpdesk: the queue, a ticket's page, entering a request on someone's behalf,
the report and the holidays the deadline clock skips.

Every view fetches through access.py (404 for a ticket the user may not see, 403 for a
role that may not). A sensitive ticket shows only its code, kind, state and dates in lists;
each opening of its page is audited by access.ticket_for.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import HttpResponse
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
from purna.people.search import name_or_nik

from .access import MANAGE_TICKETS, WORK_TICKETS, may_manage_tickets, ticket_for, tickets_for
from .forms import (
    AssignForm,
    ConfidentialForm,
    HolidayForm,
    NotConfidentialForm,
    NoteForm,
    PersonSearchForm,
    QueueFilterForm,
    ReplyForm,
    ReportForm,
    TicketCreateForm,
    TicketPersonForm,
)
from .models import Attachment, Holiday, Message, State, Ticket
from .public_views import _add_errors, attachment_response
from .selectors import (
    OPEN,
    entry_person,
    helpdesk_report,
    lateness,
    person_prefill,
    ticket_queue,
)
from .services import (
    ticket_assign,
    ticket_create,
    ticket_link_person,
    ticket_note,
    ticket_reply,
    ticket_set_sensitive,
    ticket_transition,
)

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
        # Within the filters, so the badge and "Overdue only" agree.
        "overdue_count": ticket_queue(
            request.user, today=today, **{**filters, "overdue": True}
        ).count(),
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


def _finishing_question(ticket: Ticket, state: str) -> str:
    """Resolving or closing is asked twice: done without a reply, the submitter finds no
    answer on their status page."""
    if state not in rules.DONE:
        return ""
    if not ticket.messages.filter(kind=Message.Kind.REPLY).exists():
        return _(
            "No reply was sent: the person will find no answer on their status page. "
            "Mark it anyway (for example, you answered by phone or in person)?"
        )
    return _("Mark this request as done?")


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
                actions.append((state, _("Reopen"), ""))
        else:
            actions.append((state, ACTIONS[state], _finishing_question(ticket, state)))
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
        # A link to a returnee the user cannot see is not theirs to change.
        "may_link": ticket.person_id is None or person_visible,
        "search_form": PersonSearchForm(initial={"q": ticket.submitter_nik}),
        "person_form": None,
        "found": None,
        "confidential_form": ConfidentialForm() if not ticket.sensitive else None,
        "not_confidential_form": NotConfidentialForm() if ticket.sensitive and manage else None,
    }
    context.update(forms)
    return context


@login_required
@require_GET
def ticket_detail(request, pk):
    ticket = ticket_for(request.user, pk)
    return render(request, "helpdesk/staff/ticket.html", _ticket_context(request, ticket))


def _ticket_form(request, ticket: Ticket, form: Form, *, form_name: str, save: Callable):
    """The forms of the ticket page: `save(cleaned_data)` calls the service and returns
    what to tell the user; a service's ValidationError goes on the form, shown again on
    the page."""
    if form.is_valid():
        try:
            done = save(form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _after_change(request, ticket, done)
    context = _ticket_context(request, ticket, **{form_name: form})
    return render(request, "helpdesk/staff/ticket.html", context)


@login_required
@require_POST
def ticket_reply_view(request, pk):
    ticket = ticket_for(request.user, pk, write=True)

    def save(data):
        ticket_reply(actor=request.user, ticket=ticket, **data)
        return _("Reply sent. The submitter gets an SMS or email.")

    form = ReplyForm(request.POST, request.FILES)
    return _ticket_form(request, ticket, form, form_name="reply_form", save=save)


@login_required
@require_POST
def ticket_note_view(request, pk):
    ticket = ticket_for(request.user, pk, write=True)

    def save(data):
        ticket_note(actor=request.user, ticket=ticket, **data)
        return _("Internal note saved.")

    form = NoteForm(request.POST, request.FILES)
    return _ticket_form(request, ticket, form, form_name="note_form", save=save)


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

    def save(data):
        ticket_assign(actor=request.user, ticket=ticket, **data)
        return _("Assignment saved.")

    form = AssignForm(request.POST, ticket=ticket)
    return _ticket_form(request, ticket, form, form_name="assign_form", save=save)


# Who the ticket is about, and who may read it

# Enough to pick from; a longer list means the search should be narrower.
MAX_FOUND = 10


def _people_matching(user, query: str) -> tuple[list | None, bool]:
    """Up to MAX_FOUND returnees the user may see whose name contains the query or whose
    NIK starts with it (as the people list searches), and whether more match. None for
    no query."""
    query = query.strip()
    if not query:
        return None, False
    found = list(
        people_for(user)
        .filter(name_or_nik(query))
        .select_related("village__district")
        .order_by("full_name", "pk")[: MAX_FOUND + 1]
    )
    return found[:MAX_FOUND], len(found) > MAX_FOUND


@login_required
@require_GET
def ticket_person_search(request, pk):
    """The returnees to link, found by name or NIK: a partial for HTMX, else the page."""
    ticket = ticket_for(request.user, pk, write=True)
    form = PersonSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found, more = _people_matching(request.user, query)
    if request.headers.get("HX-Request"):
        if found is None:
            return HttpResponse("")
        context = {"ticket": ticket, "found": found, "more": more}
        return render(request, "helpdesk/staff/_ticket_people.html", context)
    context = _ticket_context(request, ticket, search_form=form, found=found, more=more)
    return render(request, "helpdesk/staff/ticket.html", context)


def _after_change(request, ticket: Ticket, text: str):
    """Back to the ticket, or to the queue when the change took it out of the user's
    reach (made confidential by a field officer, say)."""
    if tickets_for(request.user).filter(pk=ticket.pk).exists():
        messages.success(request, text)
        return redirect("helpdesk:ticket", pk=ticket.pk)
    gone = _("You can no longer open request %(code)s.") % {"code": ticket.code}
    messages.success(request, f"{text} {gone}")
    return redirect("helpdesk:queue")


@login_required
@require_POST
def ticket_person_view(request, pk):
    """Link the returnee chosen from the search, or unlink (no returnee)."""
    ticket = ticket_for(request.user, pk, write=True)

    def save(data):
        person = data["person"]
        ticket_link_person(actor=request.user, ticket=ticket, person=person)
        # Only the link changes: say so, or a coordinator expects the mentor to have it.
        if person is None:
            return _(
                "The request is no longer linked to a returnee. Its village and assignee "
                "are unchanged."
            )
        return _(
            "The request is linked to %(name)s. Its village and assignee are "
            "unchanged: assign it below if someone else should take it up."
        ) % {"name": person.full_name}

    form = TicketPersonForm(request.POST, user=request.user)
    return _ticket_form(request, ticket, form, form_name="person_form", save=save)


@login_required
@require_POST
def ticket_confidential_view(request, pk):
    """Anyone who works on the ticket may make it confidential."""
    ticket = ticket_for(request.user, pk, write=True)

    def save(data):
        ticket_set_sensitive(actor=request.user, ticket=ticket, sensitive=True, **data)
        return _("The request is now confidential.")

    form = ConfidentialForm(request.POST)
    return _ticket_form(request, ticket, form, form_name="confidential_form", save=save)


@login_required
@require_POST
def ticket_not_confidential_view(request, pk):
    """Only coordinators and admins make a ticket ordinary again, with a reason."""
    ticket = ticket_for(request.user, pk, write=True)
    require_role(request.user, MANAGE_TICKETS)

    def save(data):
        ticket_set_sensitive(
            actor=request.user, ticket=ticket, sensitive=False, reason=data["reason"]
        )
        return _(
            "The request is no longer confidential: the field officers of its area can read it."
        )

    form = NotConfidentialForm(request.POST)
    return _ticket_form(request, ticket, form, form_name="not_confidential_form", save=save)


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
    # From the person page: that returnee's details, and the link to them, if the user
    # may see them (checked again on POST: the form posts back to the same query string).
    person = entry_person(request.user, request.GET.get("person"))
    initial = person_prefill(request.user, person)
    form = TicketCreateForm(request.POST or None, user=request.user, person=person, initial=initial)
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
    return render(request, "helpdesk/staff/new.html", {"form": form, "person": person})


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
