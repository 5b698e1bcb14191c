from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core.calendar import add_months
from purna.core.mentoring import (
    MONTHLY_FOR_MONTHS,
    PLANNED_SPAN_MONTHS,
    beyond_planned_span,
    cadence_months,
    days_overdue,
    next_visit_due,
    plan_due_by,
    plan_overdue,
)

START = date(2024, 3, 15)
DAY = timedelta(days=1)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def test_the_model_constants():
    assert MONTHLY_FOR_MONTHS == 12
    assert PLANNED_SPAN_MONTHS == 24


# cadence_months


@pytest.mark.parametrize(
    "on, expected",
    [
        (START, 1),
        (date(2024, 4, 15), 1),
        (date(2025, 3, 14), 1),  # the last day of the first year
        (date(2025, 3, 15), 2),  # twelve months on
        (date(2026, 3, 15), 2),
        (date(2028, 1, 1), 2),  # beyond the planned span the cadence stays two-monthly
    ],
)
def test_cadence_monthly_for_a_year_then_two_monthly(on, expected):
    assert cadence_months(START, on) == expected


@given(days, st.integers(min_value=0, max_value=365 * 5))
def test_cadence_is_one_or_two_and_switches_once(start, offset):
    on = start + timedelta(days=offset)
    expected = 1 if on < add_months(start, 12) else 2
    assert cadence_months(start, on) == expected


# next_visit_due: first visit


@pytest.mark.parametrize(
    "start, due",
    [
        (date(2024, 3, 15), date(2024, 4, 15)),
        (date(2023, 1, 31), date(2023, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2024, 3, 31), date(2024, 4, 30)),
        (date(2024, 12, 20), date(2025, 1, 20)),
    ],
)
def test_first_visit_is_due_a_month_after_practice_starts(start, due):
    assert next_visit_due(start, None) == due


def test_an_agreed_date_without_any_visit_is_not_used():
    # The first visit is what the plan fixes; there is no earlier visit to agree it at.
    assert next_visit_due(START, None, date(2024, 3, 20)) == date(2024, 4, 15)


# next_visit_due: after a visit


def test_after_a_visit_in_the_first_year_the_next_is_a_month_later():
    assert next_visit_due(START, date(2024, 4, 20)) == date(2024, 5, 20)
    assert next_visit_due(START, date(2025, 3, 14)) == date(2025, 4, 14)


def test_after_a_visit_in_the_second_year_the_next_is_two_months_later():
    assert next_visit_due(START, date(2025, 3, 15)) == date(2025, 5, 15)
    assert next_visit_due(START, date(2025, 12, 1)) == date(2026, 2, 1)


def test_the_cadence_is_read_at_the_visit_date_not_today():
    # A visit on the last day of the first year still sets a one-month gap, even though the
    # next due date falls in the second year.
    last = date(2025, 3, 14)
    assert next_visit_due(START, last) == add_months(last, 1)


def test_due_date_after_a_visit_on_the_31st_is_clamped():
    start = date(2023, 1, 10)
    assert next_visit_due(start, date(2023, 1, 31)) == date(2023, 2, 28)
    assert next_visit_due(start, date(2024, 3, 31)) == date(2024, 5, 31)
    assert next_visit_due(start, date(2024, 7, 31)) == date(2024, 9, 30)
    assert next_visit_due(start, date(2024, 12, 31)) == date(2025, 2, 28)
    assert next_visit_due(date(2022, 6, 1), date(2023, 12, 31)) == date(2024, 2, 29)


# next_visit_due: the agreed next date


def test_an_agreed_earlier_date_wins():
    last = date(2024, 4, 20)
    assert next_visit_due(START, last, date(2024, 5, 1)) == date(2024, 5, 1)


def test_an_agreed_date_the_day_before_the_cadence_wins():
    last = date(2024, 4, 20)
    assert next_visit_due(START, last, date(2024, 5, 19)) == date(2024, 5, 19)


def test_an_agreed_date_on_the_cadence_date_changes_nothing():
    last = date(2024, 4, 20)
    assert next_visit_due(START, last, date(2024, 5, 20)) == date(2024, 5, 20)


def test_an_agreed_later_date_does_not_postpone_the_visit():
    last = date(2024, 4, 20)
    assert next_visit_due(START, last, date(2024, 6, 30)) == date(2024, 5, 20)
    # Nor in the two-monthly phase.
    last = date(2025, 6, 1)
    assert next_visit_due(START, last, date(2025, 9, 1)) == date(2025, 8, 1)


def test_an_agreed_date_before_the_last_visit_is_ignored():
    # An agreement left over from an earlier visit: the later visit has fulfilled it.
    last = date(2024, 4, 20)
    assert next_visit_due(START, last, date(2024, 4, 19)) == date(2024, 5, 20)
    assert next_visit_due(START, last, date(2024, 1, 1)) == date(2024, 5, 20)


def test_a_visit_on_the_agreed_date_fulfils_the_agreement():
    agreed = date(2024, 5, 1)  # agreed at the visit of 20 April
    visited = agreed  # and the mentor came on that day
    assert next_visit_due(START, visited, agreed) == date(2024, 6, 1)
    assert days_overdue(START, visited, date(2024, 5, 2), agreed) == 0


@given(
    days,
    st.integers(min_value=0, max_value=900),
    st.integers(min_value=-90, max_value=120),
)
def test_due_date_is_never_later_than_the_cadence_nor_before_the_visit(start, gap, agreed_gap):
    last = start + timedelta(days=gap)
    agreed = last + timedelta(days=agreed_gap)
    cadence_due = next_visit_due(start, last)
    due = next_visit_due(start, last, agreed)
    assert last <= due <= cadence_due
    assert due in {cadence_due, agreed}


