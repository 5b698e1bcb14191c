"""Small-cell suppression for aggregate reports.

Government viewers see counts per village, quadrant, religion and so on. A count of 1 or 2
in a small village points at one family, and religious practice and family conflict are
specific personal data under UU 27/2022, so small counts are hidden.
"""

from __future__ import annotations

SMALL_CELL = 5


def suppress_small(count: int, k: int = SMALL_CELL) -> int | None:
    """None for counts 1..k-1 (the app shows "<5"); 0 and counts >= k as they are.

    Zero is shown: "nobody" singles nobody out, and hiding it would make every empty
    cell look like a small one.
    """
    if count < 0:
        raise ValueError("count")
    if k < 1:
        raise ValueError("k")
    if 0 < count < k:
        return None
    return count
