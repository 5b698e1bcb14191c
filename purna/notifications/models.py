"""The notification outbox: every message Purna sends is first a row here.

A row is written in the same transaction as the change it reports, so a message is never
lost when the worker, the mail server or the gateway is down; `delivery.deliver_due` sends
it later (queued -> sending -> sent, or back to queued with a backoff, or failed). The body
and the address are personal data: they never appear in `__str__`, logs, command output or
`last_error`.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from purna.people.models import Person


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")
        EMAIL = "email", _("Email")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Deleting a returnee deletes the messages to them: their number must not outlive them.
    recipient = models.ForeignKey(
        Person,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    address = models.CharField(_("address"), max_length=254, help_text=_("Phone or email."))
    language = models.CharField(_("language"), max_length=8, default="id")
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # What went wrong last, in words without personal data (never an address or a body).
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # A worker that claimed the message owns it until then; a worker that died is replaced
    # after the lease. `attempts` is the fencing token: a claim increments it.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Sent with the message (email Message-ID, gateway Idempotency-Key) so that a receiver
    # can drop the copy a worker sends again after dying between sending and recording it.
    message_id = models.UUIDField(_("message id"), default=uuid.uuid4, unique=True, editable=False)
    # What the message is and for whom, e.g. session-reminder:<session>:<person>:<date>; the
    # same reminder is never queued twice.
    dedupe_key = models.CharField(max_length=200, unique=True)
    related_label = models.CharField(_("about"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "send_after"], name="outbox_due")]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} {self.state}"

    @property
    def masked_address(self) -> str:
        """Enough to tell two numbers apart on a screen, not enough to dial: ••••7890."""
        if "@" in self.address:
            name, _at, domain = self.address.partition("@")
            return f"{name[:1]}•••@{domain}"
        return "••••" + self.address[-4:]
