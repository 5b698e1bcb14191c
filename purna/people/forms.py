from datetime import date

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from purna.areas.choices import villages_for
from purna.areas.widgets import VillagePicker

from .models import Consent, HouseholdMember, MigrationEpisode, Person, Sex
from .services import nik_clean

EARLIEST = date(1900, 1, 1)

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 -]{5,18}$",
    _("Write the phone number with digits only, e.g. 081234567890 or +6281234567890."),
)


def plausible_past_date(value: date) -> None:
    """Dates of events that have happened: not in the future, not before 1900."""
    if value > date.today():
        raise forms.ValidationError(_("This date cannot be in the future."))
    if value < EARLIEST:
        raise forms.ValidationError(_("This date is too far in the past."))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["nik", "full_name", "sex", "birth_date", "village", "phone"]
        widgets = {
            "nik": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 16}
            ),
            "sex": forms.RadioSelect,
            "birth_date": DateInput,
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        help_texts = {"nik": _("16 digits, as on the KTP or KK.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages_for(user)
        self.fields["village"].widget = VillagePicker(user=user)
        self.fields["sex"].choices = Sex.choices  # no empty "---------" radio
        self.fields["birth_date"].validators.append(plausible_past_date)
        self.fields["phone"].validators.append(phone_validator)

    def clean_nik(self):
        return nik_clean(self.cleaned_data["nik"])

    def validate_unique(self):
        # Duplicate NIKs are the service's business: it answers with a link to the person.
        pass


class PersonCreateForm(PersonForm):
    consent_scopes = forms.MultipleChoiceField(
        label=_("Consent given for"),
        choices=Consent.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Read the consent statement to the returnee first. Registration is required."),
    )
    consent_date = forms.DateField(
        label=_("Consent date"),
        initial=date.today,
        widget=DateInput,
        validators=[plausible_past_date],
    )

    def clean_consent_scopes(self):
        scopes = self.cleaned_data["consent_scopes"]
        if Consent.Scope.REGISTRATION not in scopes:
            raise forms.ValidationError(_("Without consent to registration we cannot record data."))
        return scopes


class HouseholdMemberForm(forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["full_name", "relation", "sex", "birth_date", "school_status"]
        widgets = {"birth_date": DateInput, "sex": forms.RadioSelect}
        help_texts = {"school_status": _("For children.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = Sex.choices
        self.fields["birth_date"].validators.append(plausible_past_date)


class MigrationEpisodeForm(forms.ModelForm):
    remittance_uses = forms.MultipleChoiceField(
        label=_("Uses of remittances"),
        choices=MigrationEpisode.RemittanceUse.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = MigrationEpisode
        fields = [
            "destination",
            "sector",
            "occupation",
            "departed_on",
            "returned_on",
            "monthly_remittance",
            "remittance_uses",
        ]
        widgets = {
            "departed_on": DateInput,
            "returned_on": DateInput,
            "monthly_remittance": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("departed_on", "returned_on"):
            self.fields[name].validators.append(plausible_past_date)

    def clean(self):
        cleaned = super().clean()
        departed, returned = cleaned.get("departed_on"), cleaned.get("returned_on")
        if departed and returned and returned < departed:
            self.add_error("returned_on", _("The return date is before the departure date."))
        return cleaned


class ConsentForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Consent given for"),
        choices=Consent.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Consent
        fields = ["given_on", "scopes"]
        widgets = {"given_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = date.today
        self.fields["given_on"].validators.append(plausible_past_date)


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search name or NIK"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    quadrant = forms.ChoiceField(
        label=_("Quadrant"),
        required=False,
        choices=[
            ("", _("All quadrants")),
            ("I", "I"),
            ("II", "II"),
            ("III", "III"),
            ("IV", "IV"),
            ("none", _("Not classified")),
        ],
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, districts, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts"))] + [
            (d.code, d.name) for d in districts
        ]
        self.fields["status"].choices = [("", _("All statuses"))] + list(statuses)
