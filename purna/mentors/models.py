"""Mentors (staff of consultant institutions, and peer mentors from quadrant IV) and who
accompanies which family. Assignments are never overwritten: a change of mentor ends one
row and starts another, each with its reason."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from purna.accounts.models import Institution
from purna.areas.models import District, Village
from purna.people.models import Person, Sex


class Kind(models.TextChoices):
    STAFF = "staff", _("Staff mentor")
    PEER = "peer", _("Peer mentor (mitra pendamping)")


STAFF_CAPACITY = 10
PEER_CAPACITY = 3

# Reasons other apps store as a code when they end an assignment (the graduation app
# writes "graduated" when the family becomes independent), shown in words. Any other end
# reason is a coordinator's own words, shown as typed.
END_REASON_LABELS = {
    "graduated": _("the family became independent"),
}


class Mentor(models.Model):
    """A staff mentor is a user of a consultant institution; a peer mentor is a returnee
    whose field test confirmed quadrant IV, with a login of their own if they want one."""

    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor",
    )
    person = models.OneToOneField(
        Person,
        verbose_name=_("returnee"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="as_mentor",
    )
    name = models.CharField(_("name"), max_length=150)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentors",
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    capacity = models.PositiveSmallIntegerField(_("capacity (families)"), default=STAFF_CAPACITY)
    # Codes of core.instrument.BUSINESS_SECTORS.
    sectors = models.JSONField(_("sectors of expertise"), default=list, blank=True)
    districts = models.ManyToManyField(
        District, verbose_name=_("districts covered"), blank=True, related_name="+"
    )
    # Where the mentor lives or works from: a peer mentor's own village.
    village = models.ForeignKey(
        Village,
        verbose_name=_("home village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="staff", person__isnull=True)
                | models.Q(kind="peer", person__isnull=False),
                name="peer_mentors_are_returnees",
            )
        ]

    def __str__(self) -> str:
        return self.name


class AssignmentQuerySet(models.QuerySet):
    def counting(self) -> "AssignmentQuerySet":
        """Open assignments that take a mentor's place. A withdrawn family keeps its open
        assignment (so a reinstated family finds its mentor again) but frees the place."""
        return self.filter(ended_on__isnull=True, person__withdrawn_on__isnull=True)


class Assignment(models.Model):
    """One mentor accompanying one family for a while. At most one open assignment per
    family and kind: one staff mentor and at most one peer mentor at a time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentor_assignments")
    mentor = models.ForeignKey(
        Mentor, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="assignments"
    )
    # Copied from the mentor so the database can enforce one open assignment per kind.
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    end_reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    # The matching cost when the assignment came from a proposal; None when chosen by hand.
    proposed_cost = models.IntegerField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_assignment_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} -> {self.person_id}"

    @property
    def end_reason_display(self) -> str:
        """The end reason to show: a known code in words (translated), else as typed."""
        label = END_REASON_LABELS.get(self.end_reason)
        return str(label) if label is not None else self.end_reason


class MentorPreference(models.Model):
    """What a family asked for in a mentor, weighed by the proposal (core.matching)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="mentor_preference"
    )
    same_sex = models.BooleanField(_("wants a mentor of the same sex"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mentor preference")
        verbose_name_plural = _("mentor preferences")

    def __str__(self) -> str:
        return f"{self.person_id}: same sex={self.same_sex}"
