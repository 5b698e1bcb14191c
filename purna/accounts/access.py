"""Who may do what, and where. Every view and API endpoint asks here, never inline.

Outside a user's area a person does not exist for them (404); a role that may
not do something gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Role, User

SEE_PEOPLE = {Role.ADMIN, Role.COORDINATOR, Role.FIELD_OFFICER, Role.MENTOR}
EDIT_PEOPLE = {Role.ADMIN, Role.COORDINATOR, Role.FIELD_OFFICER}
RECORD_ASSESSMENTS = {Role.ADMIN, Role.COORDINATOR, Role.FIELD_OFFICER, Role.MENTOR}
DELETE_RECORDS = {Role.ADMIN, Role.COORDINATOR}
# The module catalogue, optional modules, cohorts.
MANAGE_PROGRAMME = {Role.ADMIN, Role.COORDINATOR}
# Peer mentors are returnees themselves: they see their paired families, not the programme.
SEE_AGGREGATES = set(Role) - {Role.PEER_MENTOR}
# Roles that see only the families they accompany now, not the registry of their area
# (purna.people.access.people_for): the coordinator's assignment is their authorisation.
SEE_ACCOMPANIED_ONLY = {Role.MENTOR}


def has_role(user, roles: set[str]) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def require_role(user, roles: set[str]) -> None:
    if not has_role(user, roles):
        raise PermissionDenied


def sees_only_accompanied(user) -> bool:
    return has_role(user, SEE_ACCOMPANIED_ONLY)


def sees_exact_counts(user) -> bool:
    """Programme staff see exact counts; everyone else (government viewers) gets small
    counts hidden in aggregates.

    Mentors are staff bound by the programme's confidentiality: they list only their own
    families but keep the exact counts of their area, which name nobody."""
    return has_role(user, SEE_PEOPLE)


def is_unrestricted(user: User) -> bool:
    if user.role == Role.ADMIN:
        return True
    return not user.regencies.exists() and not user.districts.exists()


def area_q(user: User, village_path: str = "village") -> Q:
    """A filter keeping rows whose village lies inside the user's area."""
    if is_unrestricted(user):
        return Q()
    prefix = f"{village_path}__" if village_path else ""
    regencies = list(user.regencies.values_list("code", flat=True))
    districts = list(user.districts.values_list("code", flat=True))
    return Q(**{f"{prefix}district__regency__in": regencies}) | Q(
        **{f"{prefix}district__in": districts}
    )


def district_q(user: User, district_path: str = "") -> Q:
    """The same limit for queries that start from districts."""
    if is_unrestricted(user):
        return Q()
    prefix = f"{district_path}__" if district_path else ""
    regencies = list(user.regencies.values_list("code", flat=True))
    districts = list(user.districts.values_list("code", flat=True))
    return Q(**{f"{prefix}regency__in": regencies}) | Q(**{f"{prefix}code__in": districts})
