import calendar as stdlib_calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core.calendar import add_months, month_start, months_between

# Wide enough for decades of schedules, narrow enough that +-months stays inside date's range.
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
months = st.integers(min_value=-600, max_value=600)


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def last_day(year: int, month: int) -> int:
    return stdlib_calendar.monthrange(year, month)[1]


# add_months


@pytest.mark.parametrize(
    "day, n, expected",
    [
        (date(2023, 1, 15), 1, date(2023, 2, 15)),
        (date(2023, 1, 15), 0, date(2023, 1, 15)),
        # Clamped to the end of a shorter month, never spilling into the next one.
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 30), 1, date(2023, 2, 28)),
        (date(2023, 1, 29), 1, date(2023, 2, 28)),
        (date(2024, 1, 29), 1, date(2024, 2, 29)),
        (date(2023, 3, 31), 1, date(2023, 4, 30)),
        (date(2023, 5, 31), 1, date(2023, 6, 30)),
        (date(2023, 8, 31), 1, date(2023, 9, 30)),
        (date(2023, 1, 31), 2, date(2023, 3, 31)),
        # Backwards.
        (date(2023, 3, 31), -1, date(2023, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2023, 3, 15), -1, date(2023, 2, 15)),
        (date(2023, 7, 31), -1, date(2023, 6, 30)),
        # Leap day: kept in leap years, clamped otherwise.
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 2, 29), -12, date(2023, 2, 28)),
        (date(2024, 2, 29), 1, date(2024, 3, 29)),
        # 1900 is not a leap year, 2000 is.
        (date(1900, 1, 31), 1, date(1900, 2, 28)),
        (date(2000, 1, 31), 1, date(2000, 2, 29)),
        # Year boundaries, both ways.
        (date(2023, 12, 31), 1, date(2024, 1, 31)),
        (date(2023, 12, 15), 2, date(2024, 2, 15)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2024, 1, 1), -1, date(2023, 12, 1)),
        (date(2024, 1, 31), -2, date(2023, 11, 30)),
        (date(2024, 2, 10), -14, date(2022, 12, 10)),
        (date(2023, 6, 30), 24, date(2025, 6, 30)),
        (date(2023, 6, 30), -24, date(2021, 6, 30)),
        (date(2023, 1, 1), 12, date(2024, 1, 1)),
        (date(2023, 1, 1), -12, date(2022, 1, 1)),
    ],
)
def test_add_months(day, n, expected):
    assert add_months(day, n) == expected


@given(days, months)
def test_add_months_moves_the_month_index_exactly(day, n):
    assert month_index(add_months(day, n)) == month_index(day) + n


@given(days, months)
def test_add_months_keeps_the_day_or_clamps_to_month_end(day, n):
    result = add_months(day, n)
    end = last_day(result.year, result.month)
    assert result.day == min(day.day, end)
    assert result.day <= day.day


@given(days, months)
def test_add_months_keeps_any_day_up_to_28(day, n):
    day = day.replace(day=min(day.day, 28))
    assert add_months(day, n).day == day.day


@given(days, months, months)
def test_chained_add_months_lands_in_the_same_month_never_later(day, a, b):
    """Not always equal (a clamp on the way loses days: 31 Jan +1 +1 is 28 Mar, +2 is
    31 Mar), but the month is the same and the chain is never later."""
    chained = add_months(add_months(day, a), b)
    direct = add_months(day, a + b)
    assert month_index(chained) == month_index(direct)
    assert chained <= direct
    assert chained.day <= day.day


def test_chained_add_months_can_lose_days_to_a_clamp():
    assert add_months(add_months(date(2023, 1, 31), 1), 1) == date(2023, 3, 28)
    assert add_months(date(2023, 1, 31), 2) == date(2023, 3, 31)


@given(days, months, months)
def test_chained_add_months_is_exact_for_days_up_to_28(day, a, b):
    day = day.replace(day=min(day.day, 28))
    assert add_months(add_months(day, a), b) == add_months(day, a + b)


@given(days, months)
def test_add_months_round_trip_for_days_up_to_28(day, n):
    day = day.replace(day=min(day.day, 28))
    assert add_months(add_months(day, n), -n) == day


@given(days, st.integers(min_value=0, max_value=600), st.integers(min_value=0, max_value=600))
def test_add_months_is_monotonic_in_months(day, a, b):
    low, high = sorted((a, b))
    assert add_months(day, low) <= add_months(day, high)


@given(days, days, months)
def test_add_months_preserves_order_of_days(a, b, n):
    early, late = sorted((a, b))
    assert add_months(early, n) <= add_months(late, n)


# month_start


@given(days)
def test_month_start(day):
    start = month_start(day)
    assert start == date(day.year, day.month, 1)
    assert start <= day
    assert month_start(start) == start


def test_month_start_examples():
    assert month_start(date(2024, 2, 29)) == date(2024, 2, 1)
    assert month_start(date(2023, 12, 31)) == date(2023, 12, 1)
    assert month_start(date(2023, 1, 1)) == date(2023, 1, 1)


# months_between


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (date(2023, 1, 15), date(2023, 1, 15), 0),
        (date(2023, 1, 15), date(2023, 2, 14), 0),
        (date(2023, 1, 15), date(2023, 2, 15), 1),
        (date(2023, 1, 15), date(2024, 1, 14), 11),
        (date(2023, 1, 15), date(2024, 1, 15), 12),
        (date(2023, 1, 15), date(2025, 1, 14), 23),
        (date(2023, 1, 15), date(2025, 1, 15), 24),
        # A month from the 31st is reached at the end of a shorter month.
        (date(2023, 1, 31), date(2023, 2, 27), 0),
        (date(2023, 1, 31), date(2023, 2, 28), 1),
        (date(2024, 1, 31), date(2024, 2, 28), 0),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2023, 1, 31), date(2023, 3, 30), 1),
        (date(2023, 1, 31), date(2023, 3, 31), 2),
        (date(2023, 12, 31), date(2024, 1, 30), 0),
        (date(2023, 12, 31), date(2024, 1, 31), 1),
        (date(2024, 2, 29), date(2025, 2, 28), 12),
        # Less than a month across a year boundary.
        (date(2023, 12, 20), date(2024, 1, 5), 0),
    ],
)
def test_months_between(start, end, expected):
    assert months_between(start, end) == expected


@given(days, months)
def test_months_between_inverts_add_months(day, n):
    """Holds for every day, not only up to the 28th: a clamped result is still n months on."""
    assert months_between(day, add_months(day, n)) == n


@given(days, days)
def test_months_between_is_the_most_whole_months_that_fit(start, end):
    n = months_between(start, end)
    assert add_months(start, n) <= end
    assert add_months(start, n + 1) > end


@given(days, st.integers(min_value=0, max_value=40))
def test_months_between_is_zero_for_less_than_a_month(start, extra_days):
    end = start + timedelta(days=extra_days)
    if end < add_months(start, 1):
        assert months_between(start, end) == 0
    else:
        assert months_between(start, end) == 1


@given(days, days, days)
def test_months_between_never_decreases_as_end_moves_later(start, a, b):
    early, late = sorted((a, b))
    assert months_between(start, early) <= months_between(start, late)


@given(days, days)
def test_months_between_is_not_negative_when_end_is_later(start, end):
    if end >= start:
        assert months_between(start, end) >= 0
    else:
        assert months_between(start, end) < 0
