"""Forms of the business screens. They parse what people type (amounts with Indonesian
thousands dots, a month); the rules (negative figures, duplicate months, tenfold jumps,
a closed business's reason) are the services'."""

import re
from datetime import date

from django import forms
from django.core.validators import EMPTY_VALUES, MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from purna.areas.choices import villages_for
from purna.areas.widgets import VillagePicker
from purna.assessment.forms import SECTOR_LABELS
from purna.core.calendar import add_months, month_start
from purna.core.instrument import BUSINESS_SECTORS
from purna.people.forms import DateInput

from .models import Business, MonthlyRecord
from .services import CAPITAL_FIELDS, MAX_AMOUNT, MAX_WORKERS, month_label, rupiah

SECTOR_CHOICES = [(code, SECTOR_LABELS.get(code, code)) for code in BUSINESS_SECTORS]

# 1500000, 1.500.000 (Indonesian thousands dots), 1 500 000; an optional "Rp" in front and
# ",00" behind (rupiah have no cents).
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_PREFIX = re.compile(r"^rp\.?", re.IGNORECASE)
_CENTS = re.compile(r",0{1,2}$")


def parse_rupiah(text: str) -> int:
    """Whole rupiah from what a person types; ValueError when it is not an amount."""
    text = _PREFIX.sub("", "".join(text.split()))
    text = _CENTS.sub("", text)
    sign = -1 if text.startswith("-") else 1
    digits = text.removeprefix("-")
    if not (_PLAIN.match(digits) or _GROUPED.match(digits)):
        raise ValueError(text)
    digits = digits.replace(".", "")
    if len(digits) > 19:  # beyond any amount we keep (and int() refuses very long strings)
        return sign * (MAX_AMOUNT + 1)
    return sign * int(digits)


class AmountInput(forms.TextInput):
    """A text box with the digits keyboard: a number box would refuse "1.500.000"."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})


def _at_most() -> str:
    return gettext("At most %(max)s.") % {"max": rupiah(MAX_AMOUNT)}


class RupiahField(forms.Field):
    widget = AmountInput
    default_error_messages = {
        "invalid": _("Write the amount in digits, e.g. 1500000 or 1.500.000."),
    }

    def __init__(self, *, empty_value=None, **kwargs):
        self.empty_value = empty_value
        kwargs.setdefault("help_text", _("In rupiah, e.g. 1.500.000."))
        super().__init__(**kwargs)
        self.validators.append(MinValueValidator(0, message=_("An amount cannot be negative.")))
        self.validators.append(MaxValueValidator(MAX_AMOUNT, message=lazy(_at_most, str)()))

    def to_python(self, value):
        if isinstance(value, int):
            return value
        if value in EMPTY_VALUES or not str(value).strip():
            return self.empty_value
        try:
            return parse_rupiah(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        # A stored amount with thousands dots, as people write it; typed text as typed.
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}".replace(",", ".")
        return value


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m")


class MonthField(forms.Field):
    """A month, as the first day of it. "2026-03" (what <input type=month> sends), or a date
    in that month."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Choose a month, e.g. 2026-03.")}

    def to_python(self, value):
        if value in EMPTY_VALUES:
            return None
        if isinstance(value, date):
            return month_start(value)
        text = str(value).strip()
        match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text) or re.fullmatch(
            r"(\d{1,2})/(\d{4})", text
        )
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        first, second = match.groups()
        year, month = (first, second) if len(first) == 4 else (second, first)
        try:
            return date(int(year), int(month), 1)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def _workers(label, help_text=""):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_WORKERS,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "placeholder": "0"}),
    )


