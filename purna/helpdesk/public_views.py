"""The public helpdesk: a form anyone may send without logging in, and a status page opened
with the tracking code and the last four digits of the phone.

What these screens never do: put a tracking code in a URL (the code opens the status page,
and URLs end up in browser histories and server logs), say whether a NIK is registered, tell
an unknown code from a wrong phone number, or show internal notes and staff names.

Access to a ticket's status page is kept in the session, for that one ticket, for
STATUS_ACCESS after the last use: a phone borrowed from a neighbour forgets it soon.
"""

from collections.abc import Callable
from datetime import timedelta
from ipaddress import ip_address

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from purna.areas.models import District, Regency, Village
from purna.core import tickets as rules

from .forms import HelpForm, RateForm, ReopenForm, StatusForm, SubmitterMessageForm
from .models import Attachment, Message, Ticket
from .services import (
    LookupLimited,
    RateLimited,
    status_lookup,
    ticket_rate,
    ticket_reopen,
    ticket_submit,
    ticket_submitter_message,
)

STATUS_KEY = "helpdesk_status"
SENT_KEY = "helpdesk_sent"
STATUS_ACCESS = timedelta(minutes=30)
# What the submitter reads of the conversation: never internal notes.
SUBMITTER_VISIBLE = (Message.Kind.SUBMITTER, Message.Kind.REPLY)


def _address(value: str) -> str:
    """The address in its canonical form, or "" for anything that is not one."""
    try:
        return str(ip_address(value.strip()))
    except ValueError:
        return ""


