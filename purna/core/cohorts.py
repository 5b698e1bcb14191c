"""Cohort rules: who completes a module, and who is nearest to a venue."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .areacode import normalise_area_code


@dataclass(frozen=True)
class CompletionRule:
    min_attendance: Fraction = Fraction(3, 4)
    post_test_required: bool = True


DEFAULT_RULE = CompletionRule()


def has_completed(
    *, sessions: int, attended: int, post_test: float | None, rule: CompletionRule = DEFAULT_RULE
) -> bool:
    """At least the rule's share of the cohort's sessions attended (75% by default: 3 of 4,
    6 of 8) and, when the rule asks for it, a post-test recorded."""
    if sessions <= 0:
        return False
    if Fraction(attended, sessions) < rule.min_attendance:
        return False
    return post_test is not None or not rule.post_test_required


def area_distance(village_a: str, village_b: str) -> int:
    """0 same village, 1 same district, 2 same regency, 3 same province, 4 further."""
    a = normalise_area_code(village_a).split(".")
    b = normalise_area_code(village_b).split(".")
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return 4 - shared


def seats(capacity: int, enrolled: int) -> int:
    return max(capacity - enrolled, 0)
