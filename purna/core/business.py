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
    TENFOLD_JUMP = "tenfold_jump"  # ten times the previous month: a typo more often than not


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
    record being corrected, which does not count as a duplicate of itself."""
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
    previous = recorded.get(add_months(month, -1))
    if previous is not None:
        for name in ("revenue", "costs"):
            before, now = getattr(previous, name), getattr(figures, name)
            if before > 0 and now >= JUMP_FACTOR * before:
                findings.append(Finding(Problem.TENFOLD_JUMP, name))
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
