"""Cohort screens: the list, a new cohort, the cohort page (enrolment from the worklist,
waiting list, family co-attendance), the roll call, test scores and certificates."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from purna.accounts.access import MANAGE_PROGRAMME, has_role, require_role
from purna.core.cohorts import seats

from . import cohorts
from .cohort_access import can_manage, can_run, cohort_for, cohorts_for, visible_enrolments
from .cohort_forms import (
    FINISHED,
    ONGOING,
    TIMING_LABELS,
    UPCOMING,
    CohortCreateForm,
    CohortFilterForm,
    EnrolForm,
    FamilyForm,
    RollCallForm,
    ScoresForm,
    attendee_key,
    roll_key,
)
from .models import Attendance, Enrolment

PAGE_SIZE = 25
DISTANCE_LABELS = {
    0: gettext_lazy("same village"),
    1: gettext_lazy("same district"),
    2: gettext_lazy("same regency"),
}
FURTHER = gettext_lazy("further")
TIMING_BADGES = {
    UPCOMING: "text-bg-light border",
    ONGOING: "text-bg-primary",
    FINISHED: "text-bg-secondary",
}


def _detail(cohort, anchor: str = ""):
    return redirect(reverse("programme:cohort_detail", args=[cohort.pk]) + anchor)


def _timing(first: date | None, last: date | None, today: date) -> str:
    if first is None or first > today:
        return UPCOMING
    return FINISHED if last < today else ONGOING


@login_required
@require_GET
def cohort_list(request):
    today = timezone.localdate()
    found = (
        cohorts_for(request.user)
        .select_related("module", "institution", "venue__district")
        .annotate(
            enrolled=Count(
                "enrolments", filter=Q(enrolments__state=Enrolment.State.ENROLLED), distinct=True
            ),
            waiting=Count(
                "enrolments", filter=Q(enrolments__state=Enrolment.State.WAITLISTED), distinct=True
            ),
            first_on=Min("sessions__held_on"),
            last_on=Max("sessions__held_on"),
        )
        .order_by("-first_on", "-id")
    )
    form = CohortFilterForm(request.GET or None)
    if form.is_valid():
        f = form.cleaned_data
        if f["module"]:
            found = found.filter(module__code=f["module"])
        if f["timing"] == UPCOMING:
            found = found.filter(first_on__gt=today)
        elif f["timing"] == ONGOING:
            found = found.filter(first_on__lte=today, last_on__gte=today)
        elif f["timing"] == FINISHED:
            found = found.filter(last_on__lt=today)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    for cohort in page.object_list:
        cohort.timing = _timing(cohort.first_on, cohort.last_on, today)
        cohort.timing_label = TIMING_LABELS[cohort.timing]
        cohort.timing_badge = TIMING_BADGES[cohort.timing]
        cohort.seats_left = seats(cohort.capacity, cohort.enrolled)
    context = {
        "form": form,
        "page": page,
        "can_create": has_role(request.user, MANAGE_PROGRAMME),
    }
    return render(request, "programme/cohort_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_new(request):
    require_role(request.user, MANAGE_PROGRAMME)
    form = CohortCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = cohorts.cohort_create(
                actor=request.user,
                module=data["module"],
                institution=data["institution"],
                name=data["name"],
                venue=data["venue"],
                capacity=data["capacity"],
                session_dates=form.session_dates(),
                facilitators=data["facilitators"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Cohort created. Enrol returnees from the worklist."))
            return _detail(cohort, "#worklist")
    return render(request, "programme/cohort_form.html", {"form": form, "title": _("New cohort")})


@login_required
@require_GET
def cohort_detail(request, pk):
    cohort = cohort_for(request.user, pk)
    return render(request, "programme/cohort_detail.html", _detail_context(request, cohort))


def _detail_context(request, cohort) -> dict:
    user = request.user
    manage = can_manage(user, cohort)
    sessions = list(
        cohort.sessions.annotate(
            roll=Count("attendance"),
            present=Count("attendance", filter=Q(attendance__present=True)),
        )
    )
    states = dict(
        cohort.enrolments.order_by()
        .values("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    enrolled_total = states.get(Enrolment.State.ENROLLED, 0)
    waiting_total = states.get(Enrolment.State.WAITLISTED, 0)
    visible = list(
        visible_enrolments(user, cohort)
        .filter(state__in=cohorts.ACTIVE)
        .select_related("person__village__district")
        .prefetch_related("family", "person__household")
        .annotate(
            attended=Count(
                "attendance",
                filter=Q(attendance__member__isnull=True, attendance__present=True),
            )
        )
        .order_by("enrolled_at", "id")
    )
    enrolled = sorted(
        (e for e in visible if e.state == Enrolment.State.ENROLLED),
        key=lambda e: (e.person.full_name, e.pk),
    )
    waiting = [e for e in visible if e.state == Enrolment.State.WAITLISTED]
    with_family = manage and cohort.module.code in cohorts.FAMILY_MODULES
    context = {
        "cohort": cohort,
        "facilitators": cohort.facilitators.order_by("first_name", "username"),
        "sessions": sessions,
        "first_on": sessions[0].held_on if sessions else None,
        "last_on": sessions[-1].held_on if sessions else None,
        "enrolled": enrolled,
        "waiting": waiting,
        "enrolled_total": enrolled_total,
        "waiting_total": waiting_total,
        "hidden": enrolled_total + waiting_total - len(visible),
        "seats_left": seats(cohort.capacity, enrolled_total),
        "can_manage": manage,
        "can_run": can_run(user, cohort),
        "with_family": with_family,
    }
    if manage:
        worklist = cohorts.cohort_worklist(cohort, user)
        try:
            select = max(0, min(int(request.GET.get("select", 0)), len(worklist)))
        except ValueError:
            select = 0
        context["worklist"] = [
            (person, DISTANCE_LABELS.get(distance, FURTHER), n < select)
            for n, (person, distance) in enumerate(worklist)
        ]
        context["select"] = select or min(len(worklist), context["seats_left"]) or ""
    return context


@login_required
@require_POST
def enrol(request, pk):
    cohort = cohort_for(request.user, pk, manage=True)
    worklist = cohorts.cohort_worklist(cohort, request.user)
    form = EnrolForm(request.POST, worklist=worklist)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["people"]))
        return _detail(cohort, "#worklist")
    chosen = set(form.cleaned_data["people"])
    people = [person for person, _distance in worklist if person.pk in chosen]
    try:
        enrolments = cohorts.cohort_enrol(actor=request.user, cohort=cohort, people=people)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _detail(cohort, "#worklist")
    enrolled = sum(e.state == Enrolment.State.ENROLLED for e in enrolments)
    waiting = len(enrolments) - enrolled
    if enrolled:
        messages.success(
            request,
            ngettext("%(count)d returnee enrolled.", "%(count)d returnees enrolled.", enrolled)
            % {"count": enrolled},
        )
    if waiting:
        messages.warning(
            request,
            ngettext(
                "The cohort is full: %(count)d returnee is on the waiting list.",
                "The cohort is full: %(count)d returnees are on the waiting list.",
                waiting,
            )
            % {"count": waiting},
        )
    return _detail(cohort, "#enrolled")


def _active_enrolment(user, cohort, enrolment_pk: int) -> Enrolment:
    return get_object_or_404(
        visible_enrolments(user, cohort)
        .filter(state__in=cohorts.ACTIVE)
        .select_related("person", "cohort__module"),
        pk=enrolment_pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk, enrolment_pk):
    cohort = cohort_for(request.user, pk, manage=True)
    enrolment = _active_enrolment(request.user, cohort, enrolment_pk)
    if request.method == "POST":
        cohorts.enrolment_cancel(actor=request.user, enrolment=enrolment)
        messages.success(
            request,
            _("%(name)s no longer takes part in this cohort.")
            % {"name": enrolment.person.full_name},
        )
        return _detail(cohort, "#enrolled")
    context = {"cohort": cohort, "enrolment": enrolment}
    return render(request, "programme/cohort_cancel.html", context)


@login_required
@require_POST
def family(request, pk, enrolment_pk):
    cohort = cohort_for(request.user, pk, manage=True)
    if cohort.module.code not in cohorts.FAMILY_MODULES:
        raise Http404
    enrolment = _active_enrolment(request.user, cohort, enrolment_pk)
    form = FamilyForm(request.POST, enrolment=enrolment)
    if not form.is_valid():
        messages.error(request, _("Choose family members from the household list."))
        return _detail(cohort, "#enrolled")
    cohorts.enrolment_family_set(
        actor=request.user, enrolment=enrolment, members=form.cleaned_data["members"]
    )
    messages.success(
        request,
        _("Family members attending with %(name)s saved.") % {"name": enrolment.person.full_name},
    )
    return _detail(cohort, "#enrolled")


@login_required
@require_http_methods(["GET", "POST"])
def roll_call(request, pk, number):
    cohort = cohort_for(request.user, pk, roll_call=True)
    session = get_object_or_404(cohort.sessions, number=number)
    roll = cohorts.attendees(session)
    data = request.POST if request.method == "POST" else None  # nobody ticked: still a roll call
    form = RollCallForm(data, roll=roll)
    if request.method == "POST" and form.is_valid():
        present = form.present_set()
        cohorts.roll_call_save(actor=request.user, session=session, present=present)
        messages.success(
            request,
            _("Roll call of session %(number)d saved: %(present)d of %(total)d present.")
            % {"number": session.number, "present": len(present), "total": len(roll)},
        )
        return _detail(cohort, "#sessions")
    saved = Attendance.objects.filter(session=session)
    if request.method == "POST":
        ticked = set(request.POST.getlist("present"))
    else:
        ticked = {
            attendee_key(enrolment_id, member_id)
            for enrolment_id, member_id in saved.filter(present=True).values_list(
                "enrolment_id", "member_id"
            )
        }
    rows = [
        {
            "key": roll_key(enrolment, member),
            "enrolment": enrolment,
            "member": member,
            "present": roll_key(enrolment, member) in ticked,
        }
        for enrolment, member in roll
    ]
    context = {
        "cohort": cohort,
        "session": session,
        "sessions_total": cohort.sessions.count(),
        "rows": rows,
        "present_count": sum(r["present"] for r in rows),
        "taken": saved.exists(),
        "form": form,
    }
    return render(request, "programme/cohort_roll_call.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def scores(request, pk):
    cohort = cohort_for(request.user, pk, roll_call=True)
    enrolments = (
        cohort.enrolments.filter(state=Enrolment.State.ENROLLED)
        .select_related("person")
        .order_by("person__full_name", "id")
    )
    form = ScoresForm(request.POST if request.method == "POST" else None, enrolments=enrolments)
    if request.method == "POST" and form.is_valid():
        try:
            cohorts.cohort_scores_save(actor=request.user, cohort=cohort, scores=form.scores())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Test scores saved."))
            return _detail(cohort, "#enrolled")
    context = {"cohort": cohort, "form": form, "row_errors": form.row_errors()}
    return render(request, "programme/cohort_scores.html", context)


@login_required
@require_GET
def certificate(request, pk, enrolment_pk):
    cohort = cohort_for(request.user, pk)
    enrolment = get_object_or_404(
        visible_enrolments(request.user, cohort)
        .filter(completed_on__isnull=False)
        .select_related("person"),
        pk=enrolment_pk,
    )
    dates = cohort.sessions.aggregate(first=Min("held_on"), last=Max("held_on"))
    context = {
        "cohort": cohort,
        "enrolment": enrolment,
        "first_on": dates["first"],
        "last_on": dates["last"],
    }
    return render(request, "programme/cohort_certificate.html", context)
