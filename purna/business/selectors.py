"""Reading the business practice for the screens: the family's businesses with their latest
month, and the chart of a business's revenue and profit."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils.formats import date_format

from purna.assessment.forms import SECTOR_LABELS
from purna.core.business import profitable_months
from purna.core.calendar import add_months, month_start, months_between
from purna.core.graduation import Rules
from purna.people.models import Person

from .models import Business, MonthlyRecord

# The graduation rule's default window: "profit in 6 of the last 8 months".
PROFIT_WINDOW = Rules().profit_window
# The chart shows at most this many months, the latest.
CHART_MONTHS = 36
# The monthly record form offers a missing month from this far back at most.
GAP_MONTHS = 12
# Operating businesses first, closed ones last (then by name, the model's order).
STATUS_ORDER = {
    Business.Status.OPERATING: 0,
    Business.Status.PLANNED: 1,
    Business.Status.PAUSED: 2,
    Business.Status.CLOSED: 3,
}


def sector_label(code: str) -> str:
    return str(SECTOR_LABELS.get(code, code))


@dataclass(frozen=True)
class BusinessRow:
    business: Business
    last: MonthlyRecord | None  # the latest month recorded
    record_count: int
    profitable: int  # months with a positive profit among the last PROFIT_WINDOW complete ones
    window: int = PROFIT_WINDOW

    @property
    def sector(self) -> str:
        return sector_label(self.business.sector)


def business_rows(person: Person, *, today: date) -> list[BusinessRow]:
    """The family's businesses, operating ones first, each with its latest record. Two
    queries."""
    since = add_months(today.replace(day=1), -PROFIT_WINDOW)
    businesses = (
        Business.objects.filter(person=person)
        .select_related("village")
        .prefetch_related(Prefetch("records", queryset=MonthlyRecord.objects.order_by("-month")))
    )
    rows = []
    for business in businesses:
        records = list(business.records.all())
        profits = {r.month: r.profit for r in records if r.month >= since}
        rows.append(
            BusinessRow(
                business=business,
                last=records[0] if records else None,
                record_count=len(records),
                profitable=profitable_months(profits, today, PROFIT_WINDOW),
            )
        )
    rows.sort(key=lambda r: STATUS_ORDER.get(r.business.status, len(STATUS_ORDER)))
    return rows


def month_to_record(business: Business, *, today: date) -> date:
    """The month the record form offers: the earliest complete month without a record
    among the last GAP_MONTHS, from the business's first record on (a gap, or the month
    after the latest); last month when the business has no record yet or every month is
    recorded."""
    last_month = add_months(month_start(today), -1)
    recorded = set(business.records.filter(month__lte=last_month).values_list("month", flat=True))
    if not recorded:
        return last_month
    first = max(min(recorded), add_months(last_month, -(GAP_MONTHS - 1)))
    for k in range(months_between(first, last_month) + 1):
        month = add_months(first, k)
        if month not in recorded:
            return month
    return last_month


def last_recorded_month(business: Business) -> date | None:
    return business.records.order_by("-month").values_list("month", flat=True).first()


def chart_records(business: Business) -> list[MonthlyRecord]:
    """The records the chart shows: the last CHART_MONTHS months up to the latest record,
    oldest first."""
    latest = business.records.order_by("-month").values_list("month", flat=True).first()
    if latest is None:
        return []
    since = add_months(latest, -(CHART_MONTHS - 1))
    return list(business.records.filter(month__gte=since).order_by("month"))


def chart_data(records: Iterable[MonthlyRecord]) -> dict:
    """Revenue and profit per month, oldest first, for Chart.js. Months without a record
    are null so the line breaks there instead of pretending; at most the last CHART_MONTHS
    months."""
    by_month = {r.month: r for r in records}
    if not by_month:
        return {"months": [], "labels": [], "revenue": [], "profit": []}
    last = max(by_month)
    first = max(min(by_month), add_months(last, -(CHART_MONTHS - 1)))
    months = [add_months(first, k) for k in range(months_between(first, last) + 1)]
    return {
        "months": [m.strftime("%Y-%m") for m in months],
        "labels": [date_format(m, "M Y") for m in months],
        "revenue": [by_month[m].revenue if m in by_month else None for m in months],
        "profit": [by_month[m].profit if m in by_month else None for m in months],
    }


@dataclass(frozen=True)
class ChartSummary:
    months: int  # months recorded in the chart
    first: date | None
    last: date | None
    profitable: int  # of them, with a positive profit
    best: MonthlyRecord | None  # the month with the highest profit


def chart_summary(records: Sequence[MonthlyRecord]) -> ChartSummary:
    """What the chart shows, in words, for screen readers."""
    if not records:
        return ChartSummary(0, None, None, 0, None)
    return ChartSummary(
        months=len(records),
        first=min(r.month for r in records),
        last=max(r.month for r in records),
        profitable=sum(1 for r in records if r.profit > 0),
        best=max(records, key=lambda r: (r.profit, r.month)),
    )
