"""Forms of the helpdesk: the public form and status page, and the staff screens.

The forms check what a person can correct (lengths, the shape of a code, files); the
services decide everything else and their ValidationErrors land on the same fields.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from purna.accounts.models import Institution, User
from purna.areas.choices import villages_for
from purna.areas.models import Village
from purna.areas.widgets import VillagePicker
from purna.core.tickets import normalise_code
from purna.people.access import people_for
from purna.people.forms import DateInput

from .models import Channel, HelpTopic, Holiday, Kind, State
from .selectors import OPEN, assignable_users
from .services import (
    MAX_ATTACHMENTS,
    MAX_COMMENT,
    MAX_DESCRIPTION,
    MAX_MESSAGE,
    MAX_NAME,
    attachment_check,
    ticket_submit_check,
)

# What each kind means, in words a returnee would use (the public form shows them).
KIND_EXPLANATIONS = {
    Kind.COMPLAINT: _(
        "Something went wrong: a service, a programme activity, or how you were treated."
    ),
    Kind.HELP: _(
        "You need help: capital, a problem with your business, legal matters, "
        "health, your children's school, or something else."
    ),
    Kind.CONSULTATION: _(
        "You want to talk to someone about a personal or family problem (curhat). "
        "We answer within one working day."
    ),
    Kind.ABUSE: _(
        "Someone abused, cheated or threatened you or someone else, or asked for money "
        "they should not. Only a few people can read it."
    ),
}
ATTACHMENT_HELP = _("Up to 3 files: photos (JPEG or PNG) or PDF documents, 5 MB each.")
ATTACHMENT_ACCEPT = "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"


# Attachments


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to three files in one input, each checked as the services check it (the bytes
    decide the type; 5 MB)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ATTACHMENT_ACCEPT}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault("help_text", ATTACHMENT_HELP)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [super(AttachmentsField, self).clean(f, initial) for f in files]
        files = [f for f in files if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("At most %(n)d files, please (you chose %(count)d).")
                % {"n": MAX_ATTACHMENTS, "count": len(files)}
            )
        errors = []
        for upload in files:
            try:
                attachment_check(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


class FilesAgain:
    """For a form with an `attachments` field that may come back with errors."""

    def files_dropped(self) -> bool:
        """Files were chosen but the form comes back with errors: browsers cannot keep a
        file in the field, so the submitter must choose it again."""
        return bool(self.is_bound and self.errors and self.files.getlist("attachments"))


def _textarea(rows: int, limit: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": limit})


# The public form


class HelpForm(FilesAgain, forms.Form):
    """The public form: no login, anyone. Nothing here says whether a NIK is registered."""

    kind = forms.ChoiceField(
        label=_("What is your message about?"), choices=Kind.choices, widget=forms.RadioSelect
    )
    topic = forms.ChoiceField(
        label=_("What do you need help with?"),
        choices=HelpTopic.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=MAX_NAME,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_(
            "We send your tracking code here by SMS. To follow your request you will need "
            "the last four digits of this number."
        ),
    )
    email = forms.EmailField(
        label=_("Email (if you have no phone)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    nik = forms.CharField(
        label=_("NIK (optional)"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "Optional. The 16 digits on your KTP help us find your file and your mentor "
            "if you take part in a programme. You may leave it empty."
        ),
    )
    village = forms.ModelChoiceField(
        label=_("Your village (optional)"),
        queryset=Village.objects.all(),
        required=False,
        # Anyone, anywhere in Indonesia, without a login: from the province, with the lists
        # from the helpdesk's public view (the area codes are public data).
        widget=VillagePicker(options_url="helpdesk:area_options", nationwide=True),
        help_text=_("So that the team of your area can help you."),
    )
    description = forms.CharField(
        label=_("Tell us what happened and what you need"),
        max_length=MAX_DESCRIPTION,
        widget=_textarea(6, MAX_DESCRIPTION),
    )
    attachments = AttachmentsField()
    # The honeypot: hidden from people and screen readers; robots fill every field.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)

    KIND_EXPLANATIONS = KIND_EXPLANATIONS

    def kinds(self):
        """(radio, explanation) for the template."""
        return [(radio, KIND_EXPLANATIONS[radio.data["value"]]) for radio in self["kind"]]

    def is_robot(self) -> bool:
        return bool(self.data.get("homepage", "").strip())

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.HELP and not data.get("topic"):
            self.add_error("topic", _("Choose what you need help with."))
        if data.get("kind") != Kind.HELP:
            data["topic"] = ""
        # What the service would refuse, shown with the form's own errors in one attempt
        # (a field the form already refused keeps its message). A field the form refused
        # goes to the check as typed, so that "phone or email" sees what was given.
        typed = {name: data.get(name, self.data.get(name, "")) for name in self.CHECKED}
        problems = ticket_submit_check(
            **typed,
            kind=data.get("kind", ""),
            topic=data.get("topic", ""),
            village=data.get("village"),
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    CHECKED = ("description", "name", "phone", "email", "nik")


class StatusForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "PRN-XXXX-XXXX",
            }
        ),
        help_text=_("As in the SMS or email we sent you, for example PRN-7K4Q-9MXD."),
    )
    suffix = forms.CharField(
        label=_("Last four digits of your phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Of the number you gave with your request. If you gave only an email address, "
            "write the email address."
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(
                _(
                    "This is not a tracking code: check it letter by letter (a code has no "
                    "O, 0, I or 1)."
                )
            )
        return code

    def clean_suffix(self):
        secret = self.cleaned_data["suffix"].strip()
        if "@" in secret:
            return secret.lower()
        if not secret.isdigit() or len(secret) != 4:
            raise ValidationError(_("Write the last four digits, for example 7890."))
        return secret


class SubmitterMessageForm(FilesAgain, forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=MAX_MESSAGE, widget=_textarea(4, MAX_MESSAGE)
    )
    attachments = AttachmentsField()


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need more help?"),
        max_length=MAX_MESSAGE,
        widget=_textarea(3, MAX_MESSAGE),
    )


class RateForm(forms.Form):
    # The scale shows five equal buttons with the meaning of its ends written below them.
    LOW = _("1 – not at all")
    HIGH = _("5 – very well")
    satisfaction = forms.TypedChoiceField(
        label=_("How well were you helped?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=_textarea(2, MAX_COMMENT),
    )


# Staff screens


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Kind.choices]
        self.fields["state"].choices = [
            (OPEN, _("Open (not resolved or closed)")),
            ("", _("All states")),
            *State.choices,
        ]
        self.fields["district"].choices = [("", _("All districts"))] + [
            (d.code, d.name) for d in districts
        ]


SENSITIVE_CHOICES = [
    ("", _("As usual for the kind")),
    ("yes", _("Confidential")),
    ("no", _("Not confidential")),
]


class TicketCreateForm(forms.Form):
    """Staff enter a request on someone's behalf."""

    channel = forms.ChoiceField(
        label=_("How did the request reach you?"),
        choices=[(c, label) for c, label in Channel.choices if c not in {"web", "api"}],
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    topic = forms.ChoiceField(
        label=_("Topic (requests for help)"),
        choices=[("", "—"), *HelpTopic.choices],
        required=False,
    )
    name = forms.CharField(label=_("Name of the person"), max_length=MAX_NAME)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("The tracking code and news of the request go to this number by SMS."),
    )
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "Optional. When a returnee in your area has this NIK, the request is linked to them."
        ),
    )
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Village.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("What happened, what is needed"),
        max_length=MAX_DESCRIPTION,
        widget=_textarea(6, MAX_DESCRIPTION),
        help_text=_("A pasted SMS or WhatsApp message may go here as it is."),
    )
    no_contact = forms.BooleanField(
        label=_("No contact: we will tell them in person"),
        required=False,
        help_text=_(
            "Without a phone number or email the person cannot follow the request on the "
            "status page and gets no SMS."
        ),
    )
    sensitive = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=SENSITIVE_CHOICES,
        required=False,
        help_text=_(
            "Reports of abuse are confidential unless you say otherwise: only the "
            "coordinators of the area and the assignee may read a confidential request."
        ),
    )

    def __init__(self, *args, user, person=None, **kwargs):
        """`person`: the returnee the request is entered for (from their page), already
        checked against people_for by the caller (selectors.entry_person)."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.person = person
        self.fields["village"].queryset = villages_for(user)
        self.fields["village"].widget = VillagePicker(user=user)

    def clean(self):
        data = super().clean()
        if data.get("kind") != Kind.HELP:
            data["topic"] = ""
        data["sensitive"] = {"yes": True, "no": False}.get(data.get("sensitive") or "")
        # Without a contact the person never hears of the request unless someone tells
        # them: the user says so explicitly.
        no_contact = data.pop("no_contact", False)
        if not self.errors and not (data.get("phone") or data.get("email")) and not no_contact:
            self.add_error(
                "phone",
                _(
                    "Without a phone number or email the person cannot follow the request "
                    "on the status page and gets no SMS. Give a contact, or tick “No "
                    "contact: we will tell them in person”."
                ),
            )
        if self.person is not None:
            data["person"] = self.person
        else:
            nik = (data.get("nik") or "").strip()
            # Linked only when the user may see the returnee anyway: people_for decides.
            data["person"] = people_for(self.user).filter(nik=nik).first() if nik else None
        return data


class ReplyForm(forms.Form):
    prefix = "reply"  # beside the note form on the ticket page
    body = forms.CharField(
        label=_("Reply to the submitter"),
        max_length=MAX_MESSAGE,
        widget=_textarea(4, MAX_MESSAGE),
        help_text=_(
            "The submitter reads this on the status page; they get an SMS that there "
            "is a reply, without its text."
        ),
    )
    attachments = AttachmentsField()


class NoteForm(forms.Form):
    prefix = "note"
    body = forms.CharField(
        label=_("Internal note"),
        max_length=MAX_MESSAGE,
        widget=_textarea(3, MAX_MESSAGE),
        help_text=_("Only staff read internal notes; the submitter never sees them."),
    )
    attachments = AttachmentsField()


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=None, required=False, empty_label=_("Nobody yet")
    )
    institution = forms.ModelChoiceField(
        label=_("Queue (institution)"), queryset=None, required=False, empty_label=_("No queue")
    )

    def __init__(self, *args, ticket, **kwargs):
        super().__init__(*args, **kwargs)
        users = assignable_users(ticket)
        self.fields["assignee"].queryset = User.objects.filter(pk__in=[u.pk for u in users])
        self.fields["assignee"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} · {u.get_role_display()}"
        )
        self.fields["institution"].queryset = Institution.objects.order_by("name")
        if not self.is_bound:
            self.initial = {"assignee": ticket.assignee_id, "institution": ticket.institution_id}


class ReportForm(forms.Form):
    start = forms.DateField(label=_("Submitted from"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Submitted until"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end is before the start."))
        return data


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name", "collective_leave"]
        widgets = {"date": DateInput}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day.year < 2000 or day.year > 2100:
            raise ValidationError(_("Choose a date between 2000 and 2100."))
        return day


# Who the ticket is about, and who may read it (the ticket page)


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a returnee by name or NIK"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class TicketPersonForm(forms.Form):
    """Link a returnee found by the search; empty unlinks. Only people the user may see
    are choices: anyone else is "not found", like someone who does not exist."""

    person = forms.ModelChoiceField(
        label=_("Returnee"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("No such returnee among the people you may see.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_for(user)


class ConfidentialForm(forms.Form):
    prefix = "confidential"
    reason = forms.CharField(
        label=_("Why (optional, kept as an internal note)"),
        required=False,
        max_length=MAX_MESSAGE,
        widget=_textarea(2, MAX_MESSAGE),
    )


class NotConfidentialForm(forms.Form):
    """Coordinators and admins only; the wording says who will read the ticket."""

    prefix = "ordinary"
    reason = forms.CharField(
        label=_("Why may it be read more widely? (kept as an internal note)"),
        max_length=MAX_MESSAGE,
        widget=_textarea(2, MAX_MESSAGE),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that the field officers of the area will be able to read this "
            "request, its conversation and the submitter's contact."
        ),
        error_messages={"required": _("Tick the box to confirm.")},
    )
