"""The one place that fetches cohorts for a user.

A cohort exists for the users whose area covers its venue and for its facilitators (404 for
everyone else). Managing it (enrolling, cancelling, family) takes a programme role inside
the area; the roll call and the test scores also belong to the cohort's facilitators, who
may come from another area (403 for the rest). Government viewers see no cohort at all.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from purna.accounts.access import (
    MANAGE_PROGRAMME,
    SEE_PEOPLE,
    area_q,
    has_role,
    is_unrestricted,
    require_role,
)
from purna.accounts.models import Role, User
from purna.people.access import people_for

from .models import Cohort, Enrolment

# Who can be asked to run a cohort's sessions.
FACILITATOR_ROLES = {Role.COORDINATOR, Role.FIELD_OFFICER, Role.MENTOR}


def _facilitating(user) -> Q:
    through = Cohort.facilitators.through.objects.filter(user_id=user.pk)
    return Q(pk__in=through.values("cohort_id"))


def cohorts_for(user) -> QuerySet[Cohort]:
    require_role(user, SEE_PEOPLE)
    if is_unrestricted(user):
        return Cohort.objects.all()  # (an empty area Q would vanish in the `|` below)
    return Cohort.objects.filter(area_q(user, village_path="venue") | _facilitating(user))


def in_area(user, cohort: Cohort) -> bool:
    return Cohort.objects.filter(area_q(user, village_path="venue"), pk=cohort.pk).exists()


def can_manage(user, cohort: Cohort) -> bool:
    return has_role(user, MANAGE_PROGRAMME) and in_area(user, cohort)


def can_run(user, cohort: Cohort) -> bool:
    """Take the roll call and record the test scores."""
    return can_manage(user, cohort) or cohort.facilitators.filter(pk=user.pk).exists()


def cohort_for(user, pk: int, *, manage: bool = False, roll_call: bool = False) -> Cohort:
    cohort = get_object_or_404(
        cohorts_for(user).select_related("module", "institution", "venue__district__regency"),
        pk=pk,
    )
    if manage and not can_manage(user, cohort):
        raise PermissionDenied
    if roll_call and not can_run(user, cohort):
        raise PermissionDenied
    return cohort


def visible_enrolments(user, cohort: Cohort) -> QuerySet[Enrolment]:
    """The cohort's enrolments of people the user may see (people_for: a mentor only their
    own families). A facilitator from another area, or a mentor facilitating, sees the
    names on the roll call, not in the lists."""
    return cohort.enrolments.filter(person__in=people_for(user))


def facilitator_candidates(user) -> QuerySet[User]:
    """Active staff of the user's institution or working in the user's area."""
    staff = User.objects.filter(is_active=True, role__in=FACILITATOR_ROLES)
    if is_unrestricted(user):
        return staff.order_by("first_name", "username")
    regencies = set(user.regencies.values_list("code", flat=True))
    regencies |= set(user.districts.values_list("regency_id", flat=True))
    districts = list(user.districts.values_list("code", flat=True))
    nearby = (
        Q(regencies__in=regencies)
        | Q(districts__regency__in=list(user.regencies.values_list("code", flat=True)))
        | Q(districts__in=districts)
    )
    if user.institution_id:
        nearby |= Q(institution_id=user.institution_id)
    ids = staff.filter(nearby).values("pk")
    return User.objects.filter(pk__in=ids).order_by("first_name", "username")
