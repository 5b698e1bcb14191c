"""The public helpdesk: a form anyone may send without logging in, and a status page opened
with the tracking code and the last four digits of the phone.

What these screens never do: put a tracking code in a URL (the code opens the status page,
and URLs end up in browser histories and server logs), say whether a NIK is registered, tell
an unknown code from a wrong phone number, or show internal notes and staff names.

Access to a ticket's status page is kept in the session, for that one ticket, for
STATUS_ACCESS after the last use: a phone borrowed from a neighbour forgets it soon.
"""

import hmac
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from purna.areas.models import District, Regency, Village
from purna.core import tickets as rules

from .forms import HelpForm, RateForm, ReopenForm, StatusForm, SubmitterMessageForm
from .models import Attachment, Message, StatusLookup, Ticket
from .services import (
    RateLimited,
    source_hash,
    ticket_note,
    ticket_rate,
    ticket_reopen,
    ticket_submit,
    ticket_submitter_message,
)

STATUS_KEY = "helpdesk_status"
SENT_KEY = "helpdesk_sent"
STATUS_ACCESS = timedelta(minutes=30)
# Failed openings of the status page per address and hour (a wrong phone suffix counts).
MAX_FAILED_LOOKUPS_PER_HOUR = 10
# Compared against when the code is unknown, so both failures do the same work.
_NO_PHONE = "+620000000000"


def client_source(request) -> str:
    """The client's address, for the rate limits only (stored as a keyed hash).
    REMOTE_ADDR: behind a reverse proxy, the proxy must pass the client's address there."""
    return request.META.get("REMOTE_ADDR", "")


class LookupLimited(RateLimited):
    """Too many failed openings of the status page from one address."""


def status_lookup(*, code: str, secret: str, source: str, now=None) -> Ticket | None:
    """The ticket whose code is `code` and whose phone ends in `secret` (the last four
    digits; for a ticket given with an email address only, the email address), or None.

    An unknown code and a wrong secret are the same None, cost the same queries, and both
    count as a failed lookup; after MAX_FAILED_LOOKUPS_PER_HOUR failures from one address
    in an hour, LookupLimited (whether or not the next try would be right)."""
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


def _submitter_files(ticket: Ticket, files) -> None:
    """Files the submitter sends. The services take no attachments from the submitter
    (ticket_submit and ticket_submitter_message have no `attachments`): until they do,
    the files go with an internal note without author, which staff see beside the
    submitter's words and the submitter does not need to see again."""
    if files:
        ticket_note(
            actor=None,
            ticket=ticket,
            body=_("Files sent by the submitter."),
            attachments=files,
        )


# The public form


@never_cache
@require_http_methods(["GET", "POST"])
def help_form(request):
    form = HelpForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_robot():
            # Nothing is written; the answer does not teach a robot what went wrong.
            form.add_error(None, _("We could not accept this message. Please try again."))
            return render(request, "helpdesk/public/form.html", {"form": form})
        if form.is_valid():
            data = dict(form.cleaned_data)
            files = data.pop("attachments")
            data.pop("homepage", None)
            try:
                with transaction.atomic():
                    ticket = ticket_submit(source=client_source(request), **data)
                    _submitter_files(ticket, files)
            except RateLimited as error:
                form.add_error(None, error)
                status = 429
            except ValidationError as error:
                _add_errors(form, error)
            else:
                _grant(request, SENT_KEY, ticket)
                _grant(request, STATUS_KEY, ticket)
                return redirect("helpdesk:sent")
    return render(request, "helpdesk/public/form.html", {"form": form}, status=status)


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
    conversation = (
        ticket.messages.exclude(kind=Message.Kind.NOTE)
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )
    done = ticket.state in rules.DONE
    resolved_at = ticket.resolved_at or ticket.closed_at
    resolved_on = timezone.localdate(resolved_at) if resolved_at else None
    context = {
        "ticket": ticket,
        "conversation": conversation,
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


@never_cache
@require_POST
def status_message(request):
    ticket = _status_ticket(request)
    if ticket is None:
        return redirect("helpdesk:status")
    form = SubmitterMessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                ticket_submitter_message(ticket=ticket, body=form.cleaned_data["body"])
                _submitter_files(ticket, form.cleaned_data["attachments"])
        except ValidationError as error:
            # The form checked the text and files: this is the ticket's state.
            for message in error.messages:
                messages.error(request, message)
            return redirect("helpdesk:status_ticket")
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("helpdesk:status_ticket")
    context = _status_context(ticket, message_form=form)
    return render(request, "helpdesk/public/status.html", context)


@never_cache
@require_POST
def status_reopen(request):
    ticket = _status_ticket(request)
    if ticket is None:
        return redirect("helpdesk:status")
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            ticket_reopen(ticket=ticket, actor=None, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            # The state refused it (too late, already rated): said above the page.
            for message in error.messages:
                messages.error(request, message)
            return redirect("helpdesk:status_ticket")
        else:
            messages.success(request, _("Your request is open again. We will answer you."))
            return redirect("helpdesk:status_ticket")
    context = _status_context(ticket, reopen_form=form)
    return render(request, "helpdesk/public/status.html", context)


@never_cache
@require_POST
def status_rate(request):
    ticket = _status_ticket(request)
    if ticket is None:
        return redirect("helpdesk:status")
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            ticket_rate(ticket=ticket, **form.cleaned_data)
        except ValidationError as error:
            # The state refused it (too late, already rated): said above the page.
            for message in error.messages:
                messages.error(request, message)
            return redirect("helpdesk:status_ticket")
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("helpdesk:status_ticket")
    context = _status_context(ticket, rate_form=form)
    return render(request, "helpdesk/public/status.html", context)


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
    """A file of a reply or of the submitter's own messages, for the session holding the
    ticket; never a file of an internal note (404, as for any other file)."""
    ticket = _granted(request, STATUS_KEY)
    if ticket is None:
        raise Http404
    attachment = (
        Attachment.objects.filter(pk=pk, ticket=ticket)
        .exclude(message__kind=Message.Kind.NOTE)
        .exclude(message__isnull=True)
        .first()
    )
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
