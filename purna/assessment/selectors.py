"""Read-only views of a person's assessments for screens and the API."""

from purna.core.assessments import SELF, divergent_axes, quadrant_history
from purna.core.quadrants import Quadrant
from purna.people.models import Person

from .models import Assessment, Axis, QuadrantPlacement


def assessment_rows(person: Person) -> list[dict]:
    """Every assessment, newest first, with the axes where it diverges from the current one."""
    assessments = list(
        person.assessments.select_related("instrument", "recorded_by").order_by(
            "-assessed_on", "-recorded_at", "-id"
        )
    )
    current = next((a for a in assessments if a.pk == person.current_assessment_id), None)
    rows = []
    for a in assessments:
        axes = divergent_axes(current, a) if current and a.pk != current.pk else []
        rows.append(
            {
                "assessment": a,
                "is_current": current is not None and a.pk == current.pk,
                "divergent": [Axis(str(axis)).label for axis in axes],
            }
        )
    return rows


def chart_points(rows: list[dict]) -> list[dict]:
    """Complete assessments as points on the two-axis chart (x business, y sakinah)."""
    return [
        {
            "x": round(r["assessment"].business_score, 1),
            "y": round(r["assessment"].sakinah_score, 1),
            "source": r["assessment"].get_source_display(),
            "date": r["assessment"].assessed_on.isoformat(),
            "current": r["is_current"],
        }
        for r in rows
        if r["assessment"].complete
    ]


def answers_table(assessment: Assessment) -> list[dict]:
    items = assessment.instrument.items.all()
    return [{"item": item, "value": assessment.answers.get(item.code)} for item in items]


def quadrant_path(rows: list[dict]) -> list[dict]:
    """The complete self assessments, oldest first: the family's way across the quadrants."""
    selves = [
        r["assessment"]
        for r in rows
        if r["assessment"].complete and r["assessment"].source == "self"
    ]
    selves.sort(key=lambda a: (a.assessed_on, a.recorded_at, a.pk))
    return [
        {
            "x": round(a.business_score, 1),
            "y": round(a.sakinah_score, 1),
            "date": a.assessed_on.isoformat(),
            "quadrant": a.quadrant,
        }
        for a in selves
    ]


def quadrant_histories(person_ids: list[int]) -> dict[int, list[Quadrant]]:
    """Each person's quadrants oldest first (complete self assessments and field-test
    placements), for many people in two queries."""
    selves: dict[int, list] = {pk: [] for pk in person_ids}
    for a in (
        Assessment.objects.filter(person_id__in=person_ids, source=SELF)
        .exclude(quadrant="")
        .only("id", "person_id", "source", "assessed_on", "recorded_at", "quadrant")
    ):
        selves[a.person_id].append(a)
    placed: dict[int, list] = {pk: [] for pk in person_ids}
    for p in QuadrantPlacement.objects.filter(person_id__in=person_ids):
        placed[p.person_id].append(p.as_core())
    return {
        pk: [Quadrant(q) for q in quadrant_history(selves[pk], placed[pk])] for pk in person_ids
    }
