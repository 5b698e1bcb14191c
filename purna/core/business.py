"""Business figures: checks on a monthly record before it is stored, and the profit
history the graduation rule reads. Amounts are whole rupiah."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .calendar import add_months, month_start

JUMP_FACTOR = 10


class Problem(StrEnum):
    NEGATIVE = "negative"  # an amount or a count below zero
    FUTURE_MONTH = "future_month"  # a month that has not started yet
    DUPLICATE_MONTH = "duplicate_month"  # the business already has a record for that month
    # Ten times a neighbouring recorded month, or a tenth of it: a typo more often than not.
    TENFOLD_JUMP = "tenfold_jump"


# Problems that refuse the record; the others ask for a confirmation.
REFUSED = frozenset({Problem.NEGATIVE, Problem.FUTURE_MONTH, Problem.DUPLICATE_MONTH})


@dataclass(frozen=True)
class Figures:
    revenue: int
    costs: int
    loan_repayment: int = 0
    workers_family: int = 0
    workers_hired: int = 0
    workers_community: int = 0

    @property
    def profit(self) -> int:
        return self.revenue - self.costs


@dataclass(frozen=True)
class Finding:
    problem: Problem
    field: str = ""  # the field concerned, for the message next to it
    # With TENFOLD_JUMP: the recorded month the figure was compared with.
    compared_with: date | None = None


def neighbours(
    month: date, recorded: Mapping[date, Figures], *, replacing: date | None = None
) -> tuple[date | None, date | None]:
    """The nearest recorded months before and after `month` (None where there is none),
    gaps skipped. The month itself and the month of the record being corrected are not
    neighbours."""
    month = month_start(month)
    replacing = month_start(replacing) if replacing else None
    others = [m for m in recorded if m != month and m != replacing]
    before = max((m for m in others if m < month), default=None)
    after = min((m for m in others if m > month), default=None)
    return before, after


def tenfold(a: int, b: int) -> bool:
    """One figure ten times the other or more, either way; a zero is never a jump (a month
    without sales happens)."""
    return a > 0 and b > 0 and (a >= JUMP_FACTOR * b or b >= JUMP_FACTOR * a)


def check_record(
    month: date,
    figures: Figures,
    *,
    recorded: Mapping[date, Figures],
    today: date,
    replacing: date | None = None,
) -> list[Finding]:
    """What is wrong with recording `figures` for `month`, given the business's other
    records (`recorded`, keyed by first day of month). `replacing` is the month of the
    record being corrected, which does not count as a duplicate of itself.

    Revenue and costs are compared with the nearest recorded month before and the nearest
    after (a back-filled month has both): ten times either, or a tenth of it, is a
    TENFOLD_JUMP, reported once per figure against the first neighbour it jumps from."""
    month = month_start(month)
    replacing = month_start(replacing) if replacing else None
    findings = [
        Finding(Problem.NEGATIVE, name)
        for name, value in vars(figures).items()
        if value is not None and value < 0
    ]
    if month > month_start(today):
        findings.append(Finding(Problem.FUTURE_MONTH, "month"))
    if month in recorded and month != replacing:
        findings.append(Finding(Problem.DUPLICATE_MONTH, "month"))
    nearest = [m for m in neighbours(month, recorded, replacing=replacing) if m is not None]
    for name in ("revenue", "costs"):
        now = getattr(figures, name)
        for other in nearest:
            if tenfold(now, getattr(recorded[other], name)):
                findings.append(Finding(Problem.TENFOLD_JUMP, name, other))
                break
    return findings


def refused(findings: list[Finding]) -> bool:
    return any(f.problem in REFUSED for f in findings)


def window(today: date, months: int) -> list[date]:
    """The last `months` complete months before `today`'s month, oldest first: the current
    month is still running, so its figures are not final."""
    current = month_start(today)
    return [add_months(current, -k) for k in range(months, 0, -1)]


def profitable_months(profits: Mapping[date, int], today: date, months: int) -> int:
    """How many of the last `months` complete months had a positive profit. A month with no
    record counts as not profitable: no evidence is no evidence."""
    return sum(1 for m in window(today, months) if profits.get(m, 0) > 0)
