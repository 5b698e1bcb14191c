"""/api/v1/overview: how many participants are in each quadrant, per district. Counts only."""

from django.http import HttpRequest
from ninja import Field, Router, Schema

from purna.accounts.access import SEE_AGGREGATES, require_role, sees_exact_counts
from purna.core.privacy import SMALL_CELL

from .selectors import quadrant_counts

router = Router(tags=["overview"])


class DistrictCounts(Schema):
    district_code: str
    district_name: str
    I: int | None  # noqa: E741 - the model's own name for the quadrant
    II: int | None
    III: int | None
    IV: int | None
    unclassified: int | None = Field(description="No complete self assessment yet")
    total: int | None


class Overview(Schema):
    suppressed: bool = Field(
        description=f"True when counts from 1 to {SMALL_CELL - 1} are hidden (null); then a "
        "second cell may be hidden too, so that no hidden count follows from the total"
    )
    districts: list[DistrictCounts]


@router.get("", response=Overview, url_name="overview", summary="Participants per quadrant")
def overview(request: HttpRequest):
    """Participants per quadrant in each district of your area that has any."""
    user = request.auth
    require_role(user, SEE_AGGREGATES)
    districts = [
        DistrictCounts(
            district_code=row["code"],
            district_name=row["name"],
            I=row["counts"]["I"],
            II=row["counts"]["II"],
            III=row["counts"]["III"],
            IV=row["counts"]["IV"],
            unclassified=row["counts"][""],
            total=row["total"],
        )
        for row in sorted(quadrant_counts(user), key=lambda r: r["code"])
    ]
    return Overview(suppressed=not sees_exact_counts(user), districts=districts)
