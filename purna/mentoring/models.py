"""The mentoring itself: a plan agreed with the family (versioned) and the visits."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from purna.mentors.models import Mentor
from purna.people.models import Person


class MentoringPlan(models.Model):
    """One version of a family's plan. A change writes a new version; older ones stay as
    they were agreed."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentoring_plans")
    version = models.PositiveSmallIntegerField(_("version"))
    business_goal = models.TextField(_("goal for the business"))
    family_goal = models.TextField(_("goal for the family"))
    schooling_goal = models.TextField(_("goal for the children's schooling"), blank=True)
    # The family's agreement: when, and how it was given (signed, verbal, by WhatsApp).
    agreed_on = models.DateField(_("agreed by the family on"), null=True, blank=True)
    agreement_note = models.CharField(_("how the family agreed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-version"]
        verbose_name = _("mentoring plan")
        verbose_name_plural = _("mentoring plans")
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="one_plan_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} v{self.version}"


class PlanAction(models.Model):
    class Who(models.TextChoices):
        FAMILY = "family", _("The family")
        MENTOR = "mentor", _("Mentor")
        PEER = "peer", _("Peer mentor")
        INSTITUTION = "institution", _("Institution")
        OTHER = "other", _("Someone else")

    plan = models.ForeignKey(MentoringPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    who = models.CharField(_("who"), max_length=12, choices=Who.choices)
    due_on = models.DateField(_("by when"))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")

    def __str__(self) -> str:
        return self.description


def visit_photo_path(visit: "Visit", filename: str) -> str:
    # No name or NIK in the path: only opaque ids and a random part.
    suffix = filename.rsplit(".", 1)[-1].lower()[:5]
    return f"visits/{visit.person_id}/{secrets.token_hex(8)}.{suffix}"


class Visit(models.Model):
    class Kind(models.TextChoices):
        HOME = "home", _("Home visit")
        BUSINESS = "business", _("Visit to the business")
        PHONE = "phone", _("Phone or WhatsApp")
        GROUP = "group", _("Group meeting with a peer mentor")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="visits")
    mentor = models.ForeignKey(
        Mentor,
        verbose_name=_("mentor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    kind = models.CharField(_("kind of visit"), max_length=10, choices=Kind.choices)
    visited_on = models.DateField(_("date"))
    topics = models.TextField(_("topics discussed"))
    problems = models.TextField(_("problems"), blank=True)
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    next_visit_on = models.DateField(_("next visit"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to=visit_photo_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["person", "-visited_on"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.visited_on}"
