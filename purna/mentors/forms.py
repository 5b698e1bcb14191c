from datetime import date

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from purna.accounts.access import is_unrestricted
from purna.accounts.models import Institution, Role, User
from purna.assessment.forms import SECTOR_LABELS
from purna.core.instrument import BUSINESS_SECTORS
from purna.people.access import people_for
from purna.people.forms import DateInput, plausible_past_date
from purna.people.models import Person, Sex, Status

from .models import PEER_CAPACITY, STAFF_CAPACITY, Kind, Mentor
from .proposals import mark
from .selectors import districts_for, mentors_for, with_load
from .services import MAX_CAPACITY, MAX_REASON

SECTOR_CHOICES = [(code, SECTOR_LABELS.get(code, code)) for code in BUSINESS_SECTORS]


def sector_labels(codes) -> list[str]:
    return [str(SECTOR_LABELS.get(code, code)) for code in codes]


class MentorFilterForm(forms.Form):
    q = forms.CharField(label=_("Search name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("Active and inactive")), ("yes", _("Active")), ("no", _("Inactive"))],
    )
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts"))] + [
            (d.code, d.name) for d in districts_for(user)
        ]


class DistrictFilterForm(forms.Form):
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts"))] + [
            (d.code, d.name) for d in districts_for(user)
        ]


def logins_for(user, role: str, mentor: Mentor | None = None):
    """Logins of `role` not yet linked to another mentor; for users with an area, those
    working in it."""
    free = Q(mentor__isnull=True)
    if mentor is not None and mentor.pk:
        free |= Q(mentor=mentor)
    logins = User.objects.filter(free, role=role, is_active=True)
    if not is_unrestricted(user):
        districts = districts_for(user)
        logins = logins.filter(
            Q(regencies__in=user.regencies.all())
            | Q(districts__in=districts)
            | Q(regencies__districts__in=districts)
        )
    return logins.distinct().order_by("username")


class LoginChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{obj.username} ({name})" if name else obj.username


