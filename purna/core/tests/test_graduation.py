from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core.calendar import add_months
from purna.core.graduation import (
    CHECK_EVERY_MONTHS,
    INDICATORS,
    SUSTAINABILITY_CHECKS,
    Criterion,
    Facts,
    Rules,
    evaluate,
    indicators_unmet,
    next_decent_life_check,
    next_sustainability_check,
    ready,
)
from purna.core.pathways import (
    FIELD_VERIFICATION,
    MENTORING,
    MINDSET_BUSINESS,
    MINDSET_SAKINAH,
    PEER_MENTOR,
    PRACTICE,
    TRAINING_BUSINESS,
    TRAINING_SAKINAH,
    pathway_for,
)
from purna.core.progress import Recorded, State, Step, plan_for
from purna.core.quadrants import Quadrant

P, IP, C, D, NN = (
    State.PLANNED,
    State.IN_PROGRESS,
    State.COMPLETED,
    State.DROPPED,
    State.NOT_NEEDED,
)
TODAY = date(2024, 6, 17)
THIS_MONTH = date(2024, 6, 1)
CODES = ["modules", "business", "decent_life", "quadrant"]
ALL_MET = dict.fromkeys(INDICATORS, True)


def months_back(n: int) -> date:
    return add_months(THIS_MONTH, -n)


def quadrant_i_plan(**states: State) -> list[Step]:
    """Quadrant I's pathway, finished and in mentoring, with `states` overriding by code."""
    plan = []
    for code in pathway_for(Quadrant.I):
        default = IP if code == MENTORING else C
        plan.append(Step(code, states.get(code, default)))
    return plan


def profits(profitable: int, window: int = 8, amount: int = 250_000) -> dict[date, int]:
    """`window` complete months before TODAY, the most recent `profitable` of them in profit
    and the older ones at a loss."""
    return {months_back(k): amount if k <= profitable else -amount for k in range(1, window + 1)}


def facts(**changes) -> Facts:
    """A family that meets every default criterion."""
    base = Facts(
        plan=quadrant_i_plan(),
        profits=profits(8),
        business_operating=True,
        latest_decent_life=ALL_MET,
        latest_self_quadrant="IV",
        today=TODAY,
    )
    return replace(base, **changes)


def by_code(criteria: list[Criterion]) -> dict[str, Criterion]:
    return {c.code: c for c in criteria}


def unmet_codes(criteria: list[Criterion]) -> list[str]:
    return [c.code for c in criteria if not c.met]


# indicators_unmet


def test_the_indicators_in_the_papers_order():
    assert INDICATORS == (
        "house_fit",
        "income_covers_needs",
        "can_pay_treatment",
        "children_in_school",
        "savings_for_investment",
        "routine_charity",
    )


def test_all_indicators_met():
    assert indicators_unmet(ALL_MET) == []


def test_no_school_age_child_counts_as_met():
    assert indicators_unmet({**ALL_MET, "children_in_school": None}) == []


def test_children_not_in_school_is_unmet():
    assert indicators_unmet({**ALL_MET, "children_in_school": False}) == ["children_in_school"]


@pytest.mark.parametrize("name", INDICATORS)
def test_each_false_indicator_is_unmet(name):
    assert indicators_unmet({**ALL_MET, name: False}) == [name]


def test_unmet_indicators_are_listed_in_the_papers_order():
    check = {name: False for name in reversed(INDICATORS)}
    assert indicators_unmet(check) == list(INDICATORS)


@given(st.fixed_dictionaries({name: st.sampled_from([True, False]) for name in INDICATORS}))
def test_unmet_is_exactly_the_false_ones(check):
    assert indicators_unmet(check) == [n for n in INDICATORS if check[n] is False]


@pytest.mark.parametrize(
    "check, unmet",
    [
        ({"children_in_school": None}, [n for n in INDICATORS if n != "children_in_school"]),
        ({**ALL_MET, "house_fit": None}, ["house_fit"]),
        ({n: v for n, v in ALL_MET.items() if n != "routine_charity"}, ["routine_charity"]),
    ],
    ids=["nothing_answered", "house_fit_none", "routine_charity_missing"],
)
def test_an_unanswered_indicator_is_not_met(check, unmet):
    assert indicators_unmet(check) == unmet


# next_decent_life_check


def test_first_decent_life_check_is_due_when_practice_starts():
    assert next_decent_life_check(date(2024, 3, 15), None) == date(2024, 3, 15)


def test_decent_life_check_every_six_months_after_the_last():
    start = date(2024, 3, 15)
    assert CHECK_EVERY_MONTHS == 6
    assert next_decent_life_check(start, date(2024, 3, 20)) == date(2024, 9, 20)
    # A late check moves the schedule: six months from when it was done.
    assert next_decent_life_check(start, date(2024, 11, 2)) == date(2025, 5, 2)


