from dataclasses import fields, replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core.business import (
    JUMP_FACTOR,
    REFUSED,
    Figures,
    Finding,
    Problem,
    check_record,
    neighbours,
    profitable_months,
    refused,
    tenfold,
    window,
)
from purna.core.calendar import add_months

TODAY = date(2024, 6, 17)
THIS_MONTH = date(2024, 6, 1)
MAY, APRIL, MARCH = date(2024, 5, 1), date(2024, 4, 1), date(2024, 3, 1)
FEBRUARY = date(2024, 2, 1)
FIELDS = [f.name for f in fields(Figures)]
OK = Figures(revenue=1_000_000, costs=600_000, loan_repayment=100_000, workers_family=2)


def problems(findings):
    return {(f.problem, f.field) for f in findings}


def check(month, figures=OK, recorded=None, today=TODAY, replacing=None):
    return check_record(month, figures, recorded=recorded or {}, today=today, replacing=replacing)


# Figures


def test_profit_is_revenue_minus_costs():
    assert Figures(revenue=1_000_000, costs=600_000).profit == 400_000
    assert Figures(revenue=100, costs=100).profit == 0
    assert Figures(revenue=0, costs=250_000).profit == -250_000


def test_loan_repayment_does_not_reduce_profit():
    assert Figures(revenue=500, costs=200, loan_repayment=1_000).profit == 300


def test_figures_defaults():
    figures = Figures(revenue=1, costs=2)
    assert (figures.loan_repayment, figures.workers_family) == (0, 0)
    assert (figures.workers_hired, figures.workers_community) == (0, 0)


# check_record: a clean record


def test_a_clean_record_has_no_findings():
    assert check(MAY, recorded={APRIL: OK}) == []


def test_all_zero_is_a_valid_record():
    assert check(MAY, Figures(revenue=0, costs=0)) == []


# Negative amounts and counts


@pytest.mark.parametrize("name", FIELDS)
def test_each_negative_field_is_reported_with_its_name(name):
    figures = replace(OK, **{name: -1})
    findings = check(MAY, figures)
    assert findings == [Finding(Problem.NEGATIVE, name)]
    assert refused(findings)


def test_every_negative_field_is_reported():
    figures = Figures(*([-5] * len(FIELDS)))
    assert problems(check(MAY, figures)) == {(Problem.NEGATIVE, name) for name in FIELDS}


def test_a_loss_is_not_a_negative_amount():
    # Costs above revenue is a bad month, not a typo.
    assert check(MAY, Figures(revenue=100, costs=900)) == []


# The month


def test_a_future_month_is_refused():
    findings = check(date(2024, 7, 1))
    assert findings == [Finding(Problem.FUTURE_MONTH, "month")]
    assert refused(findings)


def test_a_month_next_year_is_refused():
    assert problems(check(date(2025, 1, 1), today=date(2024, 12, 31))) == {
        (Problem.FUTURE_MONTH, "month")
    }


def test_the_current_month_is_allowed():
    assert check(THIS_MONTH) == []
    assert check(date(2024, 6, 30)) == []  # any day of it
    assert check(THIS_MONTH, today=THIS_MONTH) == []  # even on its first day


def test_any_day_of_the_month_is_read_as_the_month():
    assert problems(check(date(2024, 5, 20), recorded={MAY: OK})) == {
        (Problem.DUPLICATE_MONTH, "month")
    }
    assert problems(check(date(2024, 7, 1), today=date(2024, 6, 30))) == {
        (Problem.FUTURE_MONTH, "month")
    }


def test_a_duplicate_month_is_refused():
    findings = check(MAY, recorded={MAY: OK})
    assert findings == [Finding(Problem.DUPLICATE_MONTH, "month")]
    assert refused(findings)


def test_replacing_the_same_month_is_not_a_duplicate():
    assert check(MAY, recorded={MAY: OK}, replacing=MAY) == []


def test_replacing_another_month_does_not_excuse_a_duplicate():
    # Moving the April record to May, where a record already exists.
    findings = check(MAY, recorded={APRIL: OK, MAY: OK}, replacing=APRIL)
    assert problems(findings) == {(Problem.DUPLICATE_MONTH, "month")}


def test_replacing_is_read_as_a_month_like_month():
    assert check(date(2024, 5, 20), recorded={MAY: OK}, replacing=date(2024, 5, 20)) == []


# The tenfold jump


@pytest.mark.parametrize("name", ["revenue", "costs"])
def test_exactly_tenfold_is_flagged(name):
    before = Figures(revenue=100_000, costs=100_000)
    now = replace(before, **{name: 1_000_000})
    findings = check(MAY, now, recorded={APRIL: before})
    assert findings == [Finding(Problem.TENFOLD_JUMP, name, APRIL)]
    # A warning to confirm, not a refusal.
    assert not refused(findings)


