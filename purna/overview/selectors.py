"""People per quadrant per district: aggregates only, never names."""

from django.db.models import Count

from purna.accounts.access import area_q, sees_exact_counts
from purna.core.privacy import suppress_row
from purna.people.models import Person

QUADRANTS = ("I", "II", "III", "IV")
COLUMNS = (*QUADRANTS, "")  # "" = not classified yet


def quadrant_counts(user, *, district: str = "", quadrant: str = "") -> list[dict]:
    """One row per district of the user's area that has people, with counts per quadrant.

    Users who may not list the people get small counts hidden (None): with religion and
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
        .order_by()
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
    exact = sees_exact_counts(user)
    result = sorted(rows.values(), key=lambda r: r["name"])
    for row in result:
        cells = {**row["counts"], "total": sum(row["counts"].values())}
        if not exact:
            cells = suppress_row(cells)
        row["total"] = cells.pop("total")
        row["counts"] = cells
    return result


def column_totals(rows: list[dict]) -> dict:
    """Totals per quadrant; a column with any suppressed cell is not totalled."""
    totals = {}
    for column in (*COLUMNS, "total"):
        values = [r["total"] if column == "total" else r["counts"][column] for r in rows]
        totals[column] = None if any(v is None for v in values) else sum(values)
    return totals
