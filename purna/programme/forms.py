from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from purna.people.forms import DateInput, plausible_past_date
from purna.people.models import WithdrawalReason

from .models import Module, PlanEntry

code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9_]*$",
    _("Use capital letters, digits and underscores, starting with a letter, e.g. FIN_LITERACY."),
)


class PlanStepForm(forms.Form):
    """One module's new state. Whether the change is allowed is the service's call."""

    state = forms.ChoiceField(label=_("State"), choices=PlanEntry._meta.get_field("state").choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class OptionalModuleForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Optional module"), queryset=Module.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.filter(in_pathway=False, is_active=True)


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=WithdrawalReason.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(
        label=_("Withdrawn on"),
        initial=date.today,
        widget=DateInput,
        validators=[plausible_past_date],
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("For example where the family moved, or who told you."),
    )


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = [
            "code",
            "name_id",
            "name_en",
            "description",
            "planned_sessions",
            "planned_hours",
            "min_attendance_percent",
            "post_test_required",
            "is_active",
        ]
        widgets = {
            "code": forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "planned_sessions": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "planned_hours": forms.NumberInput(attrs={"inputmode": "decimal", "min": "0.1"}),
        }
        help_texts = {
            "code": _("Capital letters, digits and underscores, e.g. FIN_LITERACY."),
            "is_active": _("Only active modules can be attached to a returnee's plan."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = self.fields["planned_sessions"]
        sessions.validators.append(MinValueValidator(1))
        sessions.widget.attrs["min"] = 1
        self.fields["planned_hours"].validators.append(MinValueValidator(Decimal("0.1")))
        attendance = self.fields["min_attendance_percent"]
        attendance.validators += [MinValueValidator(1), MaxValueValidator(100)]
        attendance.help_text = _("The completion rule: share of a cohort's sessions attended.")
        attendance.required = False  # empty keeps the default, 75%

        if self.instance.in_pathway:
            # The model's pathways name these codes; plans and exports rely on them.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Pathway modules keep their code.")
            del self.fields["is_active"]

    def clean_min_attendance_percent(self):
        value = self.cleaned_data["min_attendance_percent"]
        return (
            value if value is not None else Module._meta.get_field("min_attendance_percent").default
        )

    def clean_code(self):
        if self.fields["code"].disabled:
            return self.instance.code
        code = self.cleaned_data["code"].strip().upper()
        code_validator(code)
        return code
