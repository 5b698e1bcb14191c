"""A decent, independent life (the paper's target): the decent-life indicators and their
schedule, the graduation criteria Purna proposes on, and the sustainability checks after.

Purna only proposes; a coordinator confirms. Every criterion can be switched off or
tuned by an administrator (`Rules`), since programmes differ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .business import profitable_months
from .calendar import add_months
from .pathways import FIELD_VERIFICATION, MENTORING, PEER_MENTOR
from .progress import State, Step

# The paper's indicators, in its order. children_in_school may be None: no school-age child.
INDICATORS = (
    "house_fit",
    "income_covers_needs",
    "can_pay_treatment",
    "children_in_school",
    "savings_for_investment",
    "routine_charity",
)

CHECK_EVERY_MONTHS = 6
SUSTAINABILITY_CHECKS = 4  # every six months for two years


def indicators_unmet(check: Mapping[str, bool | None]) -> list[str]:
    """The indicators not met. Only a clear yes counts, except that "no school-age child"
    (children_in_school None) counts as met."""
    return [
        name
        for name in INDICATORS
        if check.get(name) is not True
        and not (name == "children_in_school" and name in check and check[name] is None)
    ]


def next_decent_life_check(practice_started: date, last_check: date | None) -> date:
    """The first check is due when practice starts, then every six months."""
    if last_check is None:
        return practice_started
    return add_months(last_check, CHECK_EVERY_MONTHS)


def next_sustainability_check(graduated_on: date, checks_done: Sequence[date]) -> date | None:
    """Six months after graduation, then six months after each check; None after the
    fourth check, two years on."""
    after = [d for d in checks_done if d >= graduated_on]
    if len(after) >= SUSTAINABILITY_CHECKS:
        return None
    return add_months(max(after, default=graduated_on), CHECK_EVERY_MONTHS)


@dataclass(frozen=True)
class Rules:
    modules_completed: bool = True
    profitable_months: int = 6  # 0 switches the business criterion off
    profit_window: int = 8
    decent_life: bool = True
    quadrant_iv: bool = True


@dataclass(frozen=True)
class Facts:
    plan: Sequence[Step]
    # Profit per month (first day of month), summed over the family's businesses.
    profits: Mapping[date, int]
    business_operating: bool
    latest_decent_life: Mapping[str, bool | None] | None
    latest_self_quadrant: str | None
    today: date


@dataclass(frozen=True)
class Criterion:
    code: str  # "modules" | "business" | "decent_life" | "quadrant"
    met: bool
    # What a coordinator needs to see why: unfinished modules, months counted, etc.
    detail: Mapping[str, object] = field(default_factory=dict)


# Mentoring is what graduation ends (it completes it), so it only needs to have started;
# practice must be completed first (the prerequisite of mentoring). The field test and peer
# mentoring come after graduation (the family is invited to them), so a re-assessment into
# quadrant IV that puts them on the plan does not hold graduation back.
AFTER_GRADUATION = frozenset({FIELD_VERIFICATION, PEER_MENTOR})


def _modules(plan: Sequence[Step]) -> Criterion:
    """Every pathway module completed. Optional modules and those a re-assessment made
    unnecessary do not count."""
    unfinished = []
    for step in plan:
        if step.optional or step.state == State.NOT_NEEDED or step.code in AFTER_GRADUATION:
            continue
        done = step.state == State.COMPLETED or (
            step.code == MENTORING and step.state == State.IN_PROGRESS
        )
        if not done:
            unfinished.append(step.code)
    counted = [s for s in plan if s.code not in AFTER_GRADUATION]
    return Criterion("modules", bool(counted) and not unfinished, {"unfinished": unfinished})


def evaluate(rules: Rules, facts: Facts) -> list[Criterion]:
    """Each criterion the rules switch on, met or not, in a fixed order."""
    criteria = []
    if rules.modules_completed:
        criteria.append(_modules(facts.plan))
    if rules.profitable_months:
        count = profitable_months(facts.profits, facts.today, rules.profit_window)
        criteria.append(
            Criterion(
                "business",
                facts.business_operating and count >= rules.profitable_months,
                {
                    "operating": facts.business_operating,
                    "profitable": count,
                    "required": rules.profitable_months,
                    "window": rules.profit_window,
                },
            )
        )
    if rules.decent_life:
        check = facts.latest_decent_life
        unmet = list(INDICATORS) if check is None else indicators_unmet(check)
        criteria.append(
            Criterion("decent_life", not unmet, {"unmet": unmet, "checked": check is not None})
        )
    if rules.quadrant_iv:
        criteria.append(
            Criterion(
                "quadrant",
                facts.latest_self_quadrant == "IV",
                {"quadrant": facts.latest_self_quadrant},
            )
        )
    return criteria


def ready(criteria: Sequence[Criterion]) -> bool:
    """All criteria met. With every rule switched off nobody is proposed: an empty rule set
    is a configuration mistake, not a reason to graduate everyone."""
    return bool(criteria) and all(c.met for c in criteria)
