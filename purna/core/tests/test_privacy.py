import pytest

from purna.core.privacy import SMALL_CELL, suppress_row, suppress_small


def test_small_counts_are_suppressed():
    assert SMALL_CELL == 5
    assert [suppress_small(n) for n in range(0, 8)] == [0, None, None, None, None, 5, 6, 7]


def test_zero_and_large_counts_are_shown():
    assert suppress_small(0) == 0
    assert suppress_small(12345) == 12345


def test_custom_k():
    assert suppress_small(9, k=10) is None
    assert suppress_small(10, k=10) == 10
    assert suppress_small(1, k=1) == 1
    assert suppress_small(1, k=2) is None


@pytest.mark.parametrize(("count", "k", "reason"), [(-1, 5, "count"), (3, 0, "k")])
def test_nonsense_inputs_raise(count, k, reason):
    with pytest.raises(ValueError, match=reason):
        suppress_small(count, k)


@pytest.mark.parametrize(
    "cells, expected",
    [
        # nothing small: nothing hidden
        ((5, 0, 0, 6, 0), (5, 0, 0, 6, 0, 11)),
        # two small cells hide each other
        ((3, 4, 0, 9, 0), (None, None, 0, 9, 0, 16)),
        # one small cell: the smallest other non-zero cell goes too
        ((1, 7, 0, 5, 9), (None, 7, 0, None, 9, 22)),
        # zeros stay visible
        ((0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0)),
        # a small total: every non-zero cell is small and hidden
        ((0, 0, 4, 0, 0), (0, 0, None, 0, 0, None)),
    ],
)
def test_suppress_row(cells, expected):
    names = ("I", "II", "III", "IV", "unclassified")
    row = dict(zip(names, cells, strict=True))
    row["total"] = sum(cells)
    shown = suppress_row(row)
    assert tuple(shown[name] for name in (*names, "total")) == expected


def test_no_hidden_count_can_be_recovered_from_the_total():
    """Whatever the row, the total minus the visible cells never equals a single hidden cell."""
    names = ("I", "II", "III", "IV", "unclassified")
    for a in range(0, 7):
        for b in range(0, 7):
            for c in (0, 1, 5, 12):
                row = dict(zip(names, (a, b, c, 0, 3), strict=True))
                row["total"] = sum(row.values())
                shown = suppress_row(row)
                hidden = [n for n in names if shown[n] is None]
                assert len(hidden) != 1 or shown["total"] is None, row
