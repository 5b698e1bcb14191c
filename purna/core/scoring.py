"""Scoring the instrument: raw answers -> axis scores (0-100) -> quadrant.

An axis score is the mean answer rescaled so 1 -> 0 and 5 -> 100. It is computed with
exact fractions: scores sit on a threshold (all 3s gives exactly 50) and a float that
lands at 49.99999 or 50.00001 would put a family in the wrong quadrant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from purna.core.instrument import (
    DEFAULT_MIN_ANSWERED,
    SCALE,
    Axis,
    Instrument,
    Item,
    as_fraction,
)
from purna.core.quadrants import Quadrant, is_high, quadrant_for

__all__ = [
    "NOT_WHOLE_1_5",
    "Classification",
    "InvalidAnswer",
    "axis_score",
    "classify",
    "is_high",
    "item_value",
    "parse_answer",
]

NOT_WHOLE_1_5 = "not_whole_1_5"

# Digits with an optional decimal part; no sign, exponent, or non-ASCII digits.
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?")


class InvalidAnswer(ValueError):
    """An answer that is not a whole number from 1 to 5; `value` is what was given."""

    def __init__(self, value: object, reason: str = NOT_WHOLE_1_5) -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value


def parse_answer(raw: object) -> int | None:
    """1-5, or None when unanswered (None, "" or blanks).

    Spreadsheets and forms deliver "4", " 4 ", 4.0 or "4.0" for the same answer; all are
    accepted. Anything that is not a whole 1-5 raises InvalidAnswer rather than being
    rounded, because a 2.5 or a 0 means the sheet was filled in against another scale.
    Booleans are refused although Python counts True as 1: a ticked box is not a rating.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise InvalidAnswer(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if not _NUMBER.fullmatch(text):
            raise InvalidAnswer(raw)
        number: object = Decimal(text)
    elif isinstance(raw, int | float | Decimal | Fraction):
        number = raw
    else:
        raise InvalidAnswer(raw)
    try:
        value = Fraction(number)  # type: ignore[arg-type]
    except (ValueError, OverflowError):  # NaN, infinity
        raise InvalidAnswer(raw) from None
    if value.denominator != 1 or value not in SCALE:
        raise InvalidAnswer(raw)
    return int(value)


def item_value(value: int, reversed: bool) -> int:
    """The answer's contribution: a reversed item counts as 6 - value."""
    if isinstance(value, bool) or value not in SCALE:
        raise InvalidAnswer(value)
    return SCALE[-1] + SCALE[0] - value if reversed else value


def axis_score(
    answers: Mapping[str, int | None],
    items: Sequence[Item],
    min_answered: Fraction = DEFAULT_MIN_ANSWERED,
) -> float | None:
    """0-100, or None when too few items were answered to be fair.

    Unanswered items are left out of the mean rather than counted as neutral, so a skipped
    question neither raises nor lowers the score; min_answered limits how many may be
    skipped (of 10 items 8 must be answered, of 8 items 7).
    """
    if not items:
        return None
    values = [
        item_value(answer, item.reversed)
        for item in items
        if (answer := answers.get(item.code)) is not None
    ]
    if not values or Fraction(len(values), len(items)) < as_fraction(min_answered):
        return None
    low, high = SCALE[0], SCALE[-1]
    mean = Fraction(sum(values), len(values))
    return float((mean - low) / (high - low) * 100)


@dataclass(frozen=True)
class Classification:
    business_score: float | None
    sakinah_score: float | None
    quadrant: Quadrant | None

    @property
    def complete(self) -> bool:
        return self.business_score is not None and self.sakinah_score is not None


def classify(answers: Mapping[str, int | None], instrument: Instrument) -> Classification:
    """Both axis scores and the quadrant. Answers to codes not in the instrument are ignored
    (an import may carry extra columns)."""
    business = axis_score(answers, instrument.items_for(Axis.BUSINESS), instrument.min_answered)
    sakinah = axis_score(answers, instrument.items_for(Axis.SAKINAH), instrument.min_answered)
    return Classification(
        business_score=business,
        sakinah_score=sakinah,
        quadrant=quadrant_for(business, sakinah, instrument.threshold),
    )
