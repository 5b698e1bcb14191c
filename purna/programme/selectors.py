"""The person's plan as the person page shows it: steps with their catalogue modules."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from purna.core.pathways import MODULE_CODES
from purna.core.progress import NEEDS_REASON, REASSESSMENT, State, Step
from purna.people.models import Person

from .models import Module, PlanEntry
from .services import person_plan

STATE_LABELS = dict(PlanEntry._meta.get_field("state").choices)
STATE_CHOICES = list(STATE_LABELS.items())
STATE_BADGES = {
    State.PLANNED: "text-bg-light border",
    State.IN_PROGRESS: "text-bg-primary",
    State.COMPLETED: "text-bg-success",
    State.DROPPED: "text-bg-danger",
    State.NOT_NEEDED: "text-bg-secondary",
}


def module_order(code: str) -> int:
    return MODULE_CODES.index(code) if code in MODULE_CODES else len(MODULE_CODES)


@dataclass(frozen=True)
class PlanRow:
    step: Step
    module: Module | None  # None only if a pathway code lost its catalogue row

    @property
    def name(self) -> str:
        return self.module.name if self.module else self.step.code

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.step.state]

    @property
    def badge_class(self) -> str:
        return STATE_BADGES[self.step.state]

    @property
    def reason_label(self) -> str:
        """The reason a dropped or unneeded module shows; empty for the other states."""
        if self.step.state not in NEEDS_REASON:
            return ""
        if self.step.reason == REASSESSMENT:
            return _("not needed after re-assessment")
        return self.step.reason

    @property
    def reason_input(self) -> str:
        # The re-assessment marker is ours, not something staff typed.
        return "" if self.step.reason == REASSESSMENT else self.step.reason


@dataclass(frozen=True)
class PersonPlan:
    rows: list[PlanRow]
    attachable: list[Module] = field(default_factory=list)
    state_choices: list = field(default_factory=lambda: STATE_CHOICES)


def modules_in_order() -> list[Module]:
    """The catalogue: pathway modules in the model's order, then optional ones by code."""
    return sorted(Module.objects.all(), key=lambda m: (module_order(m.code), m.code))


def attachable_modules(person: Person) -> QuerySet[Module]:
    """Active optional modules not yet on the person's plan."""
    return Module.objects.filter(in_pathway=False, is_active=True).exclude(
        pk__in=person.plan_entries.values("module")
    )


def person_plan_page(person: Person, *, attach: bool = False) -> PersonPlan:
    """The plan in order with one query for the modules; `attach` adds the optional
    modules a coordinator could still attach."""
    steps = person_plan(person)
    modules = Module.objects.in_bulk([s.code for s in steps], field_name="code")
    return PersonPlan(
        rows=[PlanRow(step, modules.get(step.code)) for step in steps],
        attachable=list(attachable_modules(person)) if attach else [],
    )
