"""The mentoring screens: the mentor's home (and the coordinator's overdue worklist), visits,
the family's plan, the panel on the person page, and the peer mentor's own screen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from purna.accounts.access import has_role
from purna.accounts.models import Role
from purna.core.mentoring import next_visit_due
from purna.mentors.access import RECORD_MENTORING, families_for, family_for
from purna.redirects import back_to

from .access import may_change_visit, plan_for, visit_for
from .forms import (
    HomeFilterForm,
    PlanActionFormSet,
    PlanAgreeForm,
    PlanForm,
    VisitForm,
    plan_actions,
    visit_initial,
)
from .selectors import (
    latest_plan,
    mentoring_row,
    mentoring_rows,
    not_yet_in_practice,
    peer_families,
    plan_versions,
    practice_started_on,
    visits_of,
)
from .services import (
    DuplicateVisit,
    mentoring_plan_agree,
    mentoring_plan_create,
    visit_delete,
    visit_record,
    visit_update,
)

PAGE_SIZE = 25
VISITS_PAGE_SIZE = 20
PANEL_VISITS = 3


def _errors_onto(form, exc: ValidationError) -> None:
    """A service's errors onto the form: by field where the form has it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@login_required
@require_GET
def home(request):
    """A mentor's families, the overdue first; for staff, the families in their area with
    filters: the coordinator's overdue worklist."""
    if has_role(request.user, {Role.PEER_MENTOR}):
        return redirect("mentoring:peer_home")
    people = families_for(request.user)
    is_mentor = request.user.role == Role.MENTOR
    form = HomeFilterForm(request.GET or None, people=people, with_mentor=not is_mentor)
    rows = mentoring_rows(form.apply(people), today=timezone.localdate())
    overdue_count = sum(1 for row in rows if row.overdue)
    if form.only_overdue:
        rows = [row for row in rows if row.overdue]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "overdue_count": overdue_count,
        "is_mentor": is_mentor,
        "waiting": list(not_yet_in_practice(people)) if is_mentor else [],
        "can_record": has_role(request.user, RECORD_MENTORING),
    }
    partial = request.headers.get("HX-Request")
    template = "mentoring/_home_results.html" if partial else "mentoring/home.html"
    return render(request, template, context)


@login_required
@require_GET
def peer_home(request):
    """A peer mentor's families: names, villages and businesses, nothing else."""
    families = peer_families(request.user)
    return render(request, "mentoring/peer_home.html", {"families": families})


@login_required
@require_GET
def person_panel(request, pk):
    person = family_for(request.user, pk)
    started = practice_started_on(person)
    context = {
        "person": person,
        "started": started,
        "row": mentoring_row(person, today=timezone.localdate()) if started else None,
        "plan": latest_plan(person),
        "visits": list(visits_of(person)[:PANEL_VISITS]),
        "visit_count": person.visits.count(),
        "can_record": has_role(request.user, RECORD_MENTORING),
    }
    return render(request, "mentoring/person_panel.html", context)


# Visits


@login_required
@require_http_methods(["GET", "POST"])
def visit_add(request, pk):
    person = family_for(request.user, pk, write=True)
    back = back_to(request, reverse("people:detail", args=[pk]))
    started = practice_started_on(person)
    if started is None:
        messages.warning(request, _("Mentoring visits start with business practice."))
        return redirect(back)
    today = timezone.localdate()
    form = VisitForm(
        request.POST or None, request.FILES or None, cadence_due=next_visit_due(started, today)
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit_record(actor=request.user, person=person, **form.cleaned_data)
        except DuplicateVisit:
            # A second tap on "Save": the first one saved it.
            messages.info(
                request,
                _("This visit to %(name)s was already saved.") % {"name": person.full_name},
            )
            return redirect(back)
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, _("Visit to %(name)s saved.") % {"name": person.full_name})
            return redirect(back)
    context = {"form": form, "person": person, "back": back, "title": _("Log a visit")}
    return render(request, "mentoring/visit_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request, visit_pk):
    visit = visit_for(request.user, visit_pk, change=True)
    person = visit.person
    back = back_to(request, reverse("mentoring:visit_list", args=[person.pk]))
    form = VisitForm(
        request.POST or None, request.FILES or None, initial=visit_initial(visit), editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit_update(actor=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, _("Visit corrected."))
            return redirect(back)
    context = {
        "form": form,
        "person": person,
        "visit": visit,
        "back": back,
        "title": _("Correct a visit"),
    }
    return render(request, "mentoring/visit_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def visit_remove(request, visit_pk):
    visit = visit_for(request.user, visit_pk, change=True)
    back = reverse("mentoring:visit_list", args=[visit.person_id])
    if request.method == "POST":
        visit_delete(actor=request.user, visit=visit)
        messages.success(request, _("Visit deleted."))
        return redirect(back)
    return render(request, "mentoring/visit_confirm_delete.html", {"visit": visit, "back": back})


@login_required
@require_GET
def visit_list(request, pk):
    person = family_for(request.user, pk)
    page = Paginator(visits_of(person), VISITS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "person": person,
        "page": page,
        "visits": [(v, may_change_visit(request.user, v)) for v in page.object_list],
        "can_record": has_role(request.user, RECORD_MENTORING),
        "in_practice": practice_started_on(person) is not None,
    }
    return render(request, "mentoring/visit_list.html", context)


@login_required
@require_GET
def visit_photo(request, visit_pk):
    """A visit's photo, only to who may see the family."""
    visit = visit_for(request.user, visit_pk)
    if not visit.photo:
        raise Http404
    response = FileResponse(visit.photo.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The plan


@login_required
@require_GET
def plan_detail(request, pk):
    person = family_for(request.user, pk)
    versions = plan_versions(person)
    newest = versions[0].plan if versions else None
    can_record = has_role(request.user, RECORD_MENTORING)
    context = {
        "person": person,
        "versions": versions,
        "newest": newest,
        "started": practice_started_on(person),
        "can_record": can_record,
        "agree_form": PlanAgreeForm() if can_record and newest and not newest.agreed_on else None,
    }
    return render(request, "mentoring/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request, pk):
    """A new version, prefilled from the newest: versions are never edited."""
    person = family_for(request.user, pk, write=True)
    previous = latest_plan(person)
    initial = (
        {
            "business_goal": previous.business_goal,
            "family_goal": previous.family_goal,
            "schooling_goal": previous.schooling_goal,
        }
        if previous
        else None
    )
    actions = (
        [
            {"description": a.description, "who": a.who, "due_on": a.due_on}
            for a in previous.actions.all()
        ]
        if previous
        else None
    )
    form = PlanForm(request.POST or None, initial=initial)
    formset = PlanActionFormSet(request.POST or None, initial=actions, prefix="actions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            plan = mentoring_plan_create(
                actor=request.user,
                person=person,
                actions=plan_actions(formset),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(
                request,
                _("Version %(version)d of the plan saved. Record the family's agreement.")
                % {"version": plan.version},
            )
            return redirect("mentoring:plan", pk=pk)
    context = {"person": person, "form": form, "formset": formset, "previous": previous}
    return render(request, "mentoring/plan_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_agree(request, plan_pk):
    plan = plan_for(request.user, plan_pk, write=True)
    form = PlanAgreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mentoring_plan_agree(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, _("The family's agreement is recorded."))
            return redirect("mentoring:plan", pk=plan.person_id)
    context = {"plan": plan, "person": plan.person, "form": form}
    return render(request, "mentoring/plan_agree.html", context)
