"""The target of the model: a decent, independent life. Decent-life checks during
practice, the graduation rules and decisions, and sustainability checks afterwards."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from purna.people.models import Person


class DecentLifeCheck(models.Model):
    """The paper's indicators, recorded at the start of practice and every six months."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="decent_life_checks")
    checked_on = models.DateField(_("checked on"))
    house_fit = models.BooleanField(_("permanent house, fit to live in and healthy"))
    income_covers_needs = models.BooleanField(_("fixed income covering daily needs"))
    can_pay_treatment = models.BooleanField(_("able to pay for treatment when sick"))
    # None: no child of school age in the household, which counts as met.
    children_in_school = models.BooleanField(
        _("school-age children are in school"), null=True, blank=True
    )
    savings_for_investment = models.BooleanField(_("savings for investment"))
    routine_charity = models.BooleanField(_("gives charity routinely"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("decent-life check")
        verbose_name_plural = _("decent-life checks")

    def __str__(self) -> str:
        return f"{self.person_id} {self.checked_on}"


class GraduationRules(models.Model):
    """The criteria Purna uses to propose graduation. One row; administrators change it."""

    modules_completed = models.BooleanField(_("every pathway module completed"), default=True)
    profitable_months = models.PositiveSmallIntegerField(
        _("months with positive profit"), default=6
    )
    profit_window = models.PositiveSmallIntegerField(_("out of the last ... months"), default=8)
    decent_life = models.BooleanField(_("every decent-life indicator met"), default=True)
    quadrant_iv = models.BooleanField(_("latest self assessment in quadrant IV"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("graduation rules")
        verbose_name_plural = _("graduation rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(profitable_months__lte=models.F("profit_window")),
                name="profitable_months_fit_the_window",
            )
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "GraduationRules":
        return cls.objects.order_by("pk").first() or cls()


class Graduation(models.Model):
    """A coordinator's confirmation that a family is independent (mandiri), with the
    criteria as Purna evaluated them that day."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="graduation")
    graduated_on = models.DateField(_("independent since"))
    # {criterion code: {"met": bool, "detail": str}} as shown to the coordinator.
    criteria = models.JSONField(_("criteria"), default=dict)
    note = models.TextField(_("note"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("graduation")
        verbose_name_plural = _("graduations")

    def __str__(self) -> str:
        return f"{self.person_id} {self.graduated_on}"


class SustainabilityCheck(models.Model):
    """The lighter check every six months for two years after graduation."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="sustainability_checks"
    )
    checked_on = models.DateField(_("checked on"))
    business_operating = models.BooleanField(_("the business is still operating"))
    migrated_again = models.BooleanField(_("someone in the household migrated again"))
    # Optional: who left (the returnee, or a household member), as the officer heard it.
    migrated_who = models.CharField(_("who migrated"), max_length=150, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("sustainability check")
        verbose_name_plural = _("sustainability checks")

    def __str__(self) -> str:
        return f"{self.person_id} {self.checked_on}"