class BusinessForm(forms.Form):
    name = forms.CharField(label=_("Business name"), max_length=150)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "---------"), *SECTOR_CHOICES])
    status = forms.ChoiceField(
        label=_("Status"), choices=Business.Status.choices, initial=Business.Status.PLANNED
    )
    closed_reason = forms.CharField(
        label=_("Why it closed"),
        required=False,
        max_length=300,
        help_text=_("Needed when the business has closed."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    started_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    village = forms.ModelChoiceField(label=_("Village"), queryset=None, required=False)
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=Business.LegalForm.choices, initial=Business.LegalForm.NONE
    )
    nib = forms.CharField(
        label=_("NIB (business licence number)"),
        required=False,
        max_length=20,
        help_text=_("13 digits, from OSS. Leave empty if the business has none."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    capital_remittance = RupiahField(
        label=_("Capital from remittance savings (Rp)"), required=False, empty_value=0, help_text=""
    )
    capital_kur = RupiahField(
        label=_("Capital from a KUR loan (Rp)"), required=False, empty_value=0, help_text=""
    )
    capital_grant = RupiahField(
        label=_("Capital from grants (Rp)"), required=False, empty_value=0, help_text=""
    )
    capital_family = RupiahField(
        label=_("Capital from family (Rp)"), required=False, empty_value=0, help_text=""
    )
    capital_other = RupiahField(
        label=_("Other capital (Rp)"), required=False, empty_value=0, help_text=""
    )

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages_for(user)
        self.fields["village"].widget = VillagePicker(user=user)
        self.fields["village"].help_text = _(
            "Where the business is, if not in the family's village."
        )
        if not self.is_bound and not self.initial.get("village"):
            self.initial["village"] = person.village_id

    def capital_fields(self):
        return [self[name] for name in CAPITAL_FIELDS]


def business_initial(business: Business) -> dict:
    return {
        "name": business.name,
        "sector": business.sector,
        "status": business.status,
        "closed_reason": business.closed_reason,
        "started_on": business.started_on,
        "village": business.village_id,
        "legal_form": business.legal_form,
        "nib": business.nib,
        **{name: getattr(business, name) for name in CAPITAL_FIELDS},
    }


class MonthlyRecordForm(forms.Form):
    """Phone-first: the month, two amounts, three counts, the loan repayment. Profit is
    shown, never typed."""

    month = MonthField(label=_("Month"))
    revenue = RupiahField(label=_("Revenue (Rp)"), help_text=_("All sales in the month."))
    costs = RupiahField(
        label=_("Costs (Rp)"), help_text=_("Stock, materials, rent, wages, transport.")
    )
    workers_family = _workers(_("Family members working"))
    workers_hired = _workers(_("Hired workers"), _("Not counting those from the community."))
    workers_community = _workers(_("Workers hired from the community"))
    loan_repayment = RupiahField(
        label=_("Loan repayment (Rp)"), required=False, empty_value=0, help_text=""
    )
    confirm_jump = forms.BooleanField(label=_("The figures are right: record them"), required=False)

    def __init__(
        self,
        *args,
        today: date,
        month: date | None = None,
        last_recorded: date | None = None,
        **kwargs,
    ):
        """`month`: the month offered (last month when None); `last_recorded`: the
        business's latest month, said under the field when recording a new month."""
        super().__init__(*args, **kwargs)
        field = self.fields["month"]
        field.initial = month or add_months(month_start(today), -1)
        field.widget.attrs.update({"max": today.strftime("%Y-%m"), "min": "2000-01"})
        if last_recorded is not None:
            field.help_text = _("Latest month recorded: %(month)s.") % {
                "month": month_label(last_recorded)
            }
        # Shown once the service has asked for a confirmation, and kept ticked if it was.
        self.asks_confirmation = bool(self.data.get("confirm_jump"))

    def ask_confirmation(self) -> None:
        self.asks_confirmation = True

    def figures(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("workers_family", "workers_hired", "workers_community"):
            data[name] = data[name] or 0
        return data


def record_initial(record: MonthlyRecord) -> dict:
    return {
        "month": record.month,
        "revenue": record.revenue,
        "costs": record.costs,
        "workers_family": record.workers_family,
        "workers_hired": record.workers_hired,
        "workers_community": record.workers_community,
        "loan_repayment": record.loan_repayment,
    }
