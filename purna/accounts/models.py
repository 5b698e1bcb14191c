"""Users, their institutions, roles and the areas they work in."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from purna.areas.models import District, Regency


class Institution(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        NGO = "ngo", _("NGO")
        GOVERNMENT = "government", _("Government agency")
        COMMUNITY = "community", _("Community organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    FIELD_OFFICER = "field_officer", _("Field officer")
    MENTOR = "mentor", _("Mentor")
    VIEWER = "viewer", _("Government viewer")
    # A quadrant IV returnee confirmed by the field test (mitra pendamping) who logs in to
    # see the families paired with them: names, villages and businesses only.
    PEER_MENTOR = "peer_mentor", _("Peer mentor (mitra pendamping)")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # No area at all means the whole country; admins always see everything.
    regencies = models.ManyToManyField(
        Regency, verbose_name=_("regencies"), blank=True, related_name="+"
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"
