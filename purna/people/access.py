"""The one place that fetches returnees for a user: 404 outside what they may see, 403 for
their role. Every screen, API endpoint, list and worklist that names people starts here."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from purna.accounts.access import (
    DELETE_RECORDS,
    EDIT_PEOPLE,
    SEE_PEOPLE,
    area_q,
    require_role,
    sees_only_accompanied,
)

from .models import Person


def people_for(user) -> QuerySet[Person]:
    """The returnees this user may see.

    Staff (admin, coordinator, field officer) see everyone living in their area; a user
    with no area sees the whole country.

    A mentor sees only the families they accompany now: people with an open assignment
    (not ended) to the mentor whose login is this user, wherever those families live. The
    coordinator's assignment is the authorisation, so the mentor's own area plays no part:
    a family that moved away, or a mentor who covers a district outside the area on their
    login, keeps the mentor they were given until the coordinator changes it. A mentor with
    no mentor record, or with no family at the moment, sees nobody (never the country).
    """
    require_role(user, SEE_PEOPLE)
    if sees_only_accompanied(user):
        return Person.objects.filter(pk__in=_accompanied_by(user))
    return Person.objects.filter(area_q(user))


def _accompanied_by(user) -> QuerySet[Person]:
    # A string lookup across the reverse relation of mentors.Assignment.person, so this app
    # needs no import from the mentors app above it. Both conditions in one filter() apply
    # to the same assignment row. Used as `pk__in` (a subquery) rather than a join, so the
    # callers' queryset has one row per person without distinct() and can still be
    # annotated, aggregated, updated or read with values().
    return Person.objects.filter(
        mentor_assignments__mentor__user=user, mentor_assignments__ended_on__isnull=True
    ).values("pk")


def person_for(user, pk: int, *, write: bool = False, delete: bool = False) -> Person:
    person = get_object_or_404(people_for(user).select_related("village__district__regency"), pk=pk)
    if write:
        require_role(user, EDIT_PEOPLE)
    if delete:
        require_role(user, DELETE_RECORDS)
    return person


def person_by_nik_for(user, nik: str) -> Person:
    return get_object_or_404(people_for(user).select_related("village__district"), nik=nik)
