"""The family's business and its monthly figures. Profit is always derived, never typed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from purna.areas.models import Village
from purna.people.models import Person


class Business(models.Model):
    class LegalForm(models.TextChoices):
        NONE = "none", _("Not registered")
        INDIVIDUAL = "individual", _("Sole proprietorship (usaha perseorangan)")
        CV = "cv", _("CV")
        PT = "pt", _("PT (incl. PT perorangan)")
        COOPERATIVE = "cooperative", _("Cooperative (koperasi)")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPERATING = "operating", _("Operating")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="businesses")
    name = models.CharField(_("business name"), max_length=150)
    # A code of core.instrument.BUSINESS_SECTORS.
    sector = models.CharField(_("sector"), max_length=20)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    nib = models.CharField(_("NIB (business licence number)"), max_length=13, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=12, choices=LegalForm.choices, default=LegalForm.NONE
    )
    capital_remittance = models.PositiveBigIntegerField(
        _("capital from remittance savings (Rp)"), default=0
    )
    capital_kur = models.PositiveBigIntegerField(_("capital from a KUR loan (Rp)"), default=0)
    capital_grant = models.PositiveBigIntegerField(_("capital from grants (Rp)"), default=0)
    capital_family = models.PositiveBigIntegerField(_("capital from family (Rp)"), default=0)
    capital_other = models.PositiveBigIntegerField(_("other capital (Rp)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    closed_reason = models.CharField(_("why it closed"), max_length=300, blank=True)
    # Who recorded the business: they may delete it, like a coordinator.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(closed_reason=""),
                name="closed_business_has_reason",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def capital_total(self) -> int:
        return (
            self.capital_remittance
            + self.capital_kur
            + self.capital_grant
            + self.capital_family
            + self.capital_other
        )


class MonthlyRecord(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="records")
    # The first day of the month recorded.
    month = models.DateField(_("month"))
    revenue = models.PositiveBigIntegerField(_("revenue (Rp)"))
    costs = models.PositiveBigIntegerField(_("costs (Rp)"))
    workers_family = models.PositiveSmallIntegerField(_("family workers"), default=0)
    workers_hired = models.PositiveSmallIntegerField(_("hired workers"), default=0)
    workers_community = models.PositiveSmallIntegerField(
        _("workers hired from the community"), default=0
    )
    loan_repayment = models.PositiveBigIntegerField(_("loan repayment (Rp)"), default=0)
    # Set when the person recording confirmed a figure ten times the previous month's.
    jump_confirmed = models.BooleanField(default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["business", "-month"]
        verbose_name = _("monthly record")
        verbose_name_plural = _("monthly records")
        constraints = [
            models.UniqueConstraint(fields=["business", "month"], name="one_record_per_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="record_month_is_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_id} {self.month:%Y-%m}"

    @property
    def profit(self) -> int:
        return self.revenue - self.costs
