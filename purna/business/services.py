"""Writes of the business practice: the family's businesses and their monthly figures.
Each validates, writes and audits in one transaction. Profit is never stored: it is
revenue minus costs, always."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from purna.audit.models import AuditEvent
from purna.audit.services import audit_record, diff, snapshot
from purna.core.business import Figures, Problem, check_record
from purna.core.calendar import add_months, month_start
from purna.core.instrument import BUSINESS_SECTORS
from purna.people.forms import EARLIEST
from purna.people.models import Person

from .models import Business, MonthlyRecord

# The largest rupiah amount a family business records (capital, a month's revenue, costs,
# loan repayment): Rp 10 trillion. Far above any real figure, and low enough that the sums
# the screens make (a family's businesses, months) stay within a 64-bit integer.
MAX_AMOUNT = 10**13
# The largest count a PositiveSmallIntegerField holds.
MAX_WORKERS = 32767
# A planned business may start later, but not in another decade: a mistyped year.
PLANNED_START_YEARS = 5
# Monthly figures are recent: a month before this is a typing mistake.
EARLIEST_MONTH = date(2000, 1, 1)
NIB_DIGITS = 13

CAPITAL_FIELDS = (
    "capital_remittance",
    "capital_kur",
    "capital_grant",
    "capital_family",
    "capital_other",
)
BUSINESS_FIELDS = (
    "name",
    "sector",
    "started_on",
    "village",
    "nib",
    "legal_form",
    *CAPITAL_FIELDS,
    "status",
    "closed_reason",
)
AMOUNT_FIELDS = ("revenue", "costs", "loan_repayment")
WORKER_FIELDS = ("workers_family", "workers_hired", "workers_community")
RECORD_FIELDS = ("month", *AMOUNT_FIELDS, *WORKER_FIELDS, "jump_confirmed")


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def rupiah(value: int) -> str:
    return "Rp " + number_format(value, 0, force_grouping=True)


def month_label(month: date) -> str:
    """ "March 2026" in the active language."""
    return date_format(month, "F Y")


def day_label(day: date) -> str:
    """ "5 Mar 2026": the one date format of the business and independence screens."""
    return date_format(day, "j M Y")


def too_large(label: str) -> str:
    return _("%(field)s: at most %(max)s.") % {"field": label, "max": rupiah(MAX_AMOUNT)}


FIGURE_LABELS = {
    "revenue": gettext_lazy("Revenue"),
    "costs": gettext_lazy("Costs"),
    "loan_repayment": gettext_lazy("Loan repayment"),
    "workers_family": gettext_lazy("Family workers"),
    "workers_hired": gettext_lazy("Hired workers"),
    "workers_community": gettext_lazy("Workers from the community"),
}


def _label(name: str) -> str:
    return str(FIGURE_LABELS.get(name, name))


class DuplicateMonth(ValidationError):
    """The business already has a record for that month: correct it instead."""

    def __init__(self, existing: MonthlyRecord):
        self.existing = existing
        super().__init__(
            {
                "month": ValidationError(
                    _(
                        "%(month)s is already recorded for this business: correct that "
                        "record instead."
                    )
                    % {"month": month_label(existing.month)},
                    code="duplicate_month",
                )
            }
        )


JUMP_MESSAGES = {
    "higher": gettext_lazy(
        "%(field)s is ten times that of %(month)s or more (%(other)s in %(month)s, %(value)s here)."
    ),
    "lower": gettext_lazy(
        "%(field)s is a tenth of that of %(month)s or less (%(other)s in %(month)s, "
        "%(value)s here)."
    ),
}


@dataclass(frozen=True)
class Jump:
    field: str  # revenue or costs
    month: date  # the recorded month compared with
    other: int  # that month's figure
    value: int  # the figure typed

    def message(self) -> str:
        direction = "higher" if self.value > self.other else "lower"
        return JUMP_MESSAGES[direction] % {
            "field": _label(self.field),
            "month": month_label(self.month),
            "other": rupiah(self.other),
            "value": rupiah(self.value),
        }


class TenfoldJump(ValidationError):
    """Revenue or costs ten times, or a tenth of, the nearest recorded month before or
    after: stored only once the user confirms it. The messages say what jumped, not how
    to confirm (a box on the screens, `confirm_jump` in the API)."""

    def __init__(self, jumps: list[Jump]):
        self.jumps = jumps
        super().__init__(
            {jump.field: ValidationError(jump.message(), code="tenfold_jump") for jump in jumps}
        )


# Businesses


def _business_errors(fields: dict[str, Any], today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not fields["name"]:
        errors["name"] = _("Write the business's name.")
    elif len(fields["name"]) > 150:
        errors["name"] = _("At most 150 characters.")
    if fields["sector"] not in BUSINESS_SECTORS:
        errors["sector"] = _("Choose a sector from the list.")
    started = fields["started_on"]
    if started is not None:
        planned = fields["status"] == Business.Status.PLANNED
        if started > today and not planned:
            errors["started_on"] = _(
                "The start date cannot be in the future: a business that has not started "
                "yet is planned."
            )
        elif started > add_months(today, 12 * PLANNED_START_YEARS):
            errors["started_on"] = _("A planned start is at most %(years)d years ahead.") % {
                "years": PLANNED_START_YEARS
            }
        elif started < EARLIEST:
            errors["started_on"] = _("This date is too far in the past.")
    nib = fields["nib"]
    if nib and not (len(nib) == NIB_DIGITS and nib.isdigit()):
        errors["nib"] = _("An NIB has exactly 13 digits; leave it empty if there is none.")
    if fields["legal_form"] not in Business.LegalForm.values:
        errors["legal_form"] = _("Choose a legal form from the list.")
    for name in CAPITAL_FIELDS:
        value = fields[name]
        if not isinstance(value, int) or value < 0:
            errors[name] = _("An amount cannot be negative.")
        elif value > MAX_AMOUNT:
            errors[name] = too_large(capfirst(Business._meta.get_field(name).verbose_name))
    if fields["status"] not in Business.Status.values:
        errors["status"] = _("Choose a status from the list.")
    elif fields["status"] == Business.Status.CLOSED and not fields["closed_reason"]:
        errors["closed_reason"] = _("Say why the business closed.")
    if len(fields["closed_reason"]) > 300:
        errors["closed_reason"] = _("At most 300 characters.")
    return errors


@transaction.atomic
def business_save(
    *,
    actor,
    person: Person,
    business: Business | None = None,
    today: date | None = None,
    **fields: Any,
) -> Business:
    """Create a business for `person`, or change `business` (only the fields given). The
    village defaults to the family's; a closed business needs the reason, and the reason is
    dropped when it reopens."""
    unknown = set(fields) - set(BUSINESS_FIELDS)
    if unknown:
        raise TypeError(f"business_save() got unexpected fields: {sorted(unknown)}")
    creating = business is None
    if creating:
        business = Business(person=person, created_by=actor if getattr(actor, "pk", None) else None)
    elif business.person_id != person.pk:
        raise ValueError("The business belongs to another person.")
    before = {} if creating else snapshot(business, BUSINESS_FIELDS)
    current = {name: getattr(business, name) for name in BUSINESS_FIELDS if name != "village"}
    current["village"] = business.village if business.village_id else None
    current.update(fields)
    current["name"] = (current["name"] or "").strip()
    current["nib"] = "".join((current["nib"] or "").split())
    current["closed_reason"] = (current["closed_reason"] or "").strip()
    for name in CAPITAL_FIELDS:
        if current[name] is None:
            current[name] = 0
    if current["village"] is None:
        current["village"] = person.village
    if current["status"] != Business.Status.CLOSED:
        current["closed_reason"] = ""
    errors = _business_errors(current, _today(today))
    if errors:
        raise ValidationError(errors)
    for name, value in current.items():
        setattr(business, name, value)
    business.save()
    changes = diff(before, snapshot(business, BUSINESS_FIELDS))
    if changes or creating:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            instance=business,
            person_id=person.pk,
            changes=changes,
            summary=f"business {business.pk}",
        )
    return business


@transaction.atomic
def business_delete(*, actor, business: Business) -> None:
    """Delete the business with its monthly records."""
    records = business.records.count()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=business,
        person_id=business.person_id,
        changes={"sector": [business.sector, None], "monthly_records": [records, 0]},
        summary=f"business {business.pk}, {records} monthly records",
    )
    business.delete()


# Monthly records


def _recorded(business: Business, *, excluding: MonthlyRecord | None) -> dict[date, Figures]:
    records = business.records.all()
    if excluding is not None and excluding.pk:
        records = records.exclude(pk=excluding.pk)
    return {
        r.month: Figures(
            revenue=r.revenue,
            costs=r.costs,
            loan_repayment=r.loan_repayment,
            workers_family=r.workers_family,
            workers_hired=r.workers_hired,
            workers_community=r.workers_community,
        )
        for r in records
    }


def _range_errors(figures: Figures, month: date) -> dict[str, str]:
    """What check_record does not see: values the database cannot hold, ancient months."""
    errors: dict[str, str] = {}
    for name in AMOUNT_FIELDS:
        if getattr(figures, name) > MAX_AMOUNT:
            errors[name] = too_large(_label(name))
    for name in WORKER_FIELDS:
        if getattr(figures, name) > MAX_WORKERS:
            errors[name] = _("This number is too large.")
    if month < EARLIEST_MONTH:
        errors["month"] = _("This month is too far in the past.")
    return errors


def _refusals(findings, month: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    for finding in findings:
        if finding.problem == Problem.NEGATIVE:
            errors[finding.field] = _("%(field)s cannot be negative.") % {
                "field": _label(finding.field)
            }
        elif finding.problem == Problem.FUTURE_MONTH:
            errors["month"] = _(
                "%(month)s has not started yet: record a month once it has begun."
            ) % {"month": month_label(month)}
    return errors


def monthly_record_save(
    *,
    actor,
    business: Business,
    month: date,
    revenue: int,
    costs: int,
    workers_family: int = 0,
    workers_hired: int = 0,
    workers_community: int = 0,
    loan_repayment: int = 0,
    confirm_jump: bool = False,
    record: MonthlyRecord | None = None,
    today: date | None = None,
) -> MonthlyRecord:
    """Record a month's figures, or correct `record`. Refused: negative figures, a month
    not started yet, a month the business already has (DuplicateMonth, also when two
    requests race). Revenue or costs ten times (or a tenth of) the nearest recorded month
    before or after raise TenfoldJump unless `confirm_jump`; a correction that keeps
    confirmed figures is not asked again. Amounts above MAX_AMOUNT are refused, naming
    the field."""
    if record is not None and record.business_id != business.pk:
        raise ValueError("The record belongs to another business.")
    month = month_start(month)
    figures = Figures(
        revenue=revenue,
        costs=costs,
        loan_repayment=loan_repayment or 0,
        workers_family=workers_family or 0,
        workers_hired=workers_hired or 0,
        workers_community=workers_community or 0,
    )
    try:
        with transaction.atomic():
            # One writer per business at a time: the duplicate check below then sees the
            # other's record (the unique constraint is the last guard, see below).
            Business.objects.select_for_update().filter(pk=business.pk).first()
            return _record_write(
                actor=actor,
                business=business,
                month=month,
                figures=figures,
                confirm_jump=confirm_jump,
                record=record,
                today=_today(today),
            )
    except IntegrityError:
        existing = MonthlyRecord.objects.filter(business=business, month=month).first()
        if existing is None:
            raise
        raise DuplicateMonth(existing) from None


def _record_write(
    *,
    actor,
    business: Business,
    month: date,
    figures: Figures,
    confirm_jump: bool,
    record: MonthlyRecord | None,
    today: date,
) -> MonthlyRecord:
    recorded = _recorded(business, excluding=record)
    findings = check_record(month, figures, recorded=recorded, today=today)
    errors = _refusals(findings, month)
    errors.update({k: v for k, v in _range_errors(figures, month).items() if k not in errors})
    if errors:
        raise ValidationError(errors)
    if any(f.problem == Problem.DUPLICATE_MONTH for f in findings):
        raise DuplicateMonth(business.records.get(month=month))
    jumps = [
        Jump(
            field=f.field,
            month=f.compared_with,
            other=getattr(recorded[f.compared_with], f.field),
            value=getattr(figures, f.field),
        )
        for f in findings
        if f.problem == Problem.TENFOLD_JUMP
    ]
    already_confirmed = (
        record is not None
        and record.jump_confirmed
        and record.month == month
        and all(getattr(record, jump.field) == jump.value for jump in jumps)
    )
    if jumps and not (confirm_jump or already_confirmed):
        raise TenfoldJump(jumps)
    creating = record is None
    if creating:
        record = MonthlyRecord(
            business=business, recorded_by=actor if getattr(actor, "pk", None) else None
        )
    before = {} if creating else snapshot(record, RECORD_FIELDS)
    record.month = month
    for name, value in vars(figures).items():
        setattr(record, name, value)
    record.jump_confirmed = bool(jumps)
    record.save()
    changes = diff(before, snapshot(record, RECORD_FIELDS))
    if changes or creating:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            instance=record,
            person_id=business.person_id,
            changes=changes,
            summary=f"business {business.pk} {month:%Y-%m}",
        )
    return record


@transaction.atomic
def monthly_record_delete(*, actor, record: MonthlyRecord) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=record,
        person_id=record.business.person_id,
        changes={name: [value, None] for name, value in snapshot(record, RECORD_FIELDS).items()},
        summary=f"business {record.business_id} {record.month:%Y-%m}",
    )
    record.delete()
