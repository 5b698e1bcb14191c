import pytest

from purna.core.privacy import SMALL_CELL, suppress_small


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
