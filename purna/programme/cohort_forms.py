"""Forms of the cohort screens. They check and shape input; the services in cohorts.py write."""

from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from purna.accounts.models import Institution, User
from purna.areas.choices import villages_for
from purna.areas.models import Village
from purna.areas.widgets import VillagePicker
from purna.people.forms import DateInput
from purna.people.models import HouseholdMember

from .cohort_access import facilitator_candidates
from .models import Module
from .selectors import modules_in_order

# When a cohort stands in the calendar, from its session dates.
UPCOMING, ONGOING, FINISHED = "upcoming", "ongoing", "finished"
TIMING_LABELS = {
    UPCOMING: _("upcoming"),
    ONGOING: _("ongoing"),
    FINISHED: _("finished"),
}
MAX_SESSIONS = 52


class CohortFilterForm(forms.Form):
    module = forms.ChoiceField(label=_("Module"), required=False)
    timing = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), *TIMING_LABELS.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [("", _("All modules"))] + [
            (m.code, m.name) for m in modules_in_order()
        ]


class CohortCreateForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.objects.none())
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.all(),
        help_text=_("The institution that runs the cohort and signs the certificates."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("For example: Business training, Ponorogo, batch 1."),
    )
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Village.objects.none())
    capacity = forms.IntegerField(
        label=_("Capacity"),
        initial=30,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Seats. People enrolled beyond it go on the waiting list."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 500}),
    )
    first_date = forms.DateField(label=_("Date of the first session"), widget=DateInput)
    sessions = forms.IntegerField(
        label=_("Number of sessions"),
        initial=4,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSIONS)],
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": MAX_SESSIONS}),
    )
    interval = forms.IntegerField(
        label=_("Days between sessions"),
        initial=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("7 for weekly sessions, 1 for every day."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 90}),
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They take the roll call and record the test scores, also from another area."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.filter(is_active=True)
        self.fields["module"].choices = [("", "---------")] + [
            (m.pk, m.name) for m in modules_in_order() if m.is_active
        ]
        self.fields["institution"].initial = user.institution_id
        self.fields["venue"].queryset = villages_for(user)
        self.fields["venue"].widget = VillagePicker(user=user)
        self.fields["facilitators"].queryset = facilitator_candidates(user)
        self.fields["facilitators"].label_from_instance = _facilitator_label

    def session_dates(self) -> list[date]:
        first, step = self.cleaned_data["first_date"], self.cleaned_data["interval"]
        return [first + timedelta(days=step * n) for n in range(self.cleaned_data["sessions"])]


def _facilitator_label(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} · {user.get_role_display()}"


class EnrolForm(forms.Form):
    """People ticked on the worklist; only people on it can be chosen."""

    people = forms.TypedMultipleChoiceField(
        label=_("Returnees"),
        coerce=int,
        error_messages={
            "required": _("Tick at least one returnee."),
            "invalid_choice": _("Someone ticked is no longer on the worklist. Try again."),
        },
    )

    def __init__(self, *args, worklist, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(p.pk, p.full_name) for p, _distance in worklist]


class FamilyForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Family members attending"),
        queryset=HouseholdMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = enrolment.person.household.all()


def attendee_key(enrolment_id: int, member_id: int | None) -> str:
    """The value of one toggle on the roll call: "12" for the returnee, "12-7" for a member."""
    return f"{enrolment_id}-{member_id}" if member_id else str(enrolment_id)


def roll_key(enrolment, member) -> str:
    return attendee_key(enrolment.pk, member.pk if member else None)


class RollCallForm(forms.Form):
    present = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, roll, **kwargs):
        super().__init__(*args, **kwargs)
        self.roll = roll
        self.fields["present"].choices = [(roll_key(e, m), "") for e, m in roll]

    def present_set(self) -> set[tuple[int, int | None]]:
        if self.data.get("everyone"):
            chosen = {roll_key(e, m) for e, m in self.roll}
        else:
            chosen = set(self.cleaned_data["present"])
        return {(e.pk, m.pk if m else None) for e, m in self.roll if roll_key(e, m) in chosen}


def _score_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        localize=True,  # "72,5" as Indonesians write it; "72.5" works too
        max_digits=4,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(100),
        error_messages={
            "min_value": _("Scores are from 0 to 100."),
            "max_value": _("Scores are from 0 to 100."),
            "max_digits": _("Scores are from 0 to 100."),
            "max_decimal_places": _("Use at most one decimal, e.g. 72,5."),
            "invalid": _("Write a number, e.g. 72,5."),
        },
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "form-control"}
        ),
    )


class ScoresForm(forms.Form):
    """A pre-test and a post-test field per enrolment: pre_<id>, post_<id>."""

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = list(enrolments)
        for e in self.enrolments:
            self.fields[f"pre_{e.pk}"] = _score_field(_("Pre-test"))
            self.fields[f"post_{e.pk}"] = _score_field(_("Post-test"))
            self.initial[f"pre_{e.pk}"] = e.pre_test
            self.initial[f"post_{e.pk}"] = e.post_test

    def rows(self):
        for e in self.enrolments:
            yield e, self[f"pre_{e.pk}"], self[f"post_{e.pk}"]

    def row_errors(self) -> list[str]:
        """Each error with the name of its row, for the summary above the table."""
        return [
            f"{e.person.full_name}, {field.label}: {error}"
            for e, *fields in self.rows()
            for field in fields
            for error in field.errors
        ]

    def scores(self) -> dict[int, tuple[Decimal | None, Decimal | None]]:
        data = self.cleaned_data
        return {e.pk: (data[f"pre_{e.pk}"], data[f"post_{e.pk}"]) for e in self.enrolments}
