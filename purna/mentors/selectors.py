"""Reading mentors and assignments for a user: the directory's area rule, each mentor's
load, and the families still waiting for a mentor.

A coordinator's directory holds the mentors who cover at least one district of their area
and the peer mentors who live in it; admins (and users with no area) see every mentor.
Outside that a mentor does not exist for the user (404), like a person outside the area.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from purna.accounts.access import area_q, district_q, is_unrestricted, require_role
from purna.areas.models import District
from purna.core.progress import State
from purna.people.access import people_for
from purna.people.models import Person
from purna.programme.models import PlanEntry

from .access import MANAGE_MENTORING, families_for
from .models import Assignment, Kind, Mentor

PRACTICE = "PRACTICE"


def with_load(mentors: QuerySet[Mentor]) -> QuerySet[Mentor]:
    """Annotate `load`: the families each mentor accompanies now (open assignments of
    families not withdrawn).
    A subquery, so joins made by filters (districts) cannot inflate the count."""
    open_count = (
        Assignment.objects.counting()
        .filter(mentor=OuterRef("pk"))
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return mentors.annotate(
        load=Coalesce(Subquery(open_count, output_field=IntegerField()), Value(0))
    )


def mentors_for(user) -> QuerySet[Mentor]:
    """The mentor directory of a user who manages mentoring (403 for other roles)."""
    require_role(user, MANAGE_MENTORING)
    mentors = Mentor.objects.all()
    if is_unrestricted(user):
        return mentors
    covering = Mentor.objects.filter(districts__in=District.objects.filter(district_q(user)))
    return mentors.filter(
        Q(pk__in=covering.values("pk")) | (Q(kind=Kind.PEER) & area_q(user, "village"))
    )


def mentor_for(user, pk: int) -> Mentor:
    """One mentor of the user's directory, with its load; 404 outside it."""
    return get_object_or_404(
        with_load(mentors_for(user)).select_related("institution", "user", "village", "person"),
        pk=pk,
    )


def mentor_new_for(user, kind: str = Kind.STAFF) -> Mentor:
    """An unsaved mentor for a user who may add one (403 otherwise)."""
    require_role(user, MANAGE_MENTORING)
    return Mentor(kind=kind)


def districts_for(user) -> QuerySet[District]:
    """The districts a user may give a mentor: their area's; for users without an area
    the districts where returnees are registered (not all of Indonesia)."""
    if is_unrestricted(user):
        return District.objects.filter(pk__in=Person.objects.values("village__district")).order_by(
            "name"
        )
    return District.objects.filter(district_q(user)).order_by("name")


def assignment_for(user, pk: int, *, manage: bool = False) -> Assignment:
    """An assignment of a family the user may see (404 otherwise); `manage`: 403 unless
    the user assigns mentors."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("mentor", "person__village__district"),
        pk=pk,
        person__in=families_for(user),
    )
    if manage:
        require_role(user, MANAGE_MENTORING)
    return assignment


def practising(people: QuerySet[Person]) -> QuerySet[Person]:
    """Families whose business practice has started, neither withdrawn nor independent."""
    started = PlanEntry.objects.filter(
        module__code=PRACTICE,
        started_on__isnull=False,
        state__in=[State.IN_PROGRESS.value, State.COMPLETED.value],
    )
    return people.filter(
        withdrawn_on__isnull=True,
        graduated_on__isnull=True,
        pk__in=started.values("person_id"),
    ).annotate(
        practice_started_on=Subquery(started.filter(person=OuterRef("pk")).values("started_on")[:1])
    )


def without_mentor(people: QuerySet[Person], kind: str) -> QuerySet[Person]:
    return people.exclude(
        pk__in=Assignment.objects.filter(kind=kind, ended_on__isnull=True).values("person_id")
    )


def families_needing(user, kind: str, *, district: str | None = None) -> QuerySet[Person]:
    """Practising families of the user's area without an open assignment of `kind`, the
    longest waiting first (403 for roles that do not assign mentors)."""
    require_role(user, MANAGE_MENTORING)
    people = without_mentor(practising(people_for(user)), kind)
    if district:
        people = people.filter(village__district_id=district)
    return people.select_related(
        "village__district", "mentor_preference", "current_assessment"
    ).order_by("practice_started_on", "full_name", "pk")


def open_assignments(person: Person) -> dict[str, Assignment]:
    """{kind: the open assignment} of a family."""
    return {
        a.kind: a
        for a in person.mentor_assignments.filter(ended_on__isnull=True).select_related("mentor")
    }


def practice_started_on(person: Person):
    return (
        PlanEntry.objects.filter(
            person=person,
            module__code=PRACTICE,
            state__in=[State.IN_PROGRESS.value, State.COMPLETED.value],
        )
        .values_list("started_on", flat=True)
        .first()
    )
