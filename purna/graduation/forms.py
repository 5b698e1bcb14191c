from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from purna.people.forms import DateInput, plausible_past_date
from purna.people.models import HouseholdMember, Person

from .models import GraduationRules
from .selectors import MAX_PROFIT_WINDOW

YES, NO, NO_CHILD = "yes", "no", "none"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]
ANSWER = {YES: True, NO: False, NO_CHILD: None}


def yes_no(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=ANSWER.get,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


def _today() -> date:
    # The services' today (the TIME_ZONE's date), so a prefilled date is never refused.
    return timezone.localdate()


def checked_on_field():
    return forms.DateField(
        label=_("Date of the check"),
        initial=_today,
        widget=DateInput,
        validators=[plausible_past_date],
    )


class DecentLifeCheckForm(forms.Form):
    """The paper's six indicators, asked as the officer would ask the family."""

    checked_on = checked_on_field()
    house_fit = yes_no(
        _("Does the family live in a permanent house that is healthy and fit to live in?")
    )
    income_covers_needs = yes_no(
        _("Does the family have a steady income that covers its daily needs?")
    )
    can_pay_treatment = yes_no(_("Can the family pay for treatment when someone is sick?"))
    children_in_school = forms.TypedChoiceField(
        label=_("Do all the children of school age (7 to 18) go to school?"),
        choices=[*YES_NO, (NO_CHILD, _("There is no child of school age"))],
        coerce=ANSWER.get,
        empty_value="",
        widget=forms.RadioSelect,
    )
    savings_for_investment = yes_no(
        _("Does the family keep savings to invest, for example in the business?")
    )
    routine_charity = yes_no(
        _("Does the family give to charity routinely (sedekah, infak, zakat)?")
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, school_age: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["children_in_school"]
        if school_age:
            field.help_text = _("The household list has %(n)d child(ren) of school age.") % {
                "n": school_age
            }
        else:
            # Nothing to ask about: prefilled, the officer can still correct it.
            self.initial.setdefault("children_in_school", NO_CHILD)
            field.help_text = _(
                "The household list has no child of school age. Correct the answer if it "
                "is out of date."
            )


class SustainabilityCheckForm(forms.Form):
    checked_on = checked_on_field()
    business_operating = yes_no(_("Is the family's business still operating?"))
    migrated_again = yes_no(_("Has anyone in the household gone abroad to work again?"))
    migrated_who = forms.ChoiceField(
        label=_("Who went abroad? (optional)"), required=False, choices=()
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        relations = dict(HouseholdMember.Relation.choices)
        people = [str(_("The returnee"))] + [
            f"{m.full_name} ({relations.get(m.relation, m.relation)})"
            for m in person.household.all()
        ]
        self.fields["migrated_who"].choices = [("", "—"), *((p, p) for p in people)]

    def clean(self):
        data = super().clean()
        if data.get("migrated_again") is False:
            data["migrated_who"] = ""
        return data


class ConfirmForm(forms.Form):
    on = forms.DateField(
        label=_("Independent since"),
        initial=_today,
        widget=DateInput,
        validators=[plausible_past_date],
        help_text=_(
            "The criteria are checked as they stood on this date: profits of the months "
            "before it, the checks and self assessments made by then."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example what the coordinator saw, or who was present."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the graduation undone?"),
        max_length=300,
        help_text=_("For example: confirmed for the wrong family, or the figures were wrong."),
    )


class RulesForm(forms.ModelForm):
    class Meta:
        model = GraduationRules
        fields = [
            "modules_completed",
            "profitable_months",
            "profit_window",
            "decent_life",
            "quadrant_iv",
        ]
        widgets = {
            "profitable_months": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "profit_window": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 1, "max": MAX_PROFIT_WINDOW}
            ),
        }
        help_texts = {
            "profitable_months": _("0 switches the business criterion off."),
            "profit_window": _("Complete months before the current one, 1 to 24."),
        }

    def clean(self):
        data = super().clean()
        window, months = data.get("profit_window"), data.get("profitable_months")
        if window is not None and not 1 <= window <= MAX_PROFIT_WINDOW:
            self.add_error(
                "profit_window",
                _("Choose between 1 and %(max)d months.") % {"max": MAX_PROFIT_WINDOW},
            )
        elif window is not None and months is not None and months > window:
            self.add_error(
                "profitable_months",
                _("Choose between 0 (not required) and %(window)d, the months looked at.")
                % {"window": window},
            )
        return data

    def validate_constraints(self, exclude=None):
        # The database's check is the service's business; the form says it in words above.
        pass
