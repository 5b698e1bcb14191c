from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from purna.accounts.access import SEE_PEOPLE, has_role
from purna.accounts.models import Role


@login_required
def home(request):
    """Each role starts where its daily work is: mentors at their families, peer mentors at
    the families paired with them, government viewers at the aggregates, staff at the
    registry."""
    role = request.user.role
    if role == Role.MENTOR:
        return redirect("mentoring:home")
    if role == Role.PEER_MENTOR:
        return redirect("mentoring:peer_home")
    if has_role(request.user, SEE_PEOPLE):
        return redirect("people:list")
    return redirect("overview:index")
