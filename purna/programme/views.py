from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from purna.accounts.access import MANAGE_PROGRAMME, SEE_PEOPLE, has_role, require_role
from purna.people.access import person_for

from . import services
from .forms import ModuleForm, OptionalModuleForm, PlanStepForm, WithdrawForm
from .models import Module
from .selectors import modules_in_order

# Who shapes the programme: the module catalogue and optional modules on a plan.


def _pathway(pk: int):
    return redirect(reverse("people:detail", args=[pk]) + "#pathway")


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_POST
def plan_step(request, pk, code):
    person = person_for(request.user, pk, write=True)
    module = get_object_or_404(Module, code=code)
    form = PlanStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a state from the list."))
        return _pathway(pk)
    try:
        services.plan_step_set(
            actor=request.user,
            person=person,
            module=module,
            state=form.cleaned_data["state"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("%(module)s: saved.") % {"module": module.name})
    return _pathway(pk)


@login_required
@require_POST
def optional_attach(request, pk):
    person = person_for(request.user, pk)
    require_role(request.user, MANAGE_PROGRAMME)
    form = OptionalModuleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an optional module from the list."))
        return _pathway(pk)
    module = form.cleaned_data["module"]
    services.optional_module_attach(actor=request.user, person=person, module=module)
    messages.success(request, _("%(module)s added to the plan.") % {"module": module.name})
    return _pathway(pk)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    person = person_for(request.user, pk, write=True)
    initial = (
        {
            "reason": person.withdrawal_reason,
            "on": person.withdrawn_on,
            "note": person.withdrawal_note,
        }
        if person.withdrawn_on
        else None
    )
    form = WithdrawForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.person_withdraw(actor=request.user, person=person, **form.cleaned_data)
        messages.success(request, _("The returnee is recorded as withdrawn."))
        return _pathway(pk)
    return render(
        request,
        "programme/withdraw.html",
        {"form": form, "person": person, "title": _("Withdraw %(name)s") % {"name": person}},
    )


@login_required
@require_POST
def reinstate(request, pk):
    person = person_for(request.user, pk, write=True)
    services.person_reinstate(actor=request.user, person=person)
    messages.success(request, _("The returnee is back in the programme."))
    return _pathway(pk)


@login_required
@require_GET
def module_list(request):
    require_role(request.user, SEE_PEOPLE)
    context = {
        "modules": modules_in_order(),
        "can_manage": has_role(request.user, MANAGE_PROGRAMME),
    }
    return render(request, "programme/module_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request, module_pk=None):
    require_role(request.user, MANAGE_PROGRAMME)
    module = get_object_or_404(Module, pk=module_pk) if module_pk else Module()
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        fresh = get_object_or_404(Module, pk=module_pk) if module_pk else Module()
        services.module_save(actor=request.user, module=fresh, **form.cleaned_data)
        messages.success(request, _("Module saved."))
        return redirect("programme:modules")
    title = _("Edit module %(code)s") % {"code": module.code} if module_pk else _("New module")
    return render(request, "programme/module_form.html", {"form": form, "title": title})
