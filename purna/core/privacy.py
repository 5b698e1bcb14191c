"""Small-cell suppression for aggregate reports.

Government viewers see counts per village, quadrant, religion and so on. A count of 1 or 2
in a small village points at one family, and religious practice and family conflict are
specific personal data under UU 27/2022, so small counts are hidden.
"""

from __future__ import annotations

from collections.abc import Mapping

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


def suppress_row(
    cells: Mapping[str, int], *, total: str = "total", k: int = SMALL_CELL
) -> dict[str, int | None]:
    """Small-cell suppression for a row whose `total` is the sum of its other cells.

    Hiding one small cell is not enough while the total is shown: the total minus the
    visible cells gives it back. So when exactly one cell is hidden, the smallest other
    non-zero cell is hidden too (secondary suppression).
    """
    shown: dict[str, int | None] = {name: suppress_small(n, k) for name, n in cells.items()}
    parts = [name for name in cells if name != total]
    hidden = [name for name in parts if shown[name] is None]
    if len(hidden) == 1 and shown.get(total) is not None:
        others = [name for name in parts if name not in hidden and cells[name] > 0]
        # The total is >= k and the hidden cell < k, so another non-zero cell exists.
        shown[min(others, key=lambda name: cells[name])] = None
    return shown
