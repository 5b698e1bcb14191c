"""Fetching mentoring records for a user, on top of purna.mentors.access: a visit or a plan
exists for a user only when its family does (404 otherwise); a role that may not record
gets 403. A visit is corrected or deleted by who recorded it, or by a coordinator."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from purna.accounts.access import require_role
from purna.mentors.access import RECORD_MENTORING, families_for, may_manage
from purna.people.models import Person

from .models import MentoringPlan, Visit


def family_by_nik_for(user, nik: str, *, write: bool = False) -> Person:
    """The API's way in: a family by NIK, 404 when the user may not see it."""
    person = get_object_or_404(families_for(user).select_related("village__district"), nik=nik)
    if write:
        require_role(user, RECORD_MENTORING)
    return person


def visits_for(user) -> QuerySet[Visit]:
    return Visit.objects.filter(person__in=families_for(user))


def may_change_visit(user, visit: Visit) -> bool:
    return visit.recorded_by_id == user.pk or may_manage(user)


def visit_for(user, visit_pk: int, *, change: bool = False) -> Visit:
    visit = get_object_or_404(visits_for(user).select_related("person", "mentor"), pk=visit_pk)
    if change:
        require_role(user, RECORD_MENTORING)
        if not may_change_visit(user, visit):
            raise PermissionDenied
    return visit


def plan_for(user, plan_pk: int, *, write: bool = False) -> MentoringPlan:
    plan = get_object_or_404(
        MentoringPlan.objects.filter(person__in=families_for(user)).select_related("person"),
        pk=plan_pk,
    )
    if write:
        require_role(user, RECORD_MENTORING)
    return plan
