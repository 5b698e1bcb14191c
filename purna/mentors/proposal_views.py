"""Propose mentors: the optimal assignment (core.matching) of the families waiting for a
mentor of one kind, reviewed, edited and accepted by a coordinator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from purna.accounts.access import require_role

from .access import MANAGE_MENTORING
from .forms import DistrictFilterForm, ProposalForm
from .models import Kind
from .proposals import (
    PROPOSAL_LIMIT,
    OverCapacityEdit,
    proposal_build,
    snapshot_read,
    stale_reason,
)
from .selectors import families_needing
from .services import StaleProposal, proposal_accept
from .views import _add_errors


@login_required
@require_http_methods(["GET", "POST"])
def proposal(request, kind):
    if kind not in Kind.values:
        raise Http404
    require_role(request.user, MANAGE_MENTORING)
    filters = DistrictFilterForm(request.GET or None, user=request.user)
    district = (filters.cleaned_data["district"] if filters.is_valid() else "") or None
    if request.method == "GET":
        built = proposal_build(request.user, kind, district=district)
        return _render(request, kind, filters, ProposalForm(built=built), None)

    snapshot = snapshot_read(request.POST.get("snapshot", ""))
    stale = stale_reason(request.user, kind, snapshot)
    if stale:
        return _repropose(request, stale)
    people = list(families_needing(request.user, kind).filter(pk__in=snapshot["people"]))
    built = proposal_build(request.user, kind, people=people)
    form = ProposalForm(request.POST, built=built)
    edited_cost = None
    if form.is_valid():
        mentor_for = form.mentor_for()
        try:
            edited_cost = built.cost_of(mentor_for)
        except OverCapacityEdit as exc:
            form.add_error(None, exc.message)
        else:
            if "accept" in request.POST:
                pairs = [
                    (
                        built.by_person[person_id],
                        built.by_mentor[mentor_id],
                        # The matching cost only where the proposal was taken as it was.
                        built.proposal.pair_costs[person_id]
                        if built.proposal.mentor_for[person_id] == mentor_id
                        else None,
                    )
                    for person_id, mentor_id in mentor_for.items()
                    if mentor_id is not None
                ]
                if not pairs:
                    form.add_error(
                        None,
                        _(
                            "Nothing to accept: switch on Include for at least one family "
                            "and choose its mentor."
                        ),
                    )
                else:
                    try:
                        created = proposal_accept(
                            actor=request.user,
                            kind=kind,
                            pairs=pairs,
                            on=form.cleaned_data["on"],
                            reason=form.cleaned_data["note"] or _("proposal accepted"),
                            expected=built.expected(),
                        )
                    except StaleProposal as exc:
                        return _repropose(request, " ".join(exc.messages))
                    except ValidationError as exc:
                        _add_errors(form, exc)
                    else:
                        messages.success(
                            request,
                            ngettext(
                                "%(n)d mentor assigned.", "%(n)d mentors assigned.", len(created)
                            )
                            % {"n": len(created)},
                        )
                        return redirect("mentors:needs")
    return _render(request, kind, filters, form, edited_cost)


def _repropose(request, reason: str):
    messages.error(
        request,
        _("The proposal is out of date: %(reason)s Here is a new proposal.") % {"reason": reason},
    )
    return redirect(request.get_full_path())


def _render(request, kind, filters, form, edited_cost):
    built = form.built
    rows = list(form.rows())
    context = {
        "kind": kind,
        "kind_label": Kind(kind).label,
        "filters": filters,
        "form": form,
        "rows": rows,
        "row_errors": [row for row in rows if row["errors"]],
        "built": built,
        "proposal_cost": built.proposal.cost,
        "edited_cost": edited_cost,
        "unassigned": len(built.proposal.unassigned),
        "with_room": sum(1 for o in built.offers if o.capacity > 0),
        "limit": PROPOSAL_LIMIT,
    }
    return render(request, "mentors/proposal.html", context)
