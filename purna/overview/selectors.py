"""People per quadrant per district: aggregates only, never names."""

from django.db.models import Count

from purna.accounts.access import area_q
from purna.accounts.models import Role
from purna.core.privacy import suppress_small
from purna.people.models import Person

QUADRANTS = ("I", "II", "III", "IV")
COLUMNS = (*QUADRANTS, "")  # "" = not classified yet


def quadrant_counts(user, *, district: str = "", quadrant: str = "") -> list[dict]:
    """One row per district of the user's area with counts per quadrant.

    Government viewers get counts below five suppressed (None): with religion and
    family items behind each quadrant, a small count can single out a family.
    """
    people = Person.objects.filter(area_q(user))
    if district:
        people = people.filter(village__district=district)
    if quadrant:
        people = people.filter(quadrant="" if quadrant == "none" else quadrant)
    grouped = (
        people.values("village__district", "village__district__name", "quadrant")
        .annotate(n=Count("id"))
        .order_by("village__district")
    )
    rows: dict[str, dict] = {}
    for g in grouped:
        row = rows.setdefault(
            g["village__district"],
            {
                "code": g["village__district"],
                "name": g["village__district__name"],
                "counts": dict.fromkeys(COLUMNS, 0),
            },
        )
        row["counts"][g["quadrant"]] += g["n"]
    result = sorted(rows.values(), key=lambda r: r["name"])
    for row in result:
        row["total"] = sum(row["counts"].values())
    if user.role == Role.VIEWER:
        for row in result:
            row["counts"] = {k: suppress_small(v) for k, v in row["counts"].items()}
            row["total"] = suppress_small(row["total"])
    return result


def column_totals(rows: list[dict]) -> dict:
    """Totals per quadrant; a column with any suppressed cell is not totalled exactly."""
    totals = {}
    for column in (*COLUMNS, "total"):
        values = [r["total"] if column == "total" else r["counts"][column] for r in rows]
        totals[column] = None if any(v is None for v in values) else sum(values)
    return totals