# days_overdue


def test_not_overdue_before_or_on_the_due_day():
    due = next_visit_due(START, None)
    assert days_overdue(START, None, START) == 0
    assert days_overdue(START, None, due - DAY) == 0
    assert days_overdue(START, None, due) == 0


def test_overdue_counts_days_after_the_due_day():
    due = next_visit_due(START, None)
    assert days_overdue(START, None, due + DAY) == 1
    assert days_overdue(START, None, due + 10 * DAY) == 10


def test_days_overdue_follows_an_agreed_earlier_date():
    last, agreed = date(2024, 4, 20), date(2024, 5, 1)
    assert days_overdue(START, last, date(2024, 5, 1), agreed) == 0
    assert days_overdue(START, last, date(2024, 5, 2), agreed) == 1
    assert days_overdue(START, last, date(2024, 5, 2)) == 0


def test_days_overdue_on_a_clamped_first_due_date():
    start = date(2023, 1, 31)
    assert days_overdue(start, None, date(2023, 2, 28)) == 0
    assert days_overdue(start, None, date(2023, 3, 1)) == 1


@given(days, st.integers(min_value=0, max_value=400), st.integers(min_value=-400, max_value=400))
def test_days_overdue_is_the_days_past_due(start, gap, offset):
    last = start + timedelta(days=gap)
    due = next_visit_due(start, last)
    today = due + timedelta(days=offset)
    assert days_overdue(start, last, today) == max(0, offset)


# Two years walked month by month


def walk(start: date, until: date) -> list[date]:
    """Visit exactly on each due date up to `until`, checking the family every day."""
    visits: list[date] = []
    today = start
    while today <= until:
        last = visits[-1] if visits else None
        assert days_overdue(start, last, today) == 0, today
        if today == next_visit_due(start, last):
            visits.append(today)
        today += DAY
    return visits


@pytest.mark.parametrize("start", [date(2024, 3, 15), date(2023, 1, 1), date(2023, 11, 28)])
def test_a_family_visited_on_each_due_date_is_never_overdue_in_two_years(start):
    visits = walk(start, add_months(start, PLANNED_SPAN_MONTHS))
    monthly = [add_months(start, k) for k in range(1, 13)]
    two_monthly = [add_months(start, k) for k in range(14, 25, 2)]
    assert visits == monthly + two_monthly
    assert len(monthly) == 12 and len(two_monthly) == 6


def test_visits_from_the_31st_drift_to_the_28th_and_stay_monthly_a_month_longer():
    """A clamp on the way (28 Feb) moves every later due date to the 28th, a few days
    earlier than the 31st would; the 28 Jan visit is then inside the first year, so one
    more monthly visit is due. Earlier, never later: nobody is forgotten."""
    start = date(2023, 1, 31)
    visits = walk(start, add_months(start, PLANNED_SPAN_MONTHS))
    assert all(v.day == 28 for v in visits)
    assert visits[:13] == [add_months(date(2023, 2, 28), k) for k in range(13)]
    # 28 Feb 2024 is twelve months on (31 Jan + 13 is 29 Feb 2024): two-monthly from there.
    assert visits[13:] == [add_months(date(2024, 4, 28), k) for k in range(0, 10, 2)]
    assert len(visits) == 13 + 5


def test_a_missed_visit_makes_the_family_overdue_until_the_next_visit():
    start = START
    due = next_visit_due(start, None)
    assert days_overdue(start, None, add_months(due, 1)) == (add_months(due, 1) - due).days
    late_visit = due + 5 * DAY
    assert days_overdue(start, late_visit, late_visit) == 0
    # The clock restarts from the late visit, not from the missed due date.
    assert next_visit_due(start, late_visit) == add_months(late_visit, 1)


# beyond_planned_span


@pytest.mark.parametrize(
    "today, expected",
    [
        (START, False),
        (add_months(START, 23), False),
        (add_months(START, 24) - DAY, False),
        (add_months(START, 24), True),  # two years to the day
        (add_months(START, 25), True),
    ],
)
def test_beyond_planned_span(today, expected):
    assert beyond_planned_span(START, today) is expected


def test_beyond_planned_span_from_a_leap_day():
    start = date(2024, 2, 29)
    assert beyond_planned_span(start, date(2026, 2, 27)) is False
    assert beyond_planned_span(start, date(2026, 2, 28)) is True


# The mentoring plan


def test_plan_due_a_month_after_practice_starts():
    assert plan_due_by(START) == date(2024, 4, 15)
    assert plan_due_by(date(2023, 1, 31)) == date(2023, 2, 28)
    assert plan_due_by(date(2024, 12, 31)) == date(2025, 1, 31)


def test_plan_not_overdue_on_the_due_day_overdue_the_day_after():
    due = plan_due_by(START)
    assert plan_overdue(START, None, START) is False
    assert plan_overdue(START, None, due) is False
    assert plan_overdue(START, None, due + DAY) is True


@given(days, st.integers(min_value=0, max_value=800), st.integers(min_value=-30, max_value=800))
def test_plan_never_overdue_once_agreed(start, agreed_after, today_after):
    agreed = start + timedelta(days=agreed_after)  # on time or late: it counts
    assert plan_overdue(start, agreed, start + timedelta(days=today_after)) is False


@given(days, st.integers(min_value=0, max_value=800))
def test_plan_overdue_exactly_after_the_due_day(start, offset):
    today = start + timedelta(days=offset)
    assert plan_overdue(start, None, today) is (today > plan_due_by(start))