def test_decent_life_check_from_a_month_end_is_clamped():
    start = date(2023, 1, 1)
    assert next_decent_life_check(start, date(2023, 8, 31)) == date(2024, 2, 29)
    assert next_decent_life_check(start, date(2024, 8, 31)) == date(2025, 2, 28)


# next_sustainability_check


GRADUATED = date(2024, 3, 10)


def test_first_sustainability_check_six_months_after_graduation():
    assert next_sustainability_check(GRADUATED, []) == date(2024, 9, 10)


def test_then_six_months_after_each_check():
    assert next_sustainability_check(GRADUATED, [date(2024, 9, 12)]) == date(2025, 3, 12)
    checks = [date(2024, 9, 12), date(2025, 3, 30)]
    assert next_sustainability_check(GRADUATED, checks) == date(2025, 9, 30)


def test_the_latest_check_counts_whatever_the_order():
    checks = [date(2025, 3, 30), date(2024, 9, 12)]
    assert next_sustainability_check(GRADUATED, checks) == date(2025, 9, 30)


def test_no_more_checks_after_the_fourth():
    assert SUSTAINABILITY_CHECKS == 4
    checks = [add_months(GRADUATED, 6 * k) for k in range(1, 5)]
    assert next_sustainability_check(GRADUATED, checks[:3]) == add_months(GRADUATED, 24)
    assert next_sustainability_check(GRADUATED, checks) is None
    assert next_sustainability_check(GRADUATED, [*checks, add_months(GRADUATED, 30)]) is None


def test_checks_before_graduation_are_ignored():
    before = [date(2023, 1, 1), date(2023, 6, 1), date(2023, 12, 1), date(2024, 3, 9)]
    assert next_sustainability_check(GRADUATED, before) == date(2024, 9, 10)
    assert next_sustainability_check(GRADUATED, [*before, date(2024, 9, 1)]) == date(2025, 3, 1)


def test_a_check_on_graduation_day_counts():
    assert next_sustainability_check(GRADUATED, [GRADUATED]) == date(2024, 9, 10)
    checks = [GRADUATED, date(2024, 9, 10), date(2025, 3, 10), date(2025, 9, 10)]
    assert next_sustainability_check(GRADUATED, checks) is None


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.lists(st.integers(min_value=-1000, max_value=1500), max_size=8),
)
def test_sustainability_schedule(graduated, offsets):
    checks = [graduated + timedelta(days=o) for o in offsets]
    after = [c for c in checks if c >= graduated]
    due = next_sustainability_check(graduated, checks)
    if len(after) >= 4:
        assert due is None
    else:
        assert due == add_months(max(after, default=graduated), 6)
        assert due > max(after, default=graduated)


# evaluate: every criterion met


def test_all_met_is_ready():
    criteria = evaluate(Rules(), facts())
    assert [c.code for c in criteria] == CODES
    assert all(c.met for c in criteria)
    assert ready(criteria)


def test_the_default_rules():
    rules = Rules()
    assert rules.modules_completed and rules.decent_life and rules.quadrant_iv
    assert (rules.profitable_months, rules.profit_window) == (6, 8)


def test_details_for_the_coordinator():
    crit = by_code(evaluate(Rules(), facts()))
    assert crit["modules"].detail == {"unfinished": []}
    assert crit["business"].detail == {
        "operating": True,
        "profitable": 8,
        "required": 6,
        "window": 8,
    }
    assert crit["decent_life"].detail == {"unmet": [], "checked": True}
    assert crit["quadrant"].detail == {"quadrant": "IV"}


# Modules


def test_a_dropped_module_is_not_met():
    criteria = evaluate(Rules(), facts(plan=quadrant_i_plan(TRAINING_SAKINAH=D)))
    assert unmet_codes(criteria) == ["modules"]
    assert by_code(criteria)["modules"].detail == {"unfinished": [TRAINING_SAKINAH]}
    assert not ready(criteria)


def test_a_planned_module_is_not_met():
    crit = by_code(evaluate(Rules(), facts(plan=quadrant_i_plan(MINDSET_SAKINAH=P))))
    assert not crit["modules"].met
    assert crit["modules"].detail == {"unfinished": [MINDSET_SAKINAH]}


def test_a_module_in_progress_other_than_mentoring_is_not_met():
    crit = by_code(evaluate(Rules(), facts(plan=quadrant_i_plan(PRACTICE=IP))))
    assert crit["modules"].detail == {"unfinished": [PRACTICE]}


