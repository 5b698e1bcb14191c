"""The mentoring clock: when a family's plan and visits are due, and when they are overdue.

Business practice starts the clock. Visits are due monthly for the first 12 months, then
every two months; the planned span is 24 months, but a family still in mentoring after
that keeps the two-monthly cadence until it graduates or withdraws, so nobody is forgotten.
"""

from __future__ import annotations

from datetime import date

from .calendar import add_months, months_between

MONTHLY_FOR_MONTHS = 12
PLANNED_SPAN_MONTHS = 24
PLAN_WITHIN_MONTHS = 1


def cadence_months(practice_started: date, on: date) -> int:
    """The gap allowed after a visit made on `on`: 1 month in the first year, then 2."""
    return 1 if months_between(practice_started, on) < MONTHLY_FOR_MONTHS else 2


def next_visit_due(
    practice_started: date, last_visit: date | None, agreed_next: date | None = None
) -> date:
    """The first visit is due a month after practice starts. After a visit, the next is due
    at the cadence, or earlier when mentor and family agreed an earlier date."""
    if last_visit is None:
        return add_months(practice_started, 1)
    due = add_months(last_visit, cadence_months(practice_started, last_visit))
    if agreed_next is not None and last_visit < agreed_next < due:
        return agreed_next
    return due


def days_overdue(
    practice_started: date,
    last_visit: date | None,
    today: date,
    agreed_next: date | None = None,
) -> int:
    """Days past the due date; 0 when the visit is not yet late (due today is not late)."""
    return max(0, (today - next_visit_due(practice_started, last_visit, agreed_next)).days)


def beyond_planned_span(practice_started: date, today: date) -> bool:
    """Still in mentoring two years or more after practice started: worth a review."""
    return months_between(practice_started, today) >= PLANNED_SPAN_MONTHS


def plan_due_by(practice_started: date) -> date:
    """The mentoring plan is agreed within a month of entering practice."""
    return add_months(practice_started, PLAN_WITHIN_MONTHS)


def plan_overdue(practice_started: date, agreed_on: date | None, today: date) -> bool:
    """No agreed plan although the month has passed. A plan agreed late still counts."""
    return agreed_on is None and today > plan_due_by(practice_started)
