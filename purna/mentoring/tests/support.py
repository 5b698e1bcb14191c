"""Helpers shared by the mentoring tests."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from purna.mentoring.models import MentoringPlan, PlanAction, Visit

# Who may see a family's mentoring records (the mentor persona assigned to it).
SEE = {
    "admin": 200,
    "coordinator": 200,
    "field_officer": 200,
    "mentor": 200,
    "viewer": 403,
    "outsider": 404,
    "peer_mentor": 403,
    "anonymous": 302,
}


def matrix(expected: dict[str, int]) -> list[tuple[str, int]]:
    return list(expected.items())


def photo(name="visit.jpg", fmt="JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_visit(person, visited_on: date, *, next_visit_on=None, recorded_by=None, **fields):
    """A visit written directly (the service is what other tests exercise)."""
    fields.setdefault("kind", Visit.Kind.HOME)
    fields.setdefault("topics", "Stock and prices")
    return Visit.objects.create(
        person=person,
        visited_on=visited_on,
        next_visit_on=next_visit_on,
        recorded_by=recorded_by,
        **fields,
    )


def make_plan(person, version=1, *, agreed_on=None, actions=1, **goals) -> MentoringPlan:
    goals.setdefault("business_goal", "Sell tempe at two markets")
    goals.setdefault("family_goal", "Eat together every evening")
    plan = MentoringPlan.objects.create(
        person=person, version=version, agreed_on=agreed_on, **goals
    )
    for n in range(actions):
        PlanAction.objects.create(
            plan=plan, description=f"Action {n + 1}", who="family", due_on=date(2026, 6, 1)
        )
    return plan
