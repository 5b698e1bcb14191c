from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core.followup import (
    DAYS_ID,
    MONTHS_ID,
    awaiting_field_test,
    indonesian_date,
    missed_in_a_row,
    normalise_phone,
    nothing_started,
    reminder_due,
    session_reminder,
    starts_within,
    training_finished_no_practice,
    village_label,
)
from purna.core.progress import Recorded, State, plan_for
from purna.core.quadrants import Quadrant

P, IP, C, D, NN = (
    State.PLANNED,
    State.IN_PROGRESS,
    State.COMPLETED,
    State.DROPPED,
    State.NOT_NEEDED,
)
JAKARTA = ZoneInfo("Asia/Jakarta")
rolls = st.lists(st.sampled_from([True, False, None]), max_size=30)


@pytest.mark.parametrize(
    "attendance, expected",
    [
        ([], 0),
        ([True, True], 0),
        ([False], 1),
        ([True, False, False], 2),
        ([False, False, True], 0),  # came back: no longer at risk
        ([False, False, False, True, False], 1),
        ([True, False, None, False], 2),  # no line for them at the middle session
        ([None, None], 0),
        ([False, None], 1),
    ],
)
def test_missed_in_a_row(attendance, expected):
    assert missed_in_a_row(attendance) == expected


@given(rolls)
def test_missed_run_is_the_absences_since_the_last_presence(attendance):
    run = missed_in_a_row(attendance)
    recorded = [a for a in attendance if a is not None]
    assert 0 <= run <= recorded.count(False)
    assert all(a is False for a in recorded[len(recorded) - run :])
    assert missed_in_a_row([*attendance, True]) == 0
    assert missed_in_a_row([*attendance, False]) == run + 1
    assert missed_in_a_row([*attendance, None]) == run


def plan(quadrant, **states):
    return plan_for([Quadrant(quadrant)], {code: Recorded(s, "why") for code, s in states.items()})


@pytest.mark.parametrize(
    "quadrant, states, expected",
    [
        ("III", {}, False),  # nothing done yet
        ("III", {"MINDSET_BUSINESS": C}, False),
        ("III", {"MINDSET_BUSINESS": C, "TRAINING_BUSINESS": IP}, False),
        ("III", {"MINDSET_BUSINESS": C, "TRAINING_BUSINESS": C}, True),
        ("III", {"MINDSET_BUSINESS": NN, "TRAINING_BUSINESS": C}, True),
        ("III", {"MINDSET_BUSINESS": C, "TRAINING_BUSINESS": D}, False),  # dropped: not done
        ("III", {"MINDSET_BUSINESS": C, "TRAINING_BUSINESS": C, "PRACTICE": IP}, False),
        ("I", {"MINDSET_BUSINESS": C, "TRAINING_BUSINESS": C, "MINDSET_SAKINAH": C}, False),
        (
            "I",
            {
                "MINDSET_BUSINESS": C,
                "TRAINING_BUSINESS": C,
                "MINDSET_SAKINAH": C,
                "TRAINING_SAKINAH": C,
            },
            True,
        ),  # fmt: skip
        ("II", {"MINDSET_SAKINAH": C, "TRAINING_SAKINAH": C}, True),
        ("IV", {}, False),  # no practice on the plan at all
    ],
)
def test_training_finished_no_practice(quadrant, states, expected):
    assert training_finished_no_practice(plan(quadrant, **states)) is expected


def test_modules_set_aside_by_a_reassessment_do_not_hold_practice_back():
    # Quadrant I, then II: the business modules are no longer needed.
    rerouted = plan_for(
        [Quadrant.I, Quadrant.II],
        {"MINDSET_SAKINAH": Recorded(C), "TRAINING_SAKINAH": Recorded(C)},
    )
    assert training_finished_no_practice(rerouted)


@pytest.mark.parametrize(
    "states, expected",
    [
        ({}, True),
        ({"FIELD_VERIFICATION": IP}, True),  # a visit arranged, no result yet
        ({"FIELD_VERIFICATION": C}, False),
        ({"FIELD_VERIFICATION": D}, False),
        ({"FIELD_VERIFICATION": NN}, False),
    ],
)
def test_awaiting_field_test(states, expected):
    assert awaiting_field_test(plan("IV", **states)) is expected


def test_only_quadrant_iv_plans_have_a_field_test():
    assert not awaiting_field_test(plan("I"))
    assert not awaiting_field_test([])


def test_nothing_started():
    assert nothing_started(plan("I"))
    assert nothing_started([])
    assert not nothing_started(plan("III", MINDSET_BUSINESS=IP))
    assert not nothing_started(plan("IV", FIELD_VERIFICATION=C))
    assert nothing_started(plan("III", MINDSET_BUSINESS=D))


TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    "first, expected",
    [
        (TODAY - timedelta(days=1), False),  # already started
        (TODAY, True),
        (TODAY + timedelta(days=14), True),
        (TODAY + timedelta(days=15), False),
    ],
)
def test_starts_within_two_weeks(first, expected):
    assert starts_within(first, TODAY) is expected


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(-400, 400),
    st.integers(0, 60),
)
def test_starts_within_is_the_window_from_today(today, offset, days):
    first = today + timedelta(days=offset)
    assert starts_within(first, today, days) is (0 <= offset <= days)


def test_indonesian_date():
    assert indonesian_date(date(2026, 12, 3)) == "Kamis 3 Desember 2026"
    assert indonesian_date(date(2026, 8, 17)) == "Senin 17 Agustus 2026"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_indonesian_date_names_the_weekday_and_month(day):
    weekday, number, month, year = indonesian_date(day).split(" ")
    assert weekday == DAYS_ID[day.weekday()] and month == MONTHS_ID[day.month - 1]
    assert (int(number), int(year)) == (day.day, day.year)


@pytest.mark.parametrize(
    "code, label",
    [
        ("35.02.17.1001", "Kelurahan Paju"),
        ("3502012001", "Desa Paju"),
        ("35.02.01.2001", "Desa Paju"),
    ],
)
def test_village_label(code, label):
    assert village_label(code, "Paju") == label


def test_session_reminder_text():
    text = session_reminder(
        number=2, module_name="Pelatihan kewirausahaan", on=date(2026, 12, 3), place="Desa Paju"
    )
    assert text == (
        "Pengingat: sesi 2 Pelatihan kewirausahaan, Kamis 3 Desember 2026 di Desa Paju. "
        "Sampai jumpa! - Purna"
    )
    assert text.isascii() and len(text) <= 160  # one SMS


def test_reminder_goes_out_the_morning_before():
    now = datetime(2026, 11, 30, 19, 0, tzinfo=JAKARTA)
    assert reminder_due(date(2026, 12, 3), now) == datetime(2026, 12, 2, 8, 0, tzinfo=JAKARTA)
    # Too late for the morning before: at once.
    assert reminder_due(date(2026, 12, 1), now) == now
    assert reminder_due(date(2026, 11, 30), now) == now


@given(
    st.dates(min_value=date(2000, 1, 2), max_value=date(2100, 1, 1)),
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.just(UTC),
    ),
)
def test_reminder_is_never_before_now_nor_on_the_day(session_day, now):
    due = reminder_due(session_day, now)
    assert due >= now
    day_before = datetime.combine(session_day, datetime.min.time(), tzinfo=now.tzinfo)
    assert due == now or due < day_before


@pytest.mark.parametrize(
    "phone, normal",
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+852 9123 4567", "+85291234567"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_normalise_phone(phone, normal):
    assert normalise_phone(phone) == normal
