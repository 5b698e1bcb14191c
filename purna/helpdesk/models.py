"""The helpdesk: complaints, requests for help, personal consultations (curhat) and reports
of abuse, from anyone, with deadlines staff cannot quietly miss.

The description, the messages and the submitter's contact are personal data: they never
appear in `__str__`, logs, lists of sensitive tickets, reports or notifications.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from purna.accounts.models import Institution
from purna.areas.models import Village
from purna.people.models import Person


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint (pengaduan)")
    HELP = "help", _("Request for help")
    CONSULTATION = "consultation", _("Personal consultation (curhat)")
    ABUSE = "abuse", _("Report of abuse or fraud")


class HelpTopic(models.TextChoices):
    CAPITAL = "capital", _("Capital")
    BUSINESS = "business", _("Business problem")
    LEGAL = "legal", _("Legal")
    HEALTH = "health", _("Health")
    SCHOOL = "school", _("Children's school")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    WEB = "web", _("Public web form")
    PHONE = "phone", _("Phone call")
    WALK_IN = "walk_in", _("Walk-in")
    MENTOR = "mentor", _("Via a mentor")
    MESSAGE = "message", _("SMS or WhatsApp message")
    API = "api", _("API")


class State(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the submitter")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class Holiday(models.Model):
    """Days the deadline clock skips besides weekends: national holidays and collective
    leave (cuti bersama), which the government fixes each year."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    collective_leave = models.BooleanField(_("collective leave (cuti bersama)"), default=False)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Route(models.Model):
    """Where new tickets of a kind from an area go: an institution's queue, or the family's
    mentor when the submitter is a registered participant with one. The most specific area
    wins (district over regency over everywhere)."""

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    # An area code prefix: "" everywhere, "35.02" a regency, "35.02.17" a district.
    area = models.CharField(_("area code"), max_length=8, blank=True)
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="+"
    )
    to_mentor = models.BooleanField(_("to the family's mentor when there is one"), default=False)

    class Meta:
        ordering = ["kind", "area"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        constraints = [
            models.UniqueConstraint(fields=["kind", "area"], name="one_route_per_kind_and_area")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.area or '*'}"


class Ticket(models.Model):
    code = models.CharField(_("tracking code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=10, choices=HelpTopic.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    sensitive = models.BooleanField(_("sensitive"), default=False)
    description = models.TextField(_("what happened, what is needed"))

    submitter_name = models.CharField(_("name"), max_length=150)
    submitter_phone = models.CharField(_("phone"), max_length=20, blank=True)
    submitter_email = models.EmailField(_("email"), blank=True)
    # Given by the submitter; never used to tell them whether they are registered.
    submitter_nik = models.CharField(_("NIK"), max_length=16, blank=True)
    # Linked by staff once they know who it is.
    person = models.ForeignKey(
        Person,
        verbose_name=_("returnee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("queue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NEW, db_index=True
    )
    acknowledge_by = models.DateField(_("acknowledge by"))
    resolve_by = models.DateField(_("resolve by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1-5)"), null=True, blank=True)
    satisfaction_comment = models.CharField(_("comment"), max_length=500, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A keyed hash of the submitting address (never the address): rate limits only.
    source_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Set by the services from their clock (not auto_now_add), so a frozen "now" in tests
    # and the demo data's past tickets keep deadlines, rate limits and reports consistent.
    created_at = models.DateTimeField(
        _("submitted at"), default=timezone.now, editable=False, db_index=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="satisfaction_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.code


class Message(models.Model):
    class Kind(models.TextChoices):
        SUBMITTER = "submitter", _("From the submitter")
        REPLY = "reply", _("Reply to the submitter")
        NOTE = "note", _("Internal note")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    body = models.TextField(_("message"))
    # None: written by the submitter (public status page) or by the system.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set by the services from their clock, as Ticket.created_at is (the demo's history).
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket message")
        verbose_name_plural = _("ticket messages")

    def __str__(self) -> str:
        return f"{self.ticket_id}/{self.pk} {self.kind}"


def attachment_path(attachment: "Attachment", filename: str) -> str:
    # No name in the path: opaque ids and a random part; the original name is kept apart.
    suffix = filename.rsplit(".", 1)[-1].lower()[:5]
    return f"tickets/{attachment.ticket_id}/{secrets.token_hex(8)}.{suffix}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.ticket_id}/{self.pk}"


class StatusLookup(models.Model):
    """Failed openings of the public status page, by keyed hash of the address: a wrong
    phone suffix counts, so nobody can try the 10,000 suffixes of a code."""

    source_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed status lookup")
        verbose_name_plural = _("failed status lookups")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