def test_unfinished_modules_are_listed_in_plan_order():
    plan = quadrant_i_plan(MINDSET_BUSINESS=P, TRAINING_BUSINESS=D, PRACTICE=IP)
    crit = by_code(evaluate(Rules(), facts(plan=plan)))
    assert crit["modules"].detail == {"unfinished": [MINDSET_BUSINESS, TRAINING_BUSINESS, PRACTICE]}


@pytest.mark.parametrize("state, met", [(IP, True), (C, True), (P, False), (D, False)])
def test_mentoring_only_needs_to_have_started(state, met):
    crit = by_code(evaluate(Rules(), facts(plan=quadrant_i_plan(MENTORING=state))))
    assert crit["modules"].met is met


@pytest.mark.parametrize("state", list(State))
def test_optional_modules_are_ignored(state):
    plan = [*quadrant_i_plan(), Step("DIGITAL_MARKETING", state, optional=True)]
    assert by_code(evaluate(Rules(), facts(plan=plan)))["modules"].met


def test_modules_no_longer_needed_are_ignored():
    plan = quadrant_i_plan(MINDSET_SAKINAH=NN, TRAINING_SAKINAH=NN)
    assert by_code(evaluate(Rules(), facts(plan=plan)))["modules"].met


def test_modules_rerouted_by_a_reassessment_are_ignored():
    # Quadrant I, then III after a re-assessment: the sakinah modules became not needed.
    recorded = {
        MINDSET_BUSINESS: Recorded(C),
        TRAINING_BUSINESS: Recorded(C),
        PRACTICE: Recorded(C),
        MENTORING: Recorded(IP),
    }
    plan = plan_for([Quadrant.I, Quadrant.III], recorded)
    assert {s.code for s in plan if s.state == NN} == {MINDSET_SAKINAH, TRAINING_SAKINAH}
    assert by_code(evaluate(Rules(), facts(plan=plan)))["modules"].met


def test_an_empty_plan_is_not_met():
    crit = by_code(evaluate(Rules(), facts(plan=[])))
    assert not crit["modules"].met
    assert crit["modules"].detail == {"unfinished": []}


# Business


def test_five_profitable_months_of_eight_is_not_met():
    criteria = evaluate(Rules(), facts(profits=profits(5)))
    assert unmet_codes(criteria) == ["business"]
    assert by_code(criteria)["business"].detail["profitable"] == 5


def test_six_profitable_months_of_eight_is_met():
    crit = by_code(evaluate(Rules(), facts(profits=profits(6))))
    assert crit["business"].met
    assert crit["business"].detail["profitable"] == 6


def test_profitable_months_need_not_be_consecutive():
    p = {months_back(k): (100 if k % 4 else 0) for k in range(1, 9)}  # months 4 and 8 at 0
    assert by_code(evaluate(Rules(), facts(profits=p)))["business"].met


def test_a_break_even_month_is_not_profitable():
    p = {**profits(6), months_back(7): 0, months_back(8): 0}
    assert by_code(evaluate(Rules(), facts(profits=p)))["business"].met
    p[months_back(1)] = 0
    assert not by_code(evaluate(Rules(), facts(profits=p)))["business"].met


def test_the_running_month_and_older_months_do_not_count():
    p = {**profits(5), THIS_MONTH: 1_000_000, months_back(9): 1_000_000}
    crit = by_code(evaluate(Rules(), facts(profits=p)))
    assert not crit["business"].met
    assert crit["business"].detail["profitable"] == 5


def test_missing_months_are_not_profitable():
    p = {months_back(k): 100 for k in range(1, 6)}  # only five months recorded
    assert not by_code(evaluate(Rules(), facts(profits=p)))["business"].met


def test_a_business_not_operating_is_not_met_however_profitable():
    criteria = evaluate(Rules(), facts(business_operating=False))
    assert unmet_codes(criteria) == ["business"]
    assert by_code(criteria)["business"].detail["operating"] is False
    assert by_code(criteria)["business"].detail["profitable"] == 8


def test_business_rule_can_be_tuned():
    rules = Rules(profitable_months=3, profit_window=4)
    crit = by_code(evaluate(rules, facts(profits=profits(3, window=4))))
    assert crit["business"].met
    assert crit["business"].detail == {
        "operating": True,
        "profitable": 3,
        "required": 3,
        "window": 4,
    }
    crit = by_code(evaluate(rules, facts(profits=profits(2, window=4))))
    assert not crit["business"].met


def test_zero_profitable_months_switches_the_business_criterion_off():
    criteria = evaluate(Rules(profitable_months=0), facts(profits={}, business_operating=False))
    assert [c.code for c in criteria] == ["modules", "decent_life", "quadrant"]
    assert ready(criteria)


# Decent life


