from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from purna.core.instrument import BUSINESS_SECTORS, SCALE
from purna.people.forms import DateInput, plausible_past_date
from purna.people.models import MAX_RUPIAH

from .models import Axis, Instrument, Source

SCALE_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neutral"),
    4: _("Agree"),
    5: _("Strongly agree"),
}

SECTOR_LABELS = {
    "agriculture": _("Agriculture"),
    "livestock": _("Livestock"),
    "fisheries": _("Fisheries"),
    "food": _("Food and drinks"),
    "retail": _("Shop or trading"),
    "crafts": _("Crafts"),
    "services": _("Services"),
    "transport": _("Transport"),
    "tailoring": _("Tailoring"),
    "other": _("Other"),
}


class AssessmentForm(forms.Form):
    """One radio group per item of the instrument version, so a new version needs no code."""

    assessed_on = forms.DateField(label=_("Assessment date"), initial=date.today, widget=DateInput)
    source = forms.ChoiceField(
        label=_("Who answered"),
        choices=Source.choices,
        initial=Source.SELF,
        help_text=_(
            "Self: the returnee. Others (spouse, family, officer, mentor, community) "
            "are used to check the self assessment."
        ),
    )

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.items = list(instrument.items.all())
        for item in self.items:
            self.fields[item.code] = forms.TypedChoiceField(
                label=item.text,
                choices=[(v, str(v)) for v in SCALE],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
        self.fields["business_interests"] = forms.MultipleChoiceField(
            label=_("Business interests"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(code, SECTOR_LABELS.get(code, code)) for code in BUSINESS_SECTORS],
        )
        self.fields["skills_abroad"] = forms.CharField(
            label=_("Skills gained abroad"), required=False, max_length=300
        )
        self.fields["capital_available"] = forms.IntegerField(
            label=_("Capital available (Rp)"),
            required=False,
            min_value=0,
            max_value=MAX_RUPIAH,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        plausible_past_date(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(item.code) for item in self.items):
            raise forms.ValidationError(
                _("No statement is answered. Mark at least the statements the returnee answered.")
            )
        return cleaned

    def item_fields(self, axis: str):
        return [self[item.code] for item in self.items if item.axis == axis]

    def sections(self):
        return [
            (Axis(axis).label, self.item_fields(axis)) for axis in (Axis.BUSINESS, Axis.SAKINAH)
        ]

    def answers(self) -> dict:
        return {item.code: self.cleaned_data.get(item.code) for item in self.items}
