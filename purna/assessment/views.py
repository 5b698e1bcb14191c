from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from purna.accounts.access import DELETE_RECORDS, has_role
from purna.people.access import person_for
from purna.people.models import Consent
from purna.people.services import consent_covers

from . import services
from .access import assessment_for, require_recorder
from .forms import SCALE_LABELS, AssessmentForm
from .labels import QUADRANT_LABELS, pathway_steps
from .selectors import answers_table


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request, pk):
    person = person_for(request.user, pk)
    require_recorder(request.user)
    if not consent_covers(person, Consent.Scope.ASSESSMENT):
        messages.warning(
            request, _("Record the returnee's consent to the identification instrument first.")
        )
        return redirect(reverse("people:related_add", args=[pk, "consent"]))
    form = AssessmentForm(request.POST or None, instrument=services.instrument_current())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessment = services.assessment_record(
            actor=request.user,
            person=person,
            assessed_on=data["assessed_on"],
            source=data["source"],
            answers=form.answers(),
            instrument=form.instrument,
            business_interests=data["business_interests"],
            skills_abroad=data["skills_abroad"],
            capital_available=data["capital_available"],
        )
        messages.success(request, _("Assessment saved."))
        return redirect("assessment:detail", pk=assessment.pk)
    return render(
        request,
        "assessment/form.html",
        {
            "form": form,
            "person": person,
            "scale_labels": SCALE_LABELS,
        },
    )


@login_required
@require_GET
def assessment_detail(request, pk):
    assessment = assessment_for(request.user, pk)
    return render(
        request,
        "assessment/detail.html",
        {
            "assessment": assessment,
            "person": assessment.person,
            "pathway": pathway_steps(assessment.quadrant),
            "quadrant_label": QUADRANT_LABELS.get(assessment.quadrant, ""),
            "answers": answers_table(assessment),
            "scale_labels": SCALE_LABELS,
            "can_delete": has_role(request.user, DELETE_RECORDS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_delete(request, pk):
    assessment = assessment_for(request.user, pk, delete=True)
    if request.method == "POST":
        person_pk = assessment.person_id
        services.assessment_delete(actor=request.user, assessment=assessment)
        messages.success(request, _("Assessment deleted."))
        return redirect("people:detail", pk=person_pk)
    return render(
        request,
        "people/confirm_delete.html",
        {
            "object": assessment,
            "cancel": reverse("assessment:detail", args=[pk]),
        },
    )
