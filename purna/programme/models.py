"""The module catalogue and what staff recorded of each family's progress along it."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from purna.accounts.models import Institution
from purna.areas.models import Village
from purna.core.progress import State
from purna.people.models import HouseholdMember, Person


class Module(models.Model):
    """A module of the catalogue: the eight pathway modules (codes fixed by the model) and
    the optional ones coordinators add (financial literacy, digital marketing, parenting)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    planned_sessions = models.PositiveSmallIntegerField(_("planned sessions"), default=1)
    planned_hours = models.DecimalField(
        _("planned hours"), max_digits=5, decimal_places=1, default=2
    )
    in_pathway = models.BooleanField(_("pathway module"), default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    # The completion rule: share of a cohort's sessions attended, and a post-test.
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=75
    )
    post_test_required = models.BooleanField(_("post-test required"), default=True)

    class Meta:
        ordering = ["-in_pathway", "code"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class PlanEntry(models.Model):
    """A state staff recorded for one module of one family. Modules nobody recorded are
    derived from the quadrant history (core.progress.plan_for): planned or not needed."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plan_entries")
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.PROTECT)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=[
            (State.PLANNED.value, _("planned")),
            (State.IN_PROGRESS.value, _("in progress")),
            (State.COMPLETED.value, _("completed")),
            (State.DROPPED.value, _("dropped")),
            (State.NOT_NEEDED.value, _("not needed")),
        ],
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    optional = models.BooleanField(_("optional module"), default=False)
    # The day the module was first started (in progress or completed); business practice
    # starts the mentoring clock (visit cadence, decent-life checks).
    started_on = models.DateField(_("started on"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "module"], name="one_entry_per_module")
        ]
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")

    def __str__(self) -> str:
        return f"{self.module.code}={self.state}"


class Cohort(models.Model):
    """An angkatan: one module run by an institution at a venue, on set session dates."""

    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="cohorts"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    venue = models.ForeignKey(
        Village, verbose_name=_("venue (village)"), on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=30)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_cohorts",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return self.name


class CohortSession(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session"))
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="one_session_number")
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.cohort} #{self.number}"


class Enrolment(models.Model):
    class State(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments")
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    pre_test = models.DecimalField(
        _("pre-test"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    post_test = models.DecimalField(
        _("post-test"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Household members attending with the returnee (family co-enrolment in sakinah modules).
    family = models.ManyToManyField(
        HouseholdMember, verbose_name=_("family members attending"), blank=True, related_name="+"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "enrolled_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="one_enrolment_per_cohort")
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.person} / {self.cohort}"


class Attendance(models.Model):
    """One attendee at one session: the returnee (member empty) or a family member."""

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(HouseholdMember, on_delete=models.CASCADE, null=True, blank=True)
    present = models.BooleanField(_("present"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"],
                condition=models.Q(member__isnull=True),
                name="one_roll_call_per_returnee",
            ),
            models.UniqueConstraint(
                fields=["session", "enrolment", "member"],
                condition=models.Q(member__isnull=False),
                name="one_roll_call_per_member",
            ),
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.session} {self.enrolment_id}/{self.member_id or '-'}={self.present}"


class FieldTest(models.Model):
    """The uji lapangan for a quadrant IV family: is the business real and productive, and
    are sakinah values lived? Confirmed: the family becomes a mitra pendamping."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="field_tests")
    visited_on = models.DateField(_("visit date"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    business_exists = models.BooleanField(_("a productive business exists"))
    sector = models.CharField(_("sector"), max_length=20, blank=True)
    months_operating = models.PositiveSmallIntegerField(
        _("months operating"), null=True, blank=True
    )
    monthly_revenue = models.PositiveBigIntegerField(
        _("average monthly revenue (Rp)"), null=True, blank=True
    )
    monthly_profit = models.BigIntegerField(_("average monthly profit (Rp)"), null=True, blank=True)
    workers = models.PositiveSmallIntegerField(_("workers"), null=True, blank=True)
    worship_routine = models.BooleanField(_("worship observed to be routine"))
    charity_routine = models.BooleanField(_("gives charity routinely"))
    family_harmony = models.BooleanField(_("family lives in harmony"))
    social_participation = models.BooleanField(_("takes part in community life"))
    business_confirmed = models.BooleanField(_("business ability confirmed"))
    sakinah_confirmed = models.BooleanField(_("sakinah ability confirmed"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("field test")
        verbose_name_plural = _("field tests")

    def __str__(self) -> str:
        return f"{self.person} {self.visited_on}"

    @property
    def confirmed(self) -> bool:
        return self.business_confirmed and self.sakinah_confirmed


def field_test_photo_path(photo: "FieldTestPhoto", filename: str) -> str:
    # No name or NIK in the path: only opaque ids and a random part.
    suffix = filename.rsplit(".", 1)[-1].lower()[:5]
    return f"field-tests/{photo.field_test_id}/{secrets.token_hex(8)}.{suffix}"


class FieldTestPhoto(models.Model):
    field_test = models.ForeignKey(FieldTest, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=field_test_photo_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("field test photo")
        verbose_name_plural = _("field test photos")

    def __str__(self) -> str:
        return f"{self.field_test_id}/{self.pk}"
