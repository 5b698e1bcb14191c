from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .choices import districts_for, villages_for


@require_GET
@login_required
def options(request):
    """<option> lists for the village picker: districts of a regency, villages of a district."""
    level = request.GET.get("level")
    if level == "district":
        areas = districts_for(request.user, request.GET.get("picker_regency", ""))
    elif level == "village" and request.GET.get("picker_district"):
        areas = villages_for(request.user, request.GET["picker_district"])
    else:
        areas = []
    return render(request, "areas/options.html", {"areas": areas})
