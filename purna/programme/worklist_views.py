"""Follow-up screens: the index with a count per worklist, and each list with a district
filter, a "mine" filter and a CSV export."""

import csv
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from purna.accounts.access import (
    EDIT_PEOPLE,
    MANAGE_PROGRAMME,
    SEE_PEOPLE,
    area_q,
    has_role,
    require_role,
)
from purna.areas.models import District
from purna.core.spreadsheet import neutralise_formula
from purna.people.access import people_for

from .models import Cohort
from .worklists import WORKLISTS, Column, Row, Worklist

PAGE_SIZE = 50


class FollowUpFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False,
        empty_label=_("All districts"),
    )  # fmt: skip
    mine = forms.BooleanField(
        label=_("Only my cohorts"),
        required=False,
        help_text=_("Cohorts you facilitate and the people who are or were in them."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Districts where the user has people or cohort venues, not all of Indonesia.
        self.fields["district"].queryset = District.objects.filter(
            Q(pk__in=people_for(user).values("village__district"))
            | Q(pk__in=Cohort.objects.filter(area_q(user, "venue")).values("venue__district"))
        ).order_by("name")


def _filters(request) -> tuple[FollowUpFilterForm, dict]:
    form = FollowUpFilterForm(request.GET or None, user=request.user)
    chosen = form.cleaned_data if form.is_valid() else {}
    district = chosen.get("district")
    return form, {
        "today": timezone.localdate(),
        "district": district.pk if district else None,
        "facilitator": request.user if chosen.get("mine") else None,
    }


def _columns(user, worklist: Worklist) -> list[tuple[int, Column]]:
    """The columns this user may see: contact details only for roles that edit people,
    as on the person page."""
    shows_contact = has_role(user, EDIT_PEOPLE)
    return [(i, c) for i, c in enumerate(worklist.columns) if shows_contact or not c.contact]


@login_required
@require_GET
def followup_index(request):
    require_role(request.user, SEE_PEOPLE)
    form, filters = _filters(request)
    lists = [(w, len(w.select(request.user, **filters))) for w in WORKLISTS.values()]
    context = {
        "form": form,
        "lists": lists,
        "can_see_outbox": has_role(request.user, MANAGE_PROGRAMME),
        "can_see_checks": has_role(request.user, EDIT_PEOPLE),
    }
    return render(request, "programme/worklist_index.html", context)


@login_required
@require_GET
def followup_list(request, slug):
    require_role(request.user, SEE_PEOPLE)
    worklist = WORKLISTS.get(slug)
    if worklist is None:
        raise Http404
    form, filters = _filters(request)
    rows = worklist.select(request.user, **filters)
    columns = _columns(request.user, worklist)
    if request.GET.get("format") == "csv":
        return _csv(worklist, columns, rows, filters["today"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "worklist": worklist,
        "form": form,
        "headers": [c.label for _i, c in columns],
        "page": page,
        "lines": [(row, [row.cells[i] for i, _c in columns]) for row in page.object_list],
    }
    template = (
        "programme/worklist_results.html"
        if request.headers.get("HX-Request")
        else "programme/worklist.html"
    )
    return render(request, template, context)


def _csv(worklist: Worklist, columns, rows: list[Row], today: date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="follow-up-{worklist.slug}-{today.isoformat()}.csv"'
    )
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow([c.key for _i, c in columns])
    for row in rows:
        writer.writerow([_cell(row.cells[i]) for i, _c in columns])
    return response


def _cell(value) -> str | int:
    """Text neutralised for spreadsheets; numbers stay numbers, dates ISO, unknown empty."""
    if value is None:
        return ""
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise_formula(str(value))
