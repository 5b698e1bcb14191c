from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from purna.accounts.access import SEE_PEOPLE, has_role


@login_required
def home(request):
    """Government viewers see aggregates only; everyone else starts at the registry."""
    if has_role(request.user, SEE_PEOPLE):
        return redirect("people:list")
    return redirect("overview:index")
