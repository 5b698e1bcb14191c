"""A readable trail of who created, changed or deleted what, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        # Opening a record that is confidential (a sensitive helpdesk ticket).
        VIEW = "view", _("opened")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when the change came from a command (an import) rather than a person.
    channel = models.CharField(_("channel"), max_length=40, default="web")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    entity = models.CharField(_("record"), max_length=40)
    entity_id = models.BigIntegerField()
    # Plain ids, not foreign keys: the trail outlives the records it describes.
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.entity} {self.entity_id}"
