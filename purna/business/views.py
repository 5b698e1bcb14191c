"""The business screens: a family's businesses (and the panel on the person page), a
business with its monthly records and chart, and the forms to record them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from purna.accounts.access import has_role
from purna.mentors.access import RECORD_MENTORING, family_for
from purna.redirects import back_to

from .access import (
    business_for,
    may_change_record,
    may_delete_business,
    record_for,
)
from .forms import BusinessForm, MonthlyRecordForm, business_initial, record_initial
from .models import Business
from .selectors import (
    business_rows,
    chart_data,
    chart_records,
    chart_summary,
    last_recorded_month,
    month_to_record,
    sector_label,
)
from .services import (
    CAPITAL_FIELDS,
    DuplicateMonth,
    TenfoldJump,
    business_delete,
    business_save,
    month_label,
    monthly_record_delete,
    monthly_record_save,
)

RECORDS_PAGE_SIZE = 12


def _errors_onto(form, exc: ValidationError) -> None:
    """A service's errors onto the form: by field where the form has it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# A family's businesses


@login_required
@require_GET
def person_businesses(request, pk):
    person = family_for(request.user, pk)
    context = {
        "person": person,
        "rows": business_rows(person, today=timezone.localdate()),
        "can_record": has_role(request.user, RECORD_MENTORING),
    }
    return render(request, "business/person_businesses.html", context)


@login_required
@require_GET
def person_panel(request, pk):
    person = family_for(request.user, pk)
    context = {
        "person": person,
        "rows": business_rows(person, today=timezone.localdate()),
        "can_record": has_role(request.user, RECORD_MENTORING),
    }
    return render(request, "business/person_panel.html", context)


# Businesses


@login_required
@require_http_methods(["GET", "POST"])
def business_add(request, pk):
    person = family_for(request.user, pk, write=True)
    form = BusinessForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            business = business_save(
                actor=request.user,
                person=person,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, _("Business %(name)s saved.") % {"name": business.name})
            return redirect("business:detail", business_pk=business.pk)
    context = {
        "form": form,
        "person": person,
        "title": _("Add a business"),
        "back": reverse("business:person_businesses", args=[pk]),
    }
    return render(request, "business/business_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def business_edit(request, business_pk):
    business = business_for(request.user, business_pk, write=True)
    person = business.person
    form = BusinessForm(
        request.POST or None, initial=business_initial(business), user=request.user, person=person
    )
    if request.method == "POST" and form.is_valid():
        try:
            business_save(
                actor=request.user,
                person=person,
                business=business,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("business:detail", business_pk=business.pk)
    context = {
        "form": form,
        "person": person,
        "business": business,
        "title": _("Edit %(name)s") % {"name": business.name},
        "back": reverse("business:detail", args=[business.pk]),
    }
    return render(request, "business/business_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def business_remove(request, business_pk):
    business = business_for(request.user, business_pk, delete=True)
    if request.method == "POST":
        person_pk = business.person_id
        business_delete(actor=request.user, business=business)
        messages.success(request, _("Business deleted."))
        return redirect("business:person_businesses", pk=person_pk)
    context = {
        "business": business,
        "record_count": business.records.count(),
        "back": reverse("business:detail", args=[business.pk]),
    }
    return render(request, "business/business_confirm_delete.html", context)


@login_required
@require_GET
def business_detail(request, business_pk):
    business = business_for(request.user, business_pk)
    records = business.records.select_related("recorded_by").order_by("-month")
    page = Paginator(records, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = chart_records(business)
    chart = chart_data(shown)
    context = {
        "business": business,
        "person": business.person,
        "sector": sector_label(business.sector),
        "capital": [
            (capfirst(Business._meta.get_field(name).verbose_name), getattr(business, name))
            for name in CAPITAL_FIELDS
        ],
        "page": page,
        "records": [(r, may_change_record(request.user, r)) for r in page.object_list],
        "chart": chart,
        "chart_rows": [
            row
            for row in zip(chart["labels"], chart["revenue"], chart["profit"], strict=True)
            if row[1] is not None
        ],
        "summary": chart_summary(shown),
        "can_record": has_role(request.user, RECORD_MENTORING),
        "can_delete": has_role(request.user, RECORD_MENTORING)
        and may_delete_business(request.user, business),
    }
    return render(request, "business/business_detail.html", context)


# Monthly records


def _record_form_save(request, form, *, business, record=None):
    """Save the form through the service; None (with the errors on the form) if refused."""
    try:
        return monthly_record_save(
            actor=request.user,
            business=business,
            record=record,
            today=timezone.localdate(),
            **form.figures(),
        )
    except TenfoldJump as exc:
        _errors_onto(form, exc)
        form.ask_confirmation()
    except DuplicateMonth as exc:
        existing = exc.existing
        target = (
            reverse("business:record_edit", args=[existing.pk])
            if may_change_record(request.user, existing)
            else reverse("business:detail", args=[business.pk]) + f"#record-{existing.pk}"
        )
        form.add_error(
            "month",
            format_html(
                '{} <a href="{}" data-testid="duplicate-record-link">{}</a>',
                exc.messages[0],
                target,
                _("Open the %(month)s record") % {"month": month_label(existing.month)},
            ),
        )
    except ValidationError as exc:
        _errors_onto(form, exc)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def record_add(request, business_pk):
    business = business_for(request.user, business_pk, write=True)
    back = back_to(request, reverse("business:detail", args=[business.pk]))
    today = timezone.localdate()
    form = MonthlyRecordForm(
        request.POST or None,
        today=today,
        month=month_to_record(business, today=today),
        last_recorded=last_recorded_month(business),
    )
    if request.method == "POST" and form.is_valid():
        record = _record_form_save(request, form, business=business)
        if record is not None:
            messages.success(
                request,
                _("Record for %(month)s saved (%(name)s).")
                % {"month": month_label(record.month), "name": business.name},
            )
            return redirect(back)
    context = {
        "form": form,
        "business": business,
        "person": business.person,
        "back": back,
        "title": _("Monthly record"),
    }
    return render(request, "business/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, record_pk):
    record = record_for(request.user, record_pk, change=True)
    business = record.business
    back = back_to(request, reverse("business:detail", args=[business.pk]))
    form = MonthlyRecordForm(
        request.POST or None, initial=record_initial(record), today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        saved = _record_form_save(request, form, business=business, record=record)
        if saved is not None:
            messages.success(request, _("Record corrected."))
            return redirect(back)
    context = {
        "form": form,
        "business": business,
        "person": business.person,
        "record": record,
        "back": back,
        "title": _("Correct the %(month)s record") % {"month": month_label(record.month)},
    }
    return render(request, "business/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_remove(request, record_pk):
    record = record_for(request.user, record_pk, change=True)
    back = reverse("business:detail", args=[record.business_id])
    if request.method == "POST":
        monthly_record_delete(actor=request.user, record=record)
        messages.success(request, _("Record deleted."))
        return redirect(back)
    return render(request, "business/record_confirm_delete.html", {"record": record, "back": back})
