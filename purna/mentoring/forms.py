from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from purna.areas.models import District
from purna.mentors.models import Kind, Mentor
from purna.people.forms import DateInput
from purna.people.models import Person

from .models import MentoringPlan, PlanAction, Visit

TEXT_MAX = 5000
GOAL_MAX = 2000
NO_MENTOR = "none"


def _text(label, *, required=False, rows=2, max_length=TEXT_MAX, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class VisitForm(forms.Form):
    """One short form, phone-first: the kind, the day, what was talked about. The rest is
    optional. Dates are checked by the service (not in the future, not before 2000)."""

    kind = forms.ChoiceField(
        label=_("Kind of visit"),
        choices=Visit.Kind.choices,
        initial=Visit.Kind.HOME,
        widget=forms.RadioSelect,
    )
    visited_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DateInput)
    topics = _text(_("Topics discussed"), required=True)
    problems = _text(_("Problems"))
    agreed_actions = _text(_("Agreed actions"))
    next_visit_on = forms.DateField(label=_("Next visit"), required=False, widget=DateInput)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("Optional: one photo, 5 MB at most (JPEG, PNG or WebP)."),
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args, cadence_due=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if cadence_due is not None:
            self.fields["next_visit_on"].help_text = _(
                "Leave empty for the usual rhythm: due by %(date)s. An earlier date agreed "
                "with the family makes the visit due then."
            ) % {"date": date_format(cadence_due, "j M Y")}
            self.fields["next_visit_on"].widget.attrs["placeholder"] = cadence_due.isoformat()
        if editing:
            self.fields["photo"].help_text = _("Optional: a new photo replaces the old one.")
            self.fields["remove_photo"] = forms.BooleanField(
                label=_("Remove the photo"), required=False
            )

    def clean(self):
        data = super().clean()
        visited, following = data.get("visited_on"), data.get("next_visit_on")
        if visited and following and following <= visited:
            self.add_error("next_visit_on", _("The next visit must come after this visit."))
        return data


def visit_initial(visit: Visit) -> dict:
    return {
        "kind": visit.kind,
        "visited_on": visit.visited_on,
        "topics": visit.topics,
        "problems": visit.problems,
        "agreed_actions": visit.agreed_actions,
        "next_visit_on": visit.next_visit_on,
    }


def _plan_label(name: str):
    # capfirst keeps the lazy verbose name lazy: translated when shown, in the language of
    # the request, not fixed in the language active when this module was imported.
    return capfirst(MentoringPlan._meta.get_field(name).verbose_name)


class PlanForm(forms.Form):
    business_goal = _text(_plan_label("business_goal"), required=True, max_length=GOAL_MAX)
    family_goal = _text(_plan_label("family_goal"), required=True, max_length=GOAL_MAX)
    schooling_goal = _text(
        _plan_label("schooling_goal"),
        max_length=GOAL_MAX,
        help_text=_("Leave empty when the family has no school-age children."),
    )


class PlanActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    # The select always sends a value: with it as the initial, a row left empty counts as
    # unchanged and is skipped.
    who = forms.ChoiceField(
        label=_("Who"), choices=PlanAction.Who.choices, initial=PlanAction.Who.FAMILY
    )
    due_on = forms.DateField(label=_("By when"), widget=DateInput)


PlanActionFormSet = forms.formset_factory(
    PlanActionForm, extra=3, can_delete=True, max_num=20, validate_max=True, absolute_max=40
)


def plan_actions(formset) -> list[dict]:
    """The actions kept: filled rows not marked for removal."""
    return [
        {k: f.cleaned_data[k] for k in ("description", "who", "due_on")}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class PlanAgreeForm(forms.Form):
    agreed_on = forms.DateField(
        label=_("Agreed by the family on"), initial=timezone.localdate, widget=DateInput
    )
    agreement_note = forms.CharField(
        label=_("How the family agreed"),
        max_length=200,
        help_text=_("For example: signed the printed plan, verbally at home, by WhatsApp."),
    )


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: District) -> str:
        return obj.name  # the name only, as on the other screens; not the code


class HomeFilterForm(forms.Form):
    district = DistrictChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("All districts"),
    )
    mentor = forms.ChoiceField(label=_("Mentor"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args, people: QuerySet[Person], with_mentor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(
            pk__in=people.values("village__district")
        ).order_by("name")
        if with_mentor:
            mentors = Mentor.objects.filter(
                kind=Kind.STAFF,
                assignments__person__in=people,
                assignments__ended_on__isnull=True,
            ).distinct()
            self.fields["mentor"].choices = [
                ("", _("All mentors")),
                (NO_MENTOR, _("No mentor")),
                *((str(m.pk), m.name) for m in mentors),
            ]
        else:
            del self.fields["mentor"]

    def apply(self, people: QuerySet[Person]) -> QuerySet[Person]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("district"):
            people = people.filter(village__district=data["district"])
        mentor = data.get("mentor")
        if mentor == NO_MENTOR:
            people = people.exclude(
                mentor_assignments__kind=Kind.STAFF, mentor_assignments__ended_on__isnull=True
            )
        elif mentor:
            people = people.filter(
                mentor_assignments__mentor_id=int(mentor),
                mentor_assignments__ended_on__isnull=True,
            )
        return people

    @property
    def only_overdue(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("overdue"))
