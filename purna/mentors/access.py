"""Who may see whose mentoring records (plans, visits, businesses, decent-life checks).

Staff see the families in their area, like the registry. A mentor sees only the families
assigned to them now. A peer mentor (role peer_mentor) sees only the names, villages and
businesses of the families paired with them: `paired_families_for`, never the records.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from purna.accounts.access import MANAGE_PROGRAMME, RECORD_ASSESSMENTS, has_role, require_role
from purna.accounts.models import Role
from purna.people.access import people_for
from purna.people.models import Person

from .models import Kind, Mentor

# Who may record visits, plans, business figures and checks for a family they can see.
RECORD_MENTORING = RECORD_ASSESSMENTS
# Who assigns mentors, confirms graduation and edits the mentor directory.
MANAGE_MENTORING = MANAGE_PROGRAMME


def mentor_of(user) -> Mentor | None:
    """The mentor record behind a login, if any."""
    if not user.is_authenticated:
        return None
    return Mentor.objects.filter(user=user, is_active=True).first()


def families_for(user) -> QuerySet[Person]:
    people = people_for(user)
    if user.role == Role.MENTOR:
        people = people.filter(
            mentor_assignments__mentor__user=user, mentor_assignments__ended_on__isnull=True
        ).distinct()
    return people


def family_for(user, pk: int, *, write: bool = False) -> Person:
    """404 for a family the user may not see; 403 when their role may not record."""
    person = get_object_or_404(families_for(user).select_related("village__district"), pk=pk)
    if write:
        require_role(user, RECORD_MENTORING)
    return person


def paired_families_for(user) -> QuerySet[Person]:
    """The families paired with the peer mentor behind this login (names, villages and
    businesses are all a caller may show)."""
    require_role(user, {Role.PEER_MENTOR})
    return Person.objects.filter(
        mentor_assignments__mentor__user=user,
        mentor_assignments__mentor__kind=Kind.PEER,
        mentor_assignments__ended_on__isnull=True,
    ).distinct()


def may_manage(user) -> bool:
    return has_role(user, MANAGE_MENTORING)