def client_source(request) -> str:
    """The client's address, for the rate limits only (stored as a keyed hash).

    REMOTE_ADDR, unless it is one of settings.PURNA_TRUSTED_PROXIES: then the right-most
    address of X-Forwarded-For that is not itself a trusted proxy (each proxy appends the
    address it saw, so everything to the left of that one may be made up by the client).
    Without a trusted proxy the header is ignored: anyone could send it and pass the rate
    limits with a new address each time."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    trusted = set(filter(None, map(_address, settings.PURNA_TRUSTED_PROXIES)))
    if remote not in trusted:
        return remote or request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(forwarded):
        address = _address(hop)
        if not address:
            # A malformed hop: what lies left of it cannot be trusted either.
            break
        if address not in trusted:
            return address
    return remote


# The session's hold on one ticket


def _grant(request, key: str, ticket: Ticket) -> None:
    request.session[key] = {
        "ticket": ticket.pk,
        "until": (timezone.now() + STATUS_ACCESS).timestamp(),
    }


def _granted(request, key: str) -> Ticket | None:
    grant = request.session.get(key)
    if not isinstance(grant, dict) or grant.get("until", 0) < timezone.now().timestamp():
        request.session.pop(key, None)
        return None
    ticket = Ticket.objects.filter(pk=grant.get("ticket")).first()
    if ticket is None:
        request.session.pop(key, None)
        return None
    _grant(request, key, ticket)  # 30 minutes from the last use
    return ticket


def _status_ticket(request) -> Ticket | None:
    ticket = _granted(request, STATUS_KEY)
    if ticket is None:
        messages.info(
            request,
            _(
                "For your privacy the status page closes after 30 minutes. Open it again "
                "with your tracking code."
            ),
        )
    return ticket


def _add_errors(form, error: ValidationError, rename: dict | None = None) -> None:
    """A service's ValidationError on the form's fields (others above the form)."""
    rename = rename or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        name = rename.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


# The public form


@never_cache
@require_http_methods(["GET", "POST"])
def help_form(request):
    form = HelpForm(request.POST or None, request.FILES or None)
    status = 200
    contact = ""
    if request.method == "POST":
        if form.is_robot():
            # Nothing is written; the answer does not teach a robot what went wrong.
            form.add_error(None, _("We could not accept this message. Please try again."))
            return render(request, "helpdesk/public/form.html", {"form": form})
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("homepage", None)
            try:
                ticket = ticket_submit(source=client_source(request), **data)
            except RateLimited as error:
                form.add_error(None, error)
                status = 429
                # Never a dead end: many share one carrier address; say how else to reach us.
                contact = settings.PURNA_HELPDESK_CONTACT
            except ValidationError as error:
                _add_errors(form, error)
            else:
                _grant(request, SENT_KEY, ticket)
                _grant(request, STATUS_KEY, ticket)
                return redirect("helpdesk:sent")
    context = {"form": form, "contact": contact}
    return render(request, "helpdesk/public/form.html", context, status=status)


@never_cache
@require_GET
def sent(request):
    """The tracking code, shown once to the browser that sent the request (from the
    session, never from the URL)."""
    ticket = _granted(request, SENT_KEY)
    if ticket is None:
        return redirect("helpdesk:status")
    return render(request, "helpdesk/public/sent.html", {"ticket": ticket})


@require_GET
def area_options(request):
    """<option> lists for the public village picker: regencies of a province, districts
    of a regency, villages of a district (public reference data)."""
    level = request.GET.get("level")
    if level == "regency":
        areas = Regency.objects.filter(province_id=request.GET.get("picker_province", ""))
    elif level == "district":
        areas = District.objects.filter(regency_id=request.GET.get("picker_regency", ""))
    elif level == "village":
        areas = Village.objects.filter(district_id=request.GET.get("picker_district", ""))
    else:
        areas = Village.objects.none()
    return render(request, "areas/options.html", {"areas": areas.order_by("name")})


# The status page


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    form = StatusForm(request.POST or None)
    code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ticket = status_lookup(
                    code=form.cleaned_data["code"],
                    secret=form.cleaned_data["suffix"],
                    source=client_source(request),
                )
            except LookupLimited as error:
                form.add_error(None, error)
                code = 429
            else:
                if ticket is not None:
                    request.session.cycle_key()
                    request.session.pop(SENT_KEY, None)
                    _grant(request, STATUS_KEY, ticket)
                    return redirect("helpdesk:status_ticket")
                # One message for an unknown code and a wrong phone number.
                form.add_error(
                    None,
                    _(
                        "We found no request with this code and these digits. Check both "
                        "and try again."
                    ),
                )
    return render(request, "helpdesk/public/status_form.html", {"form": form}, status=code)


def _status_context(ticket: Ticket, **forms) -> dict:
    today = timezone.localdate()
    conversation = list(
        ticket.messages.filter(kind__in=SUBMITTER_VISIBLE)
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )
    # The files sent with the request (a message without text at the ticket's own time,
    # see ticket_submit) belong under the request, not in a card of their own.
    opening = next(
        (
            m
            for m in conversation
            if m.kind == Message.Kind.SUBMITTER and not m.body and m.created_at == ticket.created_at
        ),
        None,
    )
    if opening is not None:
        conversation.remove(opening)
    done = ticket.state in rules.DONE
    resolved_at = ticket.resolved_at or ticket.closed_at
    resolved_on = timezone.localdate(resolved_at) if resolved_at else None
    context = {
        "ticket": ticket,
        "conversation": conversation,
        "opening_files": opening.attachments.all() if opening else [],
        "may_write": not done,
        "may_reopen": rules.may_reopen(ticket.state, resolved_on, today),
        "may_rate": done and ticket.resolved_at is not None and ticket.satisfaction is None,
        "overdue": rules.overdue(ticket.state, ticket.acknowledge_by, ticket.resolve_by, today),
        "message_form": SubmitterMessageForm(),
        "reopen_form": ReopenForm(),
        "rate_form": RateForm(),
    }
    context.update(forms)
    return context


@never_cache
@require_GET
def status_ticket(request):
    ticket = _status_ticket(request)
    if ticket is None:
        return redirect("helpdesk:status")
    return render(request, "helpdesk/public/status.html", _status_context(ticket))


def _status_action(
    request,
    ticket: Ticket,
    form_class: type[Form],
    service: Callable[..., object],
    *,
    form_name: str,
    done: str,
):
    """A form of the status page: `service(ticket=..., **cleaned_data)`, then back to the
    page. The form checked what the submitter can correct; a ValidationError from the
    service is the ticket's state refusing (resolved, too late, already rated), said above
    the page. An invalid form is shown again in its place on the page."""
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        context = _status_context(ticket, **{form_name: form})
        return render(request, "helpdesk/public/status.html", context)
    try:
        service(ticket=ticket, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("helpdesk:status_ticket")


@never_cache
@require_POST
def status_message(request):
    ticket = _status_ticket(request)
    if ticket is None:
        return redirect("helpdesk:status")
    return _status_action(
        request,
        ticket,
        SubmitterMessageForm,
        ticket_submitter_message,
        form_name="message_form",
        done=_("Your message was sent."),
    )


@never_cache
@require_POST
def status_reopen(request):
    ticket = _status_ticket(request)
    if ticket is None:
        return redirect("helpdesk:status")
    return _status_action(
        request,
        ticket,
        ReopenForm,
        ticket_reopen,  # without an actor: the reason is the submitter's message
        form_name="reopen_form",
        done=_("Your request is open again. We will answer you."),
    )


@never_cache
@require_POST
def status_rate(request):
    ticket = _status_ticket(request)
    if ticket is None:
        return redirect("helpdesk:status")
    return _status_action(
        request,
        ticket,
        RateForm,
        ticket_rate,
        form_name="rate_form",
        done=_("Thank you for your rating."),
    )


@require_POST
def status_leave(request):
    """Close the status page on this device now (a shared phone)."""
    request.session.pop(STATUS_KEY, None)
    request.session.pop(SENT_KEY, None)
    messages.info(request, _("The status page is closed on this device."))
    return redirect("helpdesk:status")


@never_cache
@require_GET
def status_attachment(request, pk):
    """A file of a reply or of the submitter's own messages (those sent with the request
    included), for the session holding the ticket; never a file of an internal note (404,
    as for any other file)."""
    ticket = _granted(request, STATUS_KEY)
    if ticket is None:
        raise Http404
    attachment = Attachment.objects.filter(
        pk=pk, ticket=ticket, message__kind__in=SUBMITTER_VISIBLE
    ).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment)


def attachment_response(attachment: Attachment) -> FileResponse:
    """The file with the type its bytes showed when it was uploaded. PDFs download rather
    than open in the page; nothing from a file may run as part of Purna."""
    inline = attachment.content_type.startswith("image/")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
