"""The one place that fetches returnees for a user: 404 outside their area, 403 for their role."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from purna.accounts.access import (
    DELETE_RECORDS,
    EDIT_PEOPLE,
    SEE_PEOPLE,
    area_q,
    require_role,
)

from .models import Person


def people_for(user) -> QuerySet[Person]:
    require_role(user, SEE_PEOPLE)
    return Person.objects.filter(area_q(user))


def person_for(user, pk: int, *, write: bool = False, delete: bool = False) -> Person:
    person = get_object_or_404(people_for(user).select_related("village__district__regency"), pk=pk)
    if write:
        require_role(user, EDIT_PEOPLE)
    if delete:
        require_role(user, DELETE_RECORDS)
    return person


def person_by_nik_for(user, nik: str) -> Person:
    return get_object_or_404(people_for(user).select_related("village__district"), nik=nik)
