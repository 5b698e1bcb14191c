from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from purna.assessment.forms import SECTOR_LABELS
from purna.people.forms import DateInput, plausible_past_date

from .models import FieldTest


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input; each is checked by the service (images only, 5 MB)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class FieldTestForm(forms.ModelForm):
    photos = MultiplePhotoField(
        label=_("Photos (business, family)"),
        required=False,
        help_text=_("Up to 6 photos, 5 MB each (JPEG, PNG or WebP)."),
    )

    class Meta:
        model = FieldTest
        fields = [
            "visited_on",
            "business_exists",
            "sector",
            "months_operating",
            "monthly_revenue",
            "monthly_profit",
            "workers",
            "worship_routine",
            "charity_routine",
            "family_harmony",
            "social_participation",
            "business_confirmed",
            "sakinah_confirmed",
            "notes",
        ]
        widgets = {"visited_on": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}

    SECTIONS = (
        (
            _("Business"),
            (
                "business_exists",
                "sector",
                "months_operating",
                "monthly_revenue",
                "monthly_profit",
                "workers",
            ),
        ),
        (
            _("Sakinah values"),
            ("worship_routine", "charity_routine", "family_harmony", "social_participation"),
        ),
        (_("Conclusion"), ("business_confirmed", "sakinah_confirmed", "notes", "photos")),
    )

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = date.today
        self.fields["visited_on"].validators.append(plausible_past_date)
        self.fields["sector"] = forms.ChoiceField(
            label=_("Sector"),
            required=False,
            choices=[("", "—"), *((code, label) for code, label in SECTOR_LABELS.items())],
        )
        for name in ("monthly_revenue", "monthly_profit"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