@pytest.mark.parametrize("name", ["revenue", "costs"])
def test_just_under_tenfold_is_not_flagged(name):
    before = Figures(revenue=100_000, costs=100_000)
    now = replace(before, **{name: 999_000})  # 9.99 times
    assert check(MAY, now, recorded={APRIL: before}) == []


def test_both_jumps_are_flagged():
    before = Figures(revenue=10, costs=10)
    findings = check(MAY, Figures(revenue=500, costs=100), recorded={APRIL: before})
    assert problems(findings) == {
        (Problem.TENFOLD_JUMP, "revenue"),
        (Problem.TENFOLD_JUMP, "costs"),
    }


def test_no_jump_after_a_zero_month():
    before = Figures(revenue=0, costs=0)
    assert check(MAY, Figures(revenue=5_000_000, costs=1_000_000), recorded={APRIL: before}) == []


def test_no_jump_without_another_month():
    assert check(MAY, Figures(revenue=5_000_000, costs=1_000_000)) == []


def test_a_month_after_a_gap_is_compared_with_the_last_recorded_month():
    small = Figures(revenue=10, costs=10)
    big = Figures(revenue=1_000, costs=10)
    # April is missing: May is compared with March.
    assert check(MAY, big, recorded={MARCH: small}) == [
        Finding(Problem.TENFOLD_JUMP, "revenue", MARCH)
    ]
    # Only the nearest: February's tiny figures do not count when March is like May.
    assert check(MAY, big, recorded={FEBRUARY: small, MARCH: big}) == []


def test_a_back_filled_month_is_compared_with_the_month_after():
    # June recorded first, May typed afterwards with two zeros too many.
    june = Figures(revenue=925_000, costs=400_000)
    may = Figures(revenue=92_500_000, costs=400_000)
    assert check(MAY, may, recorded={THIS_MONTH: june}) == [
        Finding(Problem.TENFOLD_JUMP, "revenue", THIS_MONTH)
    ]
    # Across a gap too, and only with the nearest month after.
    assert check(MARCH, may, recorded={THIS_MONTH: june, date(2024, 7, 1): may}) == [
        Finding(Problem.TENFOLD_JUMP, "revenue", THIS_MONTH)
    ]


def test_a_month_between_two_is_compared_with_both():
    like_before = Figures(revenue=1_000, costs=1_000)
    like_after = Figures(revenue=100_000, costs=1_000)
    now = Figures(revenue=100_000, costs=1_000)
    # Like the month after but ten times the month before: flagged, against the month before.
    assert check(MAY, now, recorded={APRIL: like_before, THIS_MONTH: like_after}) == [
        Finding(Problem.TENFOLD_JUMP, "revenue", APRIL)
    ]
    # Like the month before but a hundredth of the month after: flagged against it.
    now = like_before
    assert check(MAY, now, recorded={APRIL: like_before, THIS_MONTH: like_after}) == [
        Finding(Problem.TENFOLD_JUMP, "revenue", THIS_MONTH)
    ]
    # Each figure is reported once, even when it jumps from both neighbours.
    tiny = Figures(revenue=1, costs=1_000)
    assert check(MAY, like_after, recorded={APRIL: tiny, THIS_MONTH: tiny}) == [
        Finding(Problem.TENFOLD_JUMP, "revenue", APRIL)
    ]


def test_a_tenfold_fall_is_a_jump():
    before = Figures(revenue=1_000_000, costs=1_000_000)
    findings = check(MAY, Figures(revenue=100_000, costs=100_001), recorded={APRIL: before})
    assert findings == [Finding(Problem.TENFOLD_JUMP, "revenue", APRIL)]


def test_a_fall_to_zero_is_not_a_jump():
    # A month without sales happens; it is not a missing zero.
    before = Figures(revenue=1_000_000, costs=1_000_000)
    assert check(MAY, Figures(revenue=0, costs=0), recorded={APRIL: before}) == []


def test_jump_across_a_year_boundary():
    before = Figures(revenue=10, costs=10)
    findings = check(
        date(2024, 1, 1),
        Figures(revenue=100, costs=10),
        recorded={date(2023, 12, 1): before},
        today=TODAY,
    )
    assert findings == [Finding(Problem.TENFOLD_JUMP, "revenue", date(2023, 12, 1))]


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=10**11))
def test_jump_rule(before, now):
    findings = check(
        MAY,
        Figures(revenue=now, costs=0),
        recorded={APRIL: Figures(revenue=before, costs=0)},
    )
    flagged = Finding(Problem.TENFOLD_JUMP, "revenue", APRIL) in findings
    assert flagged is (now >= JUMP_FACTOR * before or 0 < now * JUMP_FACTOR <= before)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=10**12))
def test_tenfold_is_symmetric(a, b):
    assert tenfold(a, b) is tenfold(b, a)
    assert tenfold(a, b) is (a > 0 and b > 0 and max(a, b) >= JUMP_FACTOR * min(a, b))


def test_a_replaced_month_is_still_compared_with_the_month_before():
    before = Figures(revenue=10, costs=10)
    findings = check(
        MAY, Figures(revenue=100, costs=10), recorded={APRIL: before, MAY: OK}, replacing=MAY
    )
    assert findings == [Finding(Problem.TENFOLD_JUMP, "revenue", APRIL)]


