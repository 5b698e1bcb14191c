"""Returnees (PMI purna), their households, migration history and consent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from purna.areas.models import Village

# The largest amount a PositiveBigIntegerField holds on every database we support.
MAX_RUPIAH = 2**63 - 1


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IDENTIFIED = "identified", _("Identified")
    IN_TRAINING = "in_training", _("In training")
    IN_PRACTICE = "in_practice", _("In business practice")
    IN_MENTORING = "in_mentoring", _("In mentoring")
    INDEPENDENT = "independent", _("Independent")
    PEER_MENTOR = "peer_mentor", _("Peer mentor")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WithdrawalReason(models.TextChoices):
    MOVED = "moved", _("Moved away")
    MIGRATED_AGAIN = "migrated_again", _("Migrated again")
    DECLINED = "declined", _("Declined to continue")
    DECEASED = "deceased", _("Deceased")


class Quadrant(models.TextChoices):
    I = "I", _("Quadrant I")  # noqa: E741
    II = "II", _("Quadrant II")
    III = "III", _("Quadrant III")
    IV = "IV", _("Quadrant IV")


class Person(models.Model):
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="people"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Codes from core.nik.nik_mismatches: the NIK disagrees with the recorded birth date or sex.
    nik_flags = models.JSONField(_("NIK review flags"), default=list, blank=True)

    # Derived from the current self assessment by assessment.services; stored so lists,
    # filters and counts per quadrant need no per-person computation.
    current_assessment = models.ForeignKey(
        "assessment.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    quadrant = models.CharField(
        _("quadrant"), max_length=3, choices=Quadrant.choices, blank=True, db_index=True
    )
    business_score = models.FloatField(_("business score"), null=True, blank=True)
    sakinah_score = models.FloatField(_("sakinah score"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    # Kept by programme.services from the recorded plan (core.progress.stage).
    stage = models.CharField(_("programme stage"), max_length=20, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("withdrawal reason"), max_length=20, choices=WithdrawalReason.choices, blank=True
    )
    withdrawal_note = models.CharField(_("note"), max_length=300, blank=True)
    # Set when a coordinator confirms graduation (graduation.services); status independent.
    graduated_on = models.DateField(_("independent since"), null=True, blank=True)

    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("returnee")
        verbose_name_plural = _("returnees")

    def __str__(self) -> str:
        return self.full_name

    @property
    def masked_nik(self) -> str:
        return f"{self.nik[:6]}******{self.nik[-4:]}"


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        GRANDCHILD = "grandchild", _("Grandchild")
        OTHER = "other", _("Other")

    class School(models.TextChoices):
        NOT_YET = "not_yet", _("Not yet of school age")
        IN_SCHOOL = "in_school", _("In school")
        DROPPED_OUT = "dropped_out", _("Dropped out")
        FINISHED = "finished", _("Finished school")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household")
    full_name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    school_status = models.CharField(
        _("school status"), max_length=20, choices=School.choices, blank=True
    )

    class Meta:
        ordering = ["birth_date", "id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return self.full_name


class MigrationEpisode(models.Model):
    class Country(models.TextChoices):
        HONG_KONG = "HK", _("Hong Kong")
        TAIWAN = "TW", _("Taiwan")
        MALAYSIA = "MY", _("Malaysia")
        SINGAPORE = "SG", _("Singapore")
        SAUDI_ARABIA = "SA", _("Saudi Arabia")
        SOUTH_KOREA = "KR", _("South Korea")
        JAPAN = "JP", _("Japan")
        UAE = "AE", _("United Arab Emirates")
        QATAR = "QA", _("Qatar")
        BRUNEI = "BN", _("Brunei")
        OTHER = "XX", _("Other country")

    class Sector(models.TextChoices):
        DOMESTIC = "domestic", _("Domestic work")
        CAREGIVING = "caregiving", _("Caregiving")
        MANUFACTURING = "manufacturing", _("Manufacturing")
        PLANTATION = "plantation", _("Plantation and agriculture")
        CONSTRUCTION = "construction", _("Construction")
        FISHING = "fishing", _("Fishing")
        HOSPITALITY = "hospitality", _("Hotels and restaurants")
        OTHER = "other", _("Other")

    class RemittanceUse(models.TextChoices):
        HOUSE = "house", _("House")
        LAND = "land", _("Land")
        VEHICLE = "vehicle", _("Vehicle")
        ELECTRONICS = "electronics", _("Electronics")
        BUSINESS = "business", _("Business capital")
        EDUCATION = "education", _("Education")
        SAVINGS = "savings", _("Savings")
        DEBTS = "debts", _("Paying debts")
        CEREMONIES = "ceremonies", _("Ceremonies")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="migrations")
    destination = models.CharField(_("destination country"), max_length=2, choices=Country.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    departed_on = models.DateField(_("departure date"))
    returned_on = models.DateField(_("return date"), null=True, blank=True)
    monthly_remittance = models.PositiveBigIntegerField(
        _("average monthly remittance (Rp)"), null=True, blank=True
    )
    remittance_uses = models.JSONField(_("uses of remittances"), default=list, blank=True)

    class Meta:
        ordering = ["-departed_on", "id"]
        verbose_name = _("migration episode")
        verbose_name_plural = _("migration episodes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returned_on__isnull=True)
                | models.Q(returned_on__gte=models.F("departed_on")),
                name="migration_returns_after_departure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_destination_display()} {self.departed_on:%Y}"


class Consent(models.Model):
    class Scope(models.TextChoices):
        REGISTRATION = "registration", _("Registration and programme data")
        ASSESSMENT = "assessment", _("Identification instrument (incl. religion and family)")
        SHARING = "sharing", _("Sharing with partner institutions")
        CONTACT = "contact", _("Contact by phone or message")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("consent date"))
    scopes = models.JSONField(_("scope"), default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.person} {self.given_on}"

    @property
    def scope_labels(self) -> list[str]:
        labels = dict(self.Scope.choices)
        return [labels.get(scope, scope) for scope in self.scopes]
