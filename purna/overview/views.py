from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from purna.accounts.access import SEE_AGGREGATES, district_q, require_role, sees_exact_counts
from purna.areas.models import District

from .selectors import QUADRANTS, column_totals, quadrant_counts


@login_required
@require_GET
def index(request):
    require_role(request.user, SEE_AGGREGATES)
    districts = (
        District.objects.filter(district_q(request.user))
        .filter(villages__people__isnull=False)
        .distinct()
        .order_by("name")
    )
    district = request.GET.get("district", "")
    quadrant = request.GET.get("quadrant", "")
    if district and not districts.filter(code=district).exists():
        district = ""
    if quadrant not in (*QUADRANTS, "none"):
        quadrant = ""
    rows = quadrant_counts(request.user, district=district, quadrant=quadrant)
    chart = {
        "labels": [r["name"] for r in rows],
        "datasets": [
            {
                "label": _("Quadrant %(q)s") % {"q": q},
                "data": [r["counts"][q] for r in rows],
                "quadrant": q,
            }
            for q in QUADRANTS
        ],
    }
    return render(
        request,
        "overview/index.html",
        {
            "rows": rows,
            "totals": column_totals(rows),
            "districts": districts,
            "district": district,
            "quadrant": quadrant,
            "quadrants": QUADRANTS,
            "chart": chart,
            "suppressed": not sees_exact_counts(request.user),
        },
    )