def test_the_record_being_moved_is_not_its_own_neighbour():
    # Correcting April's record into May: April's old figures are going away.
    old = Figures(revenue=10, costs=10)
    assert (
        check(MAY, Figures(revenue=1_000, costs=10), recorded={APRIL: old}, replacing=APRIL) == []
    )


def test_neighbours():
    recorded = {FEBRUARY: OK, APRIL: OK, THIS_MONTH: OK}
    assert neighbours(MAY, recorded) == (APRIL, THIS_MONTH)
    assert neighbours(MARCH, recorded) == (FEBRUARY, APRIL)
    assert neighbours(APRIL, recorded) == (FEBRUARY, THIS_MONTH)  # not itself
    assert neighbours(date(2024, 5, 20), recorded) == (APRIL, THIS_MONTH)
    assert neighbours(MAY, recorded, replacing=APRIL) == (FEBRUARY, THIS_MONTH)
    assert neighbours(date(2024, 7, 1), recorded) == (THIS_MONTH, None)
    assert neighbours(MAY, {}) == (None, None)


def test_findings_combine():
    findings = check(
        date(2024, 7, 1),
        Figures(revenue=-1, costs=10_000),
        recorded={THIS_MONTH: Figures(revenue=1, costs=1_000), date(2024, 7, 1): OK},
    )
    assert problems(findings) == {
        (Problem.NEGATIVE, "revenue"),
        (Problem.FUTURE_MONTH, "month"),
        (Problem.DUPLICATE_MONTH, "month"),
        (Problem.TENFOLD_JUMP, "costs"),
    }
    assert refused(findings)


# refused() versus warnings


def test_refused_problems():
    assert REFUSED == {Problem.NEGATIVE, Problem.FUTURE_MONTH, Problem.DUPLICATE_MONTH}


@pytest.mark.parametrize("problem", list(Problem))
def test_refused_by_problem(problem):
    assert refused([Finding(problem)]) is (problem != Problem.TENFOLD_JUMP)
    assert refused([Finding(Problem.TENFOLD_JUMP, "revenue"), Finding(problem)]) is (
        problem != Problem.TENFOLD_JUMP
    )


def test_nothing_found_is_not_refused():
    assert refused([]) is False


# window()


def test_window_is_the_last_complete_months_oldest_first():
    assert window(TODAY, 3) == [MARCH, APRIL, MAY]


def test_window_excludes_the_current_month_even_on_its_last_day():
    assert window(date(2024, 6, 30), 1) == [MAY]
    assert window(date(2024, 6, 1), 1) == [MAY]


def test_window_across_a_year_boundary():
    assert window(date(2024, 2, 10), 4) == [
        date(2023, 10, 1),
        date(2023, 11, 1),
        date(2023, 12, 1),
        date(2024, 1, 1),
    ]


def test_empty_window():
    assert window(TODAY, 0) == []


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 48))
def test_window_properties(today, months):
    months_list = window(today, months)
    assert len(months_list) == months
    assert all(m.day == 1 for m in months_list)
    assert months_list == sorted(set(months_list))
    if months:
        assert months_list[-1] == add_months(today.replace(day=1), -1)
        assert months_list[0] == add_months(today.replace(day=1), -months)


# profitable_months


def test_profitable_months_counts_positive_profit_only():
    profits = {MARCH: 1, APRIL: 0, MAY: -100}
    assert profitable_months(profits, TODAY, 3) == 1


def test_a_month_without_a_record_is_not_profitable():
    assert profitable_months({MAY: 500}, TODAY, 3) == 1
    assert profitable_months({}, TODAY, 8) == 0


def test_months_outside_the_window_are_ignored():
    profits = {
        THIS_MONTH: 1_000,  # still running
        date(2024, 7, 1): 1_000,  # in the future
        date(2024, 2, 1): 1_000,  # before a 3-month window
        MARCH: 1_000,
    }
    assert profitable_months(profits, TODAY, 3) == 1


def test_profitable_months_across_a_year_boundary():
    profits = {date(2023, 11, 1): 5, date(2023, 12, 1): 5, date(2024, 1, 1): 5}
    assert profitable_months(profits, date(2024, 2, 1), 2) == 2
    assert profitable_months(profits, date(2024, 2, 1), 3) == 3


@given(
    st.dictionaries(
        st.integers(min_value=-12, max_value=3).map(lambda k: add_months(THIS_MONTH, k)),
        st.integers(min_value=-(10**7), max_value=10**7),
    ),
    st.integers(min_value=0, max_value=12),
)
def test_profitable_months_is_a_count_over_the_window(profits, months):
    count = profitable_months(profits, TODAY, months)
    in_window = set(window(TODAY, months))
    assert count == sum(1 for m, p in profits.items() if m in in_window and p > 0)
    assert 0 <= count <= months
