"""A family's mentors: who still needs one, assigning, changing and ending with a reason,
the family's wish for a mentor of the same sex, and the panel on the person page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from purna.accounts.access import has_role, require_role
from purna.redirects import back_to

from .access import MANAGE_MENTORING, RECORD_MENTORING, family_for, may_manage
from .forms import (
    AssignmentChangeForm,
    AssignmentEndForm,
    AssignmentStartForm,
    DistrictFilterForm,
    PreferenceForm,
)
from .models import Kind, MentorPreference
from .selectors import (
    assignment_for,
    families_needing,
    open_assignments,
    practice_started_on,
)
from .services import assignment_change, assignment_end, assignment_start, preference_set
from .views import _add_errors

PAGE_SIZE = 25


def _person_page(pk: int) -> str:
    return reverse("people:detail", args=[pk]) + "#mentors"


@login_required
@require_GET
def needs(request):
    """Practising families without a staff mentor, and (second section) without a peer
    mentor; each section has its own pages."""
    require_role(request.user, MANAGE_MENTORING)
    form = DistrictFilterForm(request.GET or None, user=request.user)
    district = form.cleaned_data["district"] if form.is_valid() else ""
    sections = []
    for kind, param, title in (
        (Kind.STAFF, "page", _("Without a staff mentor")),
        (Kind.PEER, "peer_page", _("Without a peer mentor")),
    ):
        people = families_needing(request.user, kind, district=district or None)
        page = Paginator(people, PAGE_SIZE).get_page(request.GET.get(param))
        sections.append({"kind": kind, "param": param, "title": title, "page": page})
    return render(
        request,
        "mentors/needs.html",
        {"form": form, "sections": sections, "district": district},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preference(request, pk):
    person = family_for(request.user, pk, write=True)
    current = MentorPreference.objects.filter(person=person).first()
    initial = {"same_sex": current.same_sex, "note": current.note} if current else {}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        preference_set(actor=request.user, person=person, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(back_to(request, _person_page(pk)))
    return render(
        request,
        "mentors/family_form.html",
        {
            "form": form,
            "person": person,
            "title": _("Mentor wishes of %(name)s") % {"name": person.full_name},
            "submit": _("Save"),
            "cancel": _person_page(pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, pk, kind):
    if kind not in Kind.values:
        raise Http404
    person = family_for(request.user, pk)
    require_role(request.user, MANAGE_MENTORING)
    form = AssignmentStartForm(request.POST or None, user=request.user, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_start(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Mentor assigned."))
            return redirect(_person_page(pk))
    return render(
        request,
        "mentors/family_form.html",
        {
            "form": form,
            "person": person,
            "title": _("Assign a %(kind)s to %(name)s")
            % {"kind": str(Kind(kind).label).lower(), "name": person.full_name},
            "submit": _("Assign"),
            "cancel": _person_page(pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def change(request, pk):
    assignment = assignment_for(request.user, pk, manage=True)
    form = AssignmentChangeForm(
        request.POST or None, user=request.user, kind=assignment.kind, exclude=assignment.mentor
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            assignment_change(
                actor=request.user, assignment=assignment, new_mentor=data.pop("mentor"), **data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Mentor changed. The previous assignment is kept."))
            return redirect(_person_page(assignment.person_id))
    return render(
        request,
        "mentors/family_form.html",
        {
            "form": form,
            "person": assignment.person,
            "assignment": assignment,
            "title": _("Change the mentor of %(name)s") % {"name": assignment.person.full_name},
            "submit": _("Change mentor"),
            "cancel": _person_page(assignment.person_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def end(request, pk):
    assignment = assignment_for(request.user, pk, manage=True)
    form = AssignmentEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_end(actor=request.user, assignment=assignment, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Assignment ended. It stays in the history."))
            return redirect(_person_page(assignment.person_id))
    return render(
        request,
        "mentors/family_form.html",
        {
            "form": form,
            "person": assignment.person,
            "assignment": assignment,
            "title": _("End the mentoring of %(name)s by %(mentor)s")
            % {"name": assignment.person.full_name, "mentor": assignment.mentor.name},
            "submit": _("End assignment"),
            "danger": True,
            "cancel": _person_page(assignment.person_id),
        },
    )


@login_required
@require_GET
def person_panel(request, pk):
    """The family's mentors for the person page: current staff and peer mentor, the whole
    history with reasons, and what a coordinator may do next."""
    person = family_for(request.user, pk)
    current = open_assignments(person)
    started = practice_started_on(person)
    active = person.withdrawn_on is None and person.graduated_on is None
    manage = may_manage(request.user)
    slots = [
        {
            "kind": kind,
            "label": label,
            "assignment": current.get(kind),
            "may_assign": manage and active and kind not in current,
        }
        for kind, label in Kind.choices
    ]
    context = {
        "person": person,
        "slots": slots,
        "history": person.mentor_assignments.select_related("mentor").order_by(
            "-started_on", "-pk"
        ),
        "practice_started_on": started,
        "preference": MentorPreference.objects.filter(person=person).first(),
        "manage": manage,
        "active": active,
        "may_edit_preference": active and has_role(request.user, RECORD_MENTORING),
    }
    return render(request, "mentors/person_panel.html", context)
