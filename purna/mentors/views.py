"""The mentor directory: list, one mentor, create and edit a staff mentor, add a peer mentor
from a confirmed returnee, deactivate and reactivate. Admins and coordinators only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import MentorFilterForm, MentorForm, PeerMentorForm, sector_labels
from .models import Kind, Mentor
from .selectors import districts_for, mentor_for, mentor_new_for, mentors_for, with_load
from .services import (
    mentor_deactivate,
    mentor_reactivate,
    mentor_save,
    peer_mentor_create,
)

PAGE_SIZE = 25


@login_required
@require_GET
def mentor_list(request):
    mentors = (
        with_load(mentors_for(request.user))
        .select_related("institution", "village")
        .prefetch_related("districts")
    )
    form = MentorFilterForm(request.GET or None, user=request.user)
    if form.is_valid():
        f = form.cleaned_data
        if f["q"]:
            mentors = mentors.filter(name__icontains=f["q"].strip())
        if f["kind"]:
            mentors = mentors.filter(kind=f["kind"])
        if f["active"]:
            mentors = mentors.filter(is_active=f["active"] == "yes")
        if f["district"]:
            mentors = mentors.filter(districts__code=f["district"]).distinct()
    page = Paginator(mentors.order_by("-is_active", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for mentor in page.object_list:
        mentor.sector_labels = sector_labels(mentor.sectors)
    context = {"form": form, "page": page}
    template = (
        "mentors/_mentor_results.html"
        if request.headers.get("HX-Request")
        else "mentors/mentor_list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def mentor_detail(request, pk):
    mentor = mentor_for(request.user, pk)
    assignments = mentor.assignments.select_related("person__village").order_by(
        "ended_on", "-started_on", "-pk"
    )
    context = {
        "mentor": mentor,
        "sectors": sector_labels(mentor.sectors),
        "districts": mentor.districts.order_by("name"),
        "open": [a for a in assignments if a.ended_on is None],
        "ended": [a for a in assignments if a.ended_on is not None],
    }
    return render(request, "mentors/mentor_detail.html", context)


def _districts(user, mentor: Mentor, chosen):
    """The districts chosen on the form, plus those the mentor covers outside the user's
    area (the form could not show them, so they are not the user's to remove)."""
    if mentor.pk is None:
        return list(chosen)
    outside = mentor.districts.exclude(pk__in=districts_for(user).values("pk"))
    return [*chosen, *outside]


@login_required
@require_http_methods(["GET", "POST"])
def mentor_edit(request, pk=None):
    mentor = mentor_for(request.user, pk) if pk else mentor_new_for(request.user)
    form = MentorForm(request.POST or None, user=request.user, mentor=mentor)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        districts = _districts(request.user, mentor, data.pop("districts"))
        fields = {"kind": Kind.STAFF, **data} if mentor.pk is None else data
        try:
            mentor = mentor_save(
                actor=request.user,
                mentor=Mentor.objects.get(pk=mentor.pk) if mentor.pk else mentor,
                districts=districts,
                **fields,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Mentor saved."))
            return redirect("mentors:detail", pk=mentor.pk)
    title = _("Edit %(name)s") % {"name": mentor.name} if mentor.pk else _("Add a staff mentor")
    return render(
        request,
        "mentors/mentor_form.html",
        {
            "form": form,
            "mentor": mentor,
            "title": title,
            "cancel": reverse("mentors:detail", args=[mentor.pk])
            if mentor.pk
            else reverse("mentors:list"),
        },
    )


def _add_errors(form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form field it names, if the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_http_methods(["GET", "POST"])
def peer_create(request):
    mentor_new_for(request.user, Kind.PEER)
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    form = PeerMentorForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            mentor = peer_mentor_create(actor=request.user, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Peer mentor added."))
            return redirect("mentors:detail", pk=mentor.pk)
    return render(
        request,
        "mentors/mentor_form.html",
        {
            "form": form,
            "title": _("Add a peer mentor"),
            "intro": _(
                "A returnee whose field test confirmed quadrant IV. Their name, sex and "
                "village are taken from their record."
            ),
            "cancel": reverse("mentors:list"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_deactivate_view(request, pk):
    mentor = mentor_for(request.user, pk)
    if request.method == "POST":
        try:
            mentor_deactivate(actor=request.user, mentor=mentor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s is inactive now.") % {"name": mentor.name})
        return redirect("mentors:detail", pk=pk)
    return render(request, "mentors/mentor_deactivate.html", {"mentor": mentor})


@login_required
@require_POST
def mentor_reactivate_view(request, pk):
    mentor = mentor_for(request.user, pk)
    mentor_reactivate(actor=request.user, mentor=mentor)
    messages.success(request, _("%(name)s is active again.") % {"name": mentor.name})
    return redirect("mentors:detail", pk=pk)
