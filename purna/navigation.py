"""What the navigation bar offers: the same role sets the screens check, so a link never
leads to a 403."""

from purna.accounts.access import MANAGE_PROGRAMME, SEE_AGGREGATES, SEE_PEOPLE, has_role
from purna.accounts.models import Role
from purna.helpdesk.access import SEE_TICKETS


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "people": has_role(user, SEE_PEOPLE),
            "manage": has_role(user, MANAGE_PROGRAMME),
            "aggregates": has_role(user, SEE_AGGREGATES),
            "peer": user.role == Role.PEER_MENTOR,
            "helpdesk": has_role(user, SEE_TICKETS),
        }
    }
