"""Who may see and do what with decent-life checks, graduation and sustainability checks.

The families are the mentoring screens' (purna.mentors.access): staff see their area, a
mentor only the families assigned to them now, government viewers and peer mentors none.
Recording checks, and the list of checks due, are for whoever records mentoring;
confirming or revoking a graduation and the list of candidates are for coordinators and
administrators; the rules for administrators only.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from purna.accounts.access import require_role
from purna.accounts.models import Role
from purna.mentors.access import MANAGE_MENTORING, RECORD_MENTORING, families_for, family_for
from purna.people.models import Person

# The rules Purna proposes on: a programme decision, so administrators only.
EDIT_RULES = {Role.ADMIN}
# The "checks due" worklist: who records the checks. A mentor sees only the families
# assigned to them (families_for), staff their area.
SEE_CHECKS_DUE = RECORD_MENTORING


def family_to_manage(user, pk: int) -> Person:
    """A family whose graduation the user may confirm or revoke: 404 outside what they
    see, 403 for a role that may not."""
    person = family_for(user, pk)
    require_role(user, MANAGE_MENTORING)
    return person


def family_by_nik_for(user, nik: str, *, write: bool = False, manage: bool = False) -> Person:
    """The API's way in: the same families and the same roles as the screens."""
    person = get_object_or_404(
        families_for(user).select_related("village__district"), nik=nik.strip()
    )
    if write:
        require_role(user, RECORD_MENTORING)
    if manage:
        require_role(user, MANAGE_MENTORING)
    return person


def candidates_scope(user) -> QuerySet[Person]:
    """The families a coordinator may propose for graduation (403 for other roles)."""
    require_role(user, MANAGE_MENTORING)
    return families_for(user)


def checks_due_scope(user) -> QuerySet[Person]:
    require_role(user, SEE_CHECKS_DUE)
    return families_for(user)


def rules_editor(user) -> None:
    require_role(user, EDIT_RULES)
