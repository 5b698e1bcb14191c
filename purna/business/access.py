"""Fetching businesses and monthly records for a user, on top of purna.mentors.access: they
exist for a user only when the family does (404 otherwise; a mentor sees only the families
assigned to them); a role that may not record gets 403. A monthly record is corrected or
deleted by who recorded it, or by a coordinator; a business is deleted by who recorded it,
or by a coordinator."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from purna.accounts.access import require_role
from purna.mentors.access import RECORD_MENTORING, families_for, may_manage
from purna.people.models import Person

from .models import Business, MonthlyRecord


def family_by_nik_for(user, nik: str, *, write: bool = False) -> Person:
    """The API's way in: a family by NIK, 404 when the user may not see it."""
    person = get_object_or_404(families_for(user).select_related("village__district"), nik=nik)
    if write:
        require_role(user, RECORD_MENTORING)
    return person


def businesses_for(user) -> QuerySet[Business]:
    return Business.objects.filter(person__in=families_for(user))


def may_delete_business(user, business: Business) -> bool:
    return business.created_by_id == user.pk or may_manage(user)


def business_for(user, business_pk: int, *, write: bool = False, delete: bool = False) -> Business:
    business = get_object_or_404(
        businesses_for(user).select_related("person__village", "village__district"),
        pk=business_pk,
    )
    if write or delete:
        require_role(user, RECORD_MENTORING)
    if delete and not may_delete_business(user, business):
        raise PermissionDenied
    return business


def records_for(user) -> QuerySet[MonthlyRecord]:
    return MonthlyRecord.objects.filter(business__person__in=families_for(user))


def may_change_record(user, record: MonthlyRecord) -> bool:
    return record.recorded_by_id == user.pk or may_manage(user)


def record_for(user, record_pk: int, *, change: bool = False) -> MonthlyRecord:
    record = get_object_or_404(
        records_for(user).select_related("business__person", "recorded_by"), pk=record_pk
    )
    if change:
        require_role(user, RECORD_MENTORING)
        if not may_change_record(user, record):
            raise PermissionDenied
    return record