class MentorForm(forms.Form):
    """A staff mentor, or the editable part of a peer mentor (who is a returnee: name,
    sex and village are theirs)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.all())
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    capacity = forms.IntegerField(
        label=_("Capacity (families)"),
        min_value=1,
        max_value=MAX_CAPACITY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors of expertise"),
        choices=SECTOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts covered"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    user = LoginChoiceField(
        label=_("Login"),
        queryset=None,
        required=False,
        empty_label=_("No login"),
        help_text=_("An existing user with the role mentor, so they see their families."),
    )

    def __init__(self, *args, user, mentor: Mentor | None = None, **kwargs):
        if mentor is not None and mentor.pk and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": mentor.name,
                "institution": mentor.institution_id,
                "sex": mentor.sex,
                "capacity": mentor.capacity,
                "sectors": mentor.sectors,
                "districts": list(mentor.districts.values_list("pk", flat=True)),
                "user": mentor.user_id,
            }
        kwargs.setdefault("initial", {"capacity": STAFF_CAPACITY})
        super().__init__(*args, **kwargs)
        peer = mentor is not None and mentor.kind == Kind.PEER
        self.fields["districts"].queryset = districts_for(user)
        self.fields["user"].queryset = logins_for(
            user, Role.PEER_MENTOR if peer else Role.MENTOR, mentor
        )
        if peer:
            for name in ("name", "institution", "sex"):
                del self.fields[name]
            self.fields["districts"].required = False
            self.fields["user"].help_text = _(
                "An existing user with the role peer mentor, so they see their paired families."
            )


class PeerMentorForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Returnee"),
        queryset=Person.objects.none(),
        help_text=_("Confirmed peer mentors (field test) of your area not yet in the directory."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity (families)"),
        min_value=1,
        max_value=MAX_CAPACITY,
        initial=PEER_CAPACITY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors of expertise"),
        choices=SECTOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts covered"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty for the returnee's own district."),
    )
    user = LoginChoiceField(
        label=_("Existing login"),
        queryset=None,
        required=False,
        empty_label=_("No login"),
    )
    new_username = forms.CharField(
        label=_("Or create a login: username"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    new_password = forms.CharField(
        label=_("Password for the new login"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            people_for(user)
            .filter(status=Status.PEER_MENTOR, as_mentor__isnull=True)
            .select_related("village")
        )
        self.fields["districts"].queryset = districts_for(user)
        self.fields["user"].queryset = logins_for(user, Role.PEER_MENTOR)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_username") and cleaned.get("user"):
            raise forms.ValidationError(_("Link an existing login or create one, not both."))
        if cleaned.get("new_username") and not cleaned.get("new_password"):
            self.add_error("new_password", _("Give the new login a password."))
        return cleaned


class PreferenceForm(forms.Form):
    same_sex = forms.BooleanField(label=_("Wants a mentor of the same sex"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=MAX_REASON)


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s (%(load)d of %(capacity)d families)") % {
            "name": obj.name,
            "load": obj.load,
            "capacity": obj.capacity,
        }


def _on_field():
    return forms.DateField(
        label=_("Date"),
        initial=date.today,
        widget=DateInput,
        validators=[plausible_past_date],
    )


def _reason_field(label):
    return forms.CharField(label=label, max_length=MAX_REASON)


def mentors_with_room(user, kind: str, *, exclude: Mentor | None = None):
    mentors = with_load(mentors_for(user).filter(kind=kind, is_active=True))
    if exclude is not None:
        mentors = mentors.exclude(pk=exclude.pk)
    return [m for m in mentors.order_by("name", "pk") if m.load < m.capacity]


class AssignmentStartForm(forms.Form):
    mentor = MentorChoiceField(label=_("Mentor"), queryset=Mentor.objects.none())
    on = _on_field()
    reason = _reason_field(_("Reason"))

    def __init__(self, *args, user, kind: str, exclude: Mentor | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        room = mentors_with_room(user, kind, exclude=exclude)
        room_ids = [m.pk for m in room]
        self.fields["mentor"].queryset = with_load(Mentor.objects.filter(pk__in=room_ids))
        self.fields["mentor"].empty_label = _("Choose a mentor with room")


class AssignmentChangeForm(AssignmentStartForm):
    reason = _reason_field(_("Reason for the change"))


class AssignmentEndForm(forms.Form):
    on = _on_field()
    reason = _reason_field(_("Reason"))


class ProposalForm(forms.Form):
    """One row per family: the mentor (proposed, or changed by the coordinator) and
    whether to include it; the date and note apply to every accepted row."""

    on = _on_field()
    note = forms.CharField(
        label=_("Note (kept as the reason)"),
        required=False,
        max_length=MAX_REASON,
        help_text=_('Empty: "proposal accepted".'),
    )
    snapshot = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, built, **kwargs):
        super().__init__(*args, **kwargs)
        self.built = built
        choices = [("", _("No mentor"))] + [
            (
                str(m.pk),
                _("%(name)s (%(load)d of %(capacity)d)")
                % {"name": m.name, "load": m.load, "capacity": m.capacity},
            )
            for m in built.mentors
            if built.offer_by_mentor[m.pk].capacity > 0
        ]
        for person in built.people:
            proposed = built.proposal.mentor_for.get(person.pk)
            self.fields[f"mentor_{person.pk}"] = forms.ChoiceField(
                label=_("Mentor for %(name)s") % {"name": person.full_name},
                choices=choices,
                required=False,
                initial=str(proposed) if proposed is not None else "",
            )
            self.fields[f"include_{person.pk}"] = forms.BooleanField(
                label=_("Include %(name)s") % {"name": person.full_name},
                required=False,
                initial=proposed is not None,
            )
        self.fields["snapshot"].initial = built.snapshot()

    def mentor_for(self) -> dict[int, int | None]:
        """{person id: chosen mentor id, or None when left out} (after is_valid)."""
        chosen = {}
        for person in self.built.people:
            mentor = self.cleaned_data.get(f"mentor_{person.pk}")
            included = self.cleaned_data.get(f"include_{person.pk}")
            chosen[person.pk] = int(mentor) if included and mentor else None
        return chosen

    def rows(self):
        built = self.built
        families = built.family_by_person
        edited = self.mentor_for() if self.is_bound and hasattr(self, "cleaned_data") else None
        errors = self.errors if self.is_bound else {}
        for person in built.people:
            family = families[person.pk]
            proposed_id = built.proposal.mentor_for.get(person.pk)
            chosen_id = edited[person.pk] if edited is not None else proposed_id
            yield {
                "person": person,
                "proposed": built.by_mentor.get(proposed_id),
                "proposed_mark": _mark(built, family, proposed_id),
                "chosen": built.by_mentor.get(chosen_id),
                "chosen_mark": _mark(built, family, chosen_id),
                "changed": edited is not None and chosen_id != proposed_id,
                "interests": sector_labels(family.interests),
                "wants_same_sex": family.wants_same_sex,
                "mentor_field": self[f"mentor_{person.pk}"],
                "include_field": self[f"include_{person.pk}"],
                # A value no choice of this row has (a mentor of another kind, an unknown
                # id, letters): shown on the row and listed above the rows.
                "errors": [
                    *errors.get(f"mentor_{person.pk}", []),
                    *errors.get(f"include_{person.pk}", []),
                ],
            }


def _mark(built, family, mentor_id):
    if mentor_id is None:
        return None
    return mark(family, built.offer_by_mentor[mentor_id])
