"""Versioned identification instruments and the assessments recorded with them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from purna.core.assessments import Placement
from purna.people.models import Person, Quadrant


class Instrument(models.Model):
    """A version of the identification instrument. Data, not code: a new version
    can change items, wording, reversal and threshold without a deploy."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    threshold = models.FloatField(_("threshold"), default=50.0)
    min_answered_percent = models.PositiveSmallIntegerField(
        _("minimum answered per axis (%)"), default=80
    )
    is_active = models.BooleanField(_("used for new assessments"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Axis(models.TextChoices):
    BUSINESS = "business", _("Business ability")
    SAKINAH = "sakinah", _("Sakinah (religious and social) ability")


class InstrumentItem(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=10)
    axis = models.CharField(_("axis"), max_length=10, choices=Axis.choices)
    reversed = models.BooleanField(_("reversed"), default=False)
    text_id = models.CharField(_("wording (Indonesian)"), max_length=300)
    text_en = models.CharField(_("wording (English)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["instrument", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="unique_item_code")
        ]
        verbose_name = _("instrument item")
        verbose_name_plural = _("instrument items")

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "id").startswith("en") else self.text_id


class Source(models.TextChoices):
    SELF = "self", _("Self")
    SPOUSE = "spouse", _("Spouse")
    FAMILY = "family", _("Family")
    OFFICER = "officer", _("Field officer")
    MENTOR = "mentor", _("Mentor")
    COMMUNITY = "community", _("Community")


class Assessment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("assessment date"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    # {item code: 1-5 or None}; a JSON column keeps a 100,000-row import to one row each.
    answers = models.JSONField(_("answers"), default=dict)
    business_interests = models.JSONField(_("business interests"), default=list, blank=True)
    skills_abroad = models.CharField(_("skills gained abroad"), max_length=300, blank=True)
    capital_available = models.PositiveBigIntegerField(
        _("capital available (Rp)"), null=True, blank=True
    )
    # Results of core.scoring.classify, stored at write time with the instrument's rules.
    business_score = models.FloatField(_("business score"), null=True, blank=True)
    sakinah_score = models.FloatField(_("sakinah score"), null=True, blank=True)
    quadrant = models.CharField(_("quadrant"), max_length=3, choices=Quadrant.choices, blank=True)

    submission_id = models.CharField(
        _("submission id"), max_length=100, null=True, blank=True, unique=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-assessed_on", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["person", "assessed_on", "source"])]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.person} {self.assessed_on} ({self.source})"

    @property
    def complete(self) -> bool:
        return bool(self.quadrant)


class QuadrantPlacement(models.Model):
    """A quadrant set by a field test that did not confirm quadrant IV (the axis that failed
    is in the reason). It counts until a newer complete self assessment."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placements")
    quadrant = models.CharField(_("quadrant"), max_length=3, choices=Quadrant.choices)
    placed_on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["placed_on", "recorded_at"]
        verbose_name = _("quadrant placement")
        verbose_name_plural = _("quadrant placements")

    def __str__(self) -> str:
        return f"{self.person} {self.quadrant} {self.placed_on}"

    def as_core(self) -> Placement:
        return Placement(self.placed_on, self.recorded_at, self.quadrant)
