from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from purna.accounts.access import (
    DELETE_RECORDS,
    EDIT_PEOPLE,
    MANAGE_PROGRAMME,
    RECORD_ASSESSMENTS,
    has_role,
    require_role,
)
from purna.areas.models import District
from purna.assessment.labels import QUADRANT_LABELS
from purna.assessment.selectors import assessment_rows, chart_points, quadrant_path
from purna.audit.selectors import person_trail
from purna.programme.field_tests import field_test_due
from purna.programme.selectors import person_plan_page

from . import services
from .access import people_for, person_for
from .forms import (
    ConsentForm,
    HouseholdMemberForm,
    MigrationEpisodeForm,
    PersonCreateForm,
    PersonFilterForm,
    PersonForm,
)
from .models import Consent, HouseholdMember, MigrationEpisode, Status
from .search import name_or_nik

PAGE_SIZE = 25
# Sections of the person page served by the apps above this one (by URL name, so this app
# imports none of them): mentors, mentoring plan and visits, businesses, independence,
# helpdesk requests.
PERSON_PANELS = (
    "mentors:person_panel",
    "mentoring:person_panel",
    "business:person_panel",
    "graduation:person_panel",
    "helpdesk:person_panel",
)

# The records kept beside a person that share one set of add/edit/delete screens.
RELATED = {
    "household": (HouseholdMember, HouseholdMemberForm, "household"),
    "migration": (MigrationEpisode, MigrationEpisodeForm, "migrations"),
    "consent": (Consent, ConsentForm, "consents"),
}


@login_required
@require_GET
def person_list(request):
    people = people_for(request.user).select_related("village__district")
    districts = District.objects.filter(pk__in=people.values("village__district")).order_by("name")
    form = PersonFilterForm(request.GET or None, districts=districts, statuses=Status.choices)
    if form.is_valid():
        f = form.cleaned_data
        if f["q"]:
            people = people.filter(name_or_nik(f["q"]))
        if f["district"]:
            people = people.filter(village__district=f["district"])
        if f["quadrant"] == "none":
            people = people.filter(quadrant="")
        elif f["quadrant"]:
            people = people.filter(quadrant=f["quadrant"])
        if f["status"]:
            people = people.filter(status=f["status"])
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_register": has_role(request.user, EDIT_PEOPLE),
    }
    template = "people/_results.html" if request.headers.get("HX-Request") else "people/list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    require_role(request.user, EDIT_PEOPLE)
    form = PersonCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            person = services.person_create(actor=request.user, **data)
        except services.DuplicateNik as exc:
            form.add_error("nik", _duplicate_message(request.user, exc.existing))
        else:
            messages.success(request, _("Returnee registered."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "title": _("Register a returnee")})


def _duplicate_message(user, existing):
    if people_for(user).filter(pk=existing.pk).exists():
        return format_html(
            '{} <a href="{}">{}</a>',
            _("This NIK is already registered:"),
            reverse("people:detail", args=[existing.pk]),
            existing.full_name,
        )
    return _("This NIK is already registered in another area. Ask your coordinator.")


@login_required
@require_GET
def person_detail(request, pk):
    person = person_for(request.user, pk)
    rows = assessment_rows(person)
    context = {
        "person": person,
        "rows": rows,
        "chart": {
            "points": chart_points(rows),
            "path": quadrant_path(rows),
            "threshold": _threshold(person),
        },
        "plan": person_plan_page(person, attach=has_role(request.user, MANAGE_PROGRAMME)),
        "field_test_due": field_test_due(person),
        "field_tests": person.field_tests.prefetch_related("photos"),
        "quadrant_label": QUADRANT_LABELS.get(person.quadrant, ""),
        "consent": services.consent_current(person),
        "audit": person_trail(person.pk),
        "panel_urls": [reverse(name, args=[person.pk]) for name in PERSON_PANELS],
        "can_edit": has_role(request.user, EDIT_PEOPLE),
        "can_assess": has_role(request.user, RECORD_ASSESSMENTS),
        "can_delete": has_role(request.user, DELETE_RECORDS),
    }
    return render(request, "people/detail.html", context)


def _threshold(person) -> float:
    current = person.current_assessment
    return current.instrument.threshold if current else 50.0


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = person_for(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        # The form wrote the values onto the instance; the service audits the difference.
        fresh = person_for(request.user, pk, write=True)
        try:
            services.person_update(actor=request.user, person=fresh, **form.cleaned_data)
        except services.DuplicateNik as exc:
            form.add_error("nik", _duplicate_message(request.user, exc.existing))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:detail", pk=pk)
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": person.full_name},
            "person": person,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_delete(request, pk):
    person = person_for(request.user, pk, delete=True)
    if request.method == "POST":
        services.person_delete(actor=request.user, person=person)
        messages.success(request, _("The returnee's record was deleted."))
        return redirect("people:list")
    return render(
        request,
        "people/confirm_delete.html",
        {
            "person": person,
            "object": person,
            "cancel": reverse("people:detail", args=[pk]),
        },
    )


# A consent is a dated statement: a new one supersedes it, it is never edited or deleted.
APPEND_ONLY = {"consent"}


def _related(kind: str, *, changing: bool = False):
    if kind not in RELATED or (changing and kind in APPEND_ONLY):
        raise Http404
    return RELATED[kind]


@login_required
@require_http_methods(["GET", "POST"])
def related_edit(request, pk, kind, record_pk=None):
    model, form_class, related_name = _related(kind, changing=record_pk is not None)
    person = person_for(request.user, pk, write=True)
    instance = (
        get_object_or_404(getattr(person, related_name), pk=record_pk)
        if record_pk
        else model(person=person)
    )
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        if kind == "consent":
            fields["recorded_by"] = request.user
        fresh = get_object_or_404(model, pk=record_pk) if record_pk else model(person=person)
        services.record_save(actor=request.user, instance=fresh, **fields)
        messages.success(request, _("Saved."))
        return redirect(reverse("people:detail", args=[pk]) + f"#{kind}")
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "person": person,
            "title": model._meta.verbose_name.capitalize(),
            "cancel": reverse("people:detail", args=[pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def related_delete(request, pk, kind, record_pk):
    model, _form, related_name = _related(kind, changing=True)
    person = person_for(request.user, pk, write=True)
    instance = get_object_or_404(getattr(person, related_name), pk=record_pk)
    if request.method == "POST":
        services.record_delete(actor=request.user, instance=instance)
        messages.success(request, _("Deleted."))
        return redirect(reverse("people:detail", args=[pk]) + f"#{kind}")
    return render(
        request,
        "people/confirm_delete.html",
        {
            "person": person,
            "object": instance,
            "cancel": reverse("people:detail", args=[pk]),
        },
    )
