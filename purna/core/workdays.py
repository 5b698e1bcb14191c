"""Working days: Monday to Friday, except public holidays and collective leave.

The holidays are passed in, never computed here. Indonesia fixes its national holidays and
collective leave (cuti bersama) each year by a joint decree of three ministers (SKB), and the
Islamic holidays depend on the sighting of the new moon, so no formula or library can know
them in advance: the helpdesk keeps them in a table administrators edit (see
docs/operations.md, "Helpdesk deadlines and holidays") and hands them to these functions.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

DAY = timedelta(days=1)
SATURDAY = 5  # date.weekday(): Monday 0 ... Sunday 6


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < SATURDAY and day not in holidays


def add_working_days(start: date, n: int, holidays: Collection[date]) -> date:
    """The n-th working day after `start` (`start` itself never counts: a complaint made on
    Friday with two working days is due on Tuesday). n=0 gives `start` if it is a working day,
    otherwise the next working day."""
    if n < 0:
        raise ValueError("n must be 0 or more")
    day = start
    if n == 0:
        while not is_working_day(day, holidays):
            day += DAY
        return day
    while n:
        day += DAY
        if is_working_day(day, holidays):
            n -= 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """How many working days come after `start` up to and including `end`: 0 for the same
    day, 1 from Friday to Monday. Negative when `end` is before `start`. For every n >= 1,
    working_days_between(s, add_working_days(s, n, h), h) == n."""
    if end < start:
        return -working_days_between(end, start, holidays)
    span = (end - start).days
    weeks, rest = divmod(span, 7)
    count = weeks * 5
    day = start + timedelta(days=weeks * 7)
    for _ in range(rest):
        day += DAY
        if day.weekday() < SATURDAY:
            count += 1
    skipped = sum(1 for h in set(holidays) if start < h <= end and h.weekday() < SATURDAY)
    return count - skipped
