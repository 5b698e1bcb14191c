"""Month arithmetic for schedules counted in months (visits, checks, profit windows)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), kept inside the month: 31 Jan + 1 month is
    28 or 29 Feb, never 3 March."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (0 when end is less than a month later)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months
