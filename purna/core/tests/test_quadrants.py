import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core import scoring
from purna.core.quadrants import Quadrant, is_high, quadrant_for


@pytest.mark.parametrize(
    ("business", "sakinah", "quadrant"),
    [
        (10.0, 10.0, Quadrant.I),
        (90.0, 10.0, Quadrant.II),
        (10.0, 90.0, Quadrant.III),
        (90.0, 90.0, Quadrant.IV),
        (50.0, 50.0, Quadrant.I),  # exactly the threshold is low on both axes
        (50.0, 62.5, Quadrant.III),
        (62.5, 50.0, Quadrant.II),
        (100.0, 100.0, Quadrant.IV),
        (0.0, 0.0, Quadrant.I),
    ],
)
def test_quadrant_for(business, sakinah, quadrant):
    assert quadrant_for(business, sakinah, 50.0) is quadrant


def test_threshold_below_fifty_turns_neutral_into_high():
    assert quadrant_for(50.0, 50.0, 49.9) is Quadrant.IV


@pytest.mark.parametrize(("business", "sakinah"), [(None, 80.0), (80.0, None), (None, None)])
def test_no_quadrant_until_both_axes_are_scored(business, sakinah):
    assert quadrant_for(business, sakinah, 50.0) is None


def test_quadrant_values_are_the_roman_numerals():
    assert [q.value for q in Quadrant] == ["I", "II", "III", "IV"]
    assert Quadrant("III") is Quadrant.III and Quadrant.II == "II"


def test_scoring_exposes_the_same_is_high():
    assert scoring.is_high is is_high


scores = st.one_of(st.none(), st.floats(0, 100))


@given(scores, scores, st.floats(0, 100))
def test_quadrant_consistent_with_is_high_on_each_axis(business, sakinah, threshold):
    quadrant = quadrant_for(business, sakinah, threshold)
    if business is None or sakinah is None:
        assert quadrant is None
        return
    business_high = quadrant in (Quadrant.II, Quadrant.IV)
    sakinah_high = quadrant in (Quadrant.III, Quadrant.IV)
    assert business_high == is_high(business, threshold)
    assert sakinah_high == is_high(sakinah, threshold)


def test_quadrant_of_two_judgements():
    from purna.core.quadrants import Quadrant, quadrant_of

    assert quadrant_of(False, False) == Quadrant.I
    assert quadrant_of(True, False) == Quadrant.II
    assert quadrant_of(False, True) == Quadrant.III
    assert quadrant_of(True, True) == Quadrant.IV