def test_no_decent_life_check_is_not_met_with_every_indicator_listed():
    criteria = evaluate(Rules(), facts(latest_decent_life=None))
    assert unmet_codes(criteria) == ["decent_life"]
    assert by_code(criteria)["decent_life"].detail == {
        "unmet": list(INDICATORS),
        "checked": False,
    }


def test_one_unmet_indicator_is_not_met():
    check = {**ALL_MET, "can_pay_treatment": False}
    crit = by_code(evaluate(Rules(), facts(latest_decent_life=check)))
    assert not crit["decent_life"].met
    assert crit["decent_life"].detail == {"unmet": ["can_pay_treatment"], "checked": True}


def test_decent_life_met_without_school_age_children():
    check = {**ALL_MET, "children_in_school": None}
    assert by_code(evaluate(Rules(), facts(latest_decent_life=check)))["decent_life"].met


def test_a_check_with_nothing_answered_does_not_meet_decent_life():
    crit = by_code(evaluate(Rules(), facts(latest_decent_life={})))
    assert not crit["decent_life"].met


# Quadrant


@pytest.mark.parametrize("quadrant", ["I", "II", "III", None])
def test_a_quadrant_other_than_iv_is_not_met(quadrant):
    criteria = evaluate(Rules(), facts(latest_self_quadrant=quadrant))
    assert unmet_codes(criteria) == ["quadrant"]
    assert by_code(criteria)["quadrant"].detail == {"quadrant": quadrant}


def test_quadrant_enum_iv_is_met():
    assert by_code(evaluate(Rules(), facts(latest_self_quadrant=Quadrant.IV)))["quadrant"].met


# Rules switched off


@pytest.mark.parametrize(
    "rules, gone, failing",
    [
        (Rules(modules_completed=False), "modules", {"plan": []}),
        (Rules(profitable_months=0), "business", {"business_operating": False}),
        (Rules(decent_life=False), "decent_life", {"latest_decent_life": None}),
        (Rules(quadrant_iv=False), "quadrant", {"latest_self_quadrant": "III"}),
    ],
)
def test_a_rule_switched_off_removes_its_criterion(rules, gone, failing):
    criteria = evaluate(rules, facts(**failing))
    assert [c.code for c in criteria] == [c for c in CODES if c != gone]
    assert ready(criteria)
    # And with the rule on, the same facts fail on that criterion only.
    assert unmet_codes(evaluate(Rules(), facts(**failing))) == [gone]


def test_all_rules_off_proposes_nobody():
    """An empty rule set is a configuration mistake, not a reason to graduate everyone."""
    off = Rules(modules_completed=False, profitable_months=0, decent_life=False, quadrant_iv=False)
    worst = facts(
        plan=[],
        profits={},
        business_operating=False,
        latest_decent_life=None,
        latest_self_quadrant=None,
    )
    assert evaluate(off, worst) == []
    assert ready([]) is False


FAILING = {
    "modules": {"plan": quadrant_i_plan(PRACTICE=D)},
    "business": {"profits": profits(5)},
    "decent_life": {"latest_decent_life": {**ALL_MET, "house_fit": False}},
    "quadrant": {"latest_self_quadrant": "II"},
}


@given(
    st.fixed_dictionaries({code: st.booleans() for code in CODES}),
    st.fixed_dictionaries({code: st.booleans() for code in CODES}),
)
def test_ready_exactly_when_no_switched_on_criterion_fails(switched_on, failing):
    rules = Rules(
        modules_completed=switched_on["modules"],
        profitable_months=6 if switched_on["business"] else 0,
        decent_life=switched_on["decent_life"],
        quadrant_iv=switched_on["quadrant"],
    )
    changes = {}
    for code in CODES:
        if failing[code]:
            changes.update(FAILING[code])
    criteria = evaluate(rules, facts(**changes))
    assert [c.code for c in criteria] == [c for c in CODES if switched_on[c]]
    assert unmet_codes(criteria) == [c for c in CODES if switched_on[c] and failing[c]]
    expected = any(switched_on.values()) and not any(switched_on[c] and failing[c] for c in CODES)
    assert ready(criteria) is expected


def test_the_field_test_and_peer_mentoring_come_after_graduation():
    plan = [
        *quadrant_i_plan(),
        Step(FIELD_VERIFICATION, State.PLANNED),
        Step(PEER_MENTOR, State.PLANNED),
    ]
    assert by_code(evaluate(Rules(), facts(plan=plan)))["modules"].met
    only_after = [Step(FIELD_VERIFICATION, State.PLANNED), Step(PEER_MENTOR, State.PLANNED)]
    assert not by_code(evaluate(Rules(), facts(plan=only_after)))["modules"].met


def test_ready():
    assert ready([Criterion("modules", True), Criterion("quadrant", True)])
    assert not ready([Criterion("modules", True), Criterion("quadrant", False)])
