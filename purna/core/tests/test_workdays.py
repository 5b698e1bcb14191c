from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core.workdays import add_working_days, is_working_day, working_days_between

# The 2026 decree: Idulfitri on Saturday 21 and Sunday 22 March, collective leave on Friday
# 20, Monday 23 and Tuesday 24 March; Nyepi on Thursday 19, its collective leave on Wed 18.
LEBARAN_2026 = {date(2026, 3, d) for d in (18, 19, 20, 21, 22, 23, 24)}
FRIDAY = date(2026, 3, 6)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
holiday_sets = st.frozensets(days, max_size=30)


def brute_count(start: date, end: date, holidays) -> int:
    n, day = 0, start
    while day < end:
        day += timedelta(days=1)
        n += day.weekday() < 5 and day not in holidays
    return n


# is_working_day


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 3, 2), True),  # Monday
        (date(2026, 3, 6), True),  # Friday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 3, 23), False),  # a Monday of collective leave
    ],
)
def test_working_days_are_weekdays_that_are_not_holidays(day, expected):
    assert is_working_day(day, LEBARAN_2026) is expected


# add_working_days


def test_friday_plus_two_is_tuesday_across_the_weekend():
    assert add_working_days(FRIDAY, 1, set()) == date(2026, 3, 9)
    assert add_working_days(FRIDAY, 2, set()) == date(2026, 3, 10)


def test_a_friday_before_a_monday_holiday_skips_the_weekend_and_the_holiday():
    # Friday 14 August 2026; Monday 17 August is Independence Day.
    friday = date(2026, 8, 14)
    holidays = {date(2026, 8, 17)}
    assert add_working_days(friday, 1, holidays) == date(2026, 8, 18)
    assert add_working_days(friday, 2, holidays) == date(2026, 8, 19)
    assert add_working_days(friday, 2, set()) == date(2026, 8, 18)  # the holiday is a day


def test_lebaran_week_is_skipped_whole():
    # Tuesday 17 March 2026: then Nyepi and Lebaran close everything until Wednesday 25.
    assert add_working_days(date(2026, 3, 17), 1, LEBARAN_2026) == date(2026, 3, 25)
    assert add_working_days(date(2026, 3, 17), 14, LEBARAN_2026) == date(2026, 4, 13)


def test_a_holiday_on_a_weekend_changes_nothing():
    saturday = {date(2026, 3, 21)}
    assert add_working_days(FRIDAY, 5, saturday) == add_working_days(FRIDAY, 5, set())


def test_zero_is_the_day_itself_or_the_next_working_day():
    assert add_working_days(FRIDAY, 0, set()) == FRIDAY
    assert add_working_days(date(2026, 3, 7), 0, set()) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 20), 0, LEBARAN_2026) == date(2026, 3, 25)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        add_working_days(FRIDAY, -1, set())


@given(days, st.integers(min_value=1, max_value=40), holiday_sets)
def test_the_result_is_a_working_day_with_exactly_n_working_days_before_it(start, n, holidays):
    end = add_working_days(start, n, holidays)
    assert end > start
    assert is_working_day(end, holidays)
    assert brute_count(start, end, holidays) == n


# working_days_between


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (FRIDAY, FRIDAY, 0),
        (FRIDAY, date(2026, 3, 7), 0),  # Saturday
        (FRIDAY, date(2026, 3, 9), 1),  # Monday
        (date(2026, 3, 2), date(2026, 3, 16), 10),  # two whole weeks
        (date(2026, 3, 17), date(2026, 3, 25), 1),  # across Nyepi and Lebaran
        (date(2026, 3, 9), FRIDAY, -1),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end, LEBARAN_2026) == expected


@given(days, days, holiday_sets)
def test_between_agrees_with_counting_day_by_day(a, b, holidays):
    start, end = min(a, b), max(a, b)
    assert working_days_between(start, end, holidays) == brute_count(start, end, holidays)
    assert working_days_between(end, start, holidays) == -brute_count(start, end, holidays)


@given(days, st.integers(min_value=1, max_value=40), holiday_sets)
def test_between_undoes_add(start, n, holidays):
    assert working_days_between(start, add_working_days(start, n, holidays), holidays) == n
