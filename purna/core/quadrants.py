"""The four quadrants of the model: business ability x sakinah ability.

- I: business low, sakinah low
- II: business high, sakinah low
- III: business low, sakinah high
- IV: business high, sakinah high (the target state)
"""

from __future__ import annotations

from enum import StrEnum


class Quadrant(StrEnum):
    I = "I"  # noqa: E741 - the model's own name for the quadrant
    II = "II"
    III = "III"
    IV = "IV"


_BY_LEVEL = {
    (False, False): Quadrant.I,
    (True, False): Quadrant.II,
    (False, True): Quadrant.III,
    (True, True): Quadrant.IV,
}


def is_high(score: float, threshold: float) -> bool:
    """Strictly above the threshold.

    Exactly the threshold counts as low: a neutral answer pattern (all 3s, score 50) is not
    evidence of ability, and wrongly skipping a module costs more than repeating one.
    Lives here rather than in scoring so quadrants need not import scoring (scoring
    imports quadrants); `purna.core.scoring.is_high` is the same function.
    """
    return score > threshold


def quadrant_for(
    business_score: float | None, sakinah_score: float | None, threshold: float
) -> Quadrant | None:
    """The quadrant, or None until both axes are scored."""
    if business_score is None or sakinah_score is None:
        return None
    return _BY_LEVEL[is_high(business_score, threshold), is_high(sakinah_score, threshold)]


def quadrant_of(business_high: bool, sakinah_high: bool) -> Quadrant:
    """The quadrant for two judgements, e.g. a field test's: business and sakinah confirmed."""
    return _BY_LEVEL[business_high, sakinah_high]
