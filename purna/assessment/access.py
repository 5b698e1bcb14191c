from django.shortcuts import get_object_or_404

from purna.accounts.access import DELETE_RECORDS, RECORD_ASSESSMENTS, require_role
from purna.people.access import people_for

from .models import Assessment


def assessment_for(user, pk: int, *, delete: bool = False) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("person", "instrument", "recorded_by").filter(
            person__in=people_for(user)
        ),
        pk=pk,
    )
    if delete:
        require_role(user, DELETE_RECORDS)
    return assessment


def require_recorder(user) -> None:
    require_role(user, RECORD_ASSESSMENTS)
