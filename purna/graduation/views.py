"""Independence screens: decent-life checks, the families ready for independence, the
coordinator's confirmation (and its undo), the rules, sustainability checks after
graduation, the checks due, and the panel on the family's page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from purna.accounts.access import has_role
from purna.areas.models import District
from purna.mentors.access import MANAGE_MENTORING, RECORD_MENTORING, family_for
from purna.programme.field_tests import field_test_due

from . import selectors, services
from .access import (
    EDIT_RULES,
    candidates_scope,
    checks_due_scope,
    family_to_manage,
    rules_editor,
)
from .forms import (
    ConfirmForm,
    DecentLifeCheckForm,
    RevokeForm,
    RulesForm,
    SustainabilityCheckForm,
)
from .models import GraduationRules

PAGE_SIZE = 50


def _person_page(pk: int):
    return redirect("people:detail", pk=pk)


def _partial(request, full: str, partial: str) -> str:
    return partial if request.headers.get("HX-Request") else full


# --- decent-life checks --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decent_life_new(request, pk):
    person = family_for(request.user, pk, write=True)
    today = timezone.localdate()
    if selectors.practice_started(person) is None:
        messages.warning(request, _("Decent-life checks start when business practice starts."))
        return _person_page(pk)
    school_age = len(selectors.school_age_children(person, today))
    form = DecentLifeCheckForm(request.POST or None, school_age=school_age)
    if request.method == "POST" and form.is_valid():
        try:
            services.decent_life_check_record(
                actor=request.user, person=person, today=today, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Decent-life check saved."))
            return _person_page(pk)
    return render(request, "graduation/decent_life_form.html", {"form": form, "person": person})


# --- sustainability checks -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sustainability_new(request, pk):
    person = family_for(request.user, pk, write=True)
    if person.graduated_on is None:
        messages.warning(request, _("Sustainability checks are for families that are independent."))
        return _person_page(pk)
    form = SustainabilityCheckForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.sustainability_check_record(
                actor=request.user, person=person, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Sustainability check saved."))
            return _person_page(pk)
    return render(request, "graduation/sustainability_form.html", {"form": form, "person": person})


# --- graduation ----------------------------------------------------------------------------


class DistrictField(forms.ModelChoiceField):
    """Districts by name: people know them by name, not by code."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class CandidateFilterForm(forms.Form):
    district = DistrictField(
        label=gettext_lazy("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=gettext_lazy("All districts"),
    )
    ready = forms.BooleanField(label=gettext_lazy("Ready only"), required=False)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


@login_required
@require_GET
def candidates(request):
    scope = candidates_scope(request.user)
    districts = District.objects.filter(
        pk__in=selectors.in_mentoring(scope).values("village__district")
    ).order_by("name")
    form = CandidateFilterForm(request.GET or None, districts=districts)
    chosen = form.cleaned_data if form.is_valid() else {}
    district = chosen.get("district")
    rows = selectors.candidates(
        request.user,
        today=timezone.localdate(),
        district=district.pk if district else None,
        ready_only=bool(chosen.get("ready")),
    )
    context = {
        "form": form,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "ready_count": sum(1 for row in rows if row.ready),
        "rules": selectors.rules_statement(selectors.rules_current()),
        "can_edit_rules": has_role(request.user, EDIT_RULES),
    }
    template = _partial(request, "graduation/candidates.html", "graduation/_candidates.html")
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request, pk):
    person = family_to_manage(request.user, pk)
    if person.graduated_on is not None:
        messages.info(request, _("This family is already independent."))
        return _person_page(pk)
    today = timezone.localdate()
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.graduation_confirm(
                actor=request.user, person=person, today=today, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Confirmed: the family is independent."))
            if selectors.invitation_for(person) is not None:
                messages.info(request, _("An invitation to the field test is in the outbox."))
            elif field_test_due(person):
                messages.warning(
                    request,
                    _(
                        "No invitation to the field test was queued: the family has not "
                        "agreed to be contacted, or has no phone number. Invite it in person."
                    ),
                )
            return _person_page(pk)
    context = {
        "form": form,
        "person": person,
        "evaluation": selectors.evaluation_for(person, today=today),
        "rules": selectors.rules_statement(selectors.rules_current()),
    }
    return render(request, "graduation/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    person = family_to_manage(request.user, pk)
    if person.graduated_on is None:
        messages.info(request, _("This family is not independent."))
        return _person_page(pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.graduation_revoke(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The graduation was undone: the family is back in mentoring.")
            )
            return _person_page(pk)
    return render(request, "graduation/revoke.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def rules(request):
    rules_editor(request.user)
    form = RulesForm(request.POST or None, instance=GraduationRules.current())
    if request.method == "POST" and form.is_valid():
        try:
            services.graduation_rules_save(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Graduation rules saved."))
            return redirect("graduation:candidates")
    return render(request, "graduation/rules.html", {"form": form})


# --- checks due ----------------------------------------------------------------------------


class ChecksDueFilterForm(forms.Form):
    district = DistrictField(
        label=gettext_lazy("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=gettext_lazy("All districts"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Check"),
        required=False,
        choices=[
            ("", gettext_lazy("All checks")),
            (selectors.DECENT_LIFE, gettext_lazy("Decent-life checks (in practice)")),
            (selectors.SUSTAINABILITY, gettext_lazy("Sustainability checks (independent)")),
        ],
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


@login_required
@require_GET
def checks_due(request):
    scope = checks_due_scope(request.user)
    districts = District.objects.filter(pk__in=scope.values("village__district")).order_by("name")
    form = ChecksDueFilterForm(request.GET or None, districts=districts)
    chosen = form.cleaned_data if form.is_valid() else {}
    district = chosen.get("district")
    rows = selectors.checks_due(
        request.user,
        today=timezone.localdate(),
        district=district.pk if district else None,
        kind=chosen.get("kind") or None,
    )
    context = {
        "form": form,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "due_within": selectors.DUE_WITHIN_DAYS,
    }
    template = _partial(request, "graduation/checks_due.html", "graduation/_checks_due.html")
    return render(request, template, context)


# --- the family's page ---------------------------------------------------------------------


@login_required
@require_GET
def person_panel(request, pk):
    person = family_for(request.user, pk)
    today = timezone.localdate()
    checks = list(person.decent_life_checks.all())
    in_practice = selectors.practice_started(person) is not None
    context = {
        "person": person,
        "in_practice": in_practice,
        "decent_life_due": selectors.decent_life_due(person, today=today),
        "checks": checks,
        "latest": selectors.indicator_rows(checks[0]) if checks else [],
        "evaluation": (
            selectors.evaluation_for(person, today=today)
            if in_practice and person.graduated_on is None and person.withdrawn_on is None
            else None
        ),
        "graduation": getattr(person, "graduation", None) if person.graduated_on else None,
        "sustainability_due": selectors.sustainability_due(person, today=today),
        "sustainability_checks": list(person.sustainability_checks.all()),
        "can_record": has_role(request.user, RECORD_MENTORING),
        "can_manage": has_role(request.user, MANAGE_MENTORING),
    }
    return render(request, "graduation/_panel.html", context)
