from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core.instrument import DEFAULT_INSTRUMENT, Axis, Instrument, Item
from purna.core.quadrants import Quadrant
from purna.core.scoring import (
    Classification,
    InvalidAnswer,
    axis_score,
    classify,
    is_high,
    item_value,
    parse_answer,
)

BUSINESS = DEFAULT_INSTRUMENT.items_for(Axis.BUSINESS)  # 10 items
SAKINAH = DEFAULT_INSTRUMENT.items_for(Axis.SAKINAH)  # 8 items


def at_level(items, level: int) -> dict[str, int]:
    """Answers that express `level` of ability on every item (reversed items inverted)."""
    return {item.code: 6 - level if item.reversed else level for item in items}


def answered(items, count: int, level: int = 4) -> dict[str, int | None]:
    answers: dict[str, int | None] = at_level(items, level)
    for item in items[count:]:
        answers[item.code] = None
    return answers


# parse_answer


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (1, 1),
        (5, 5),
        ("3", 3),
        (" 4 ", 4),
        ("4\n", 4),
        ("3.0", 3),
        ("2.", 2),
        ("5.000", 5),
        (3.0, 3),
        (Decimal("2.0"), 2),
        (Fraction(10, 2), 5),
    ],
)
def test_parse_answer_accepts_whole_numbers_1_to_5(raw, value):
    result = parse_answer(raw)
    assert result == value and type(result) is int


@pytest.mark.parametrize("raw", [None, "", "   ", "\t"])
def test_parse_answer_blank_is_unanswered(raw):
    assert parse_answer(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        0,
        6,
        -1,
        "0",
        "6",
        "2.5",
        2.5,
        "abc",
        "3 4",
        "+3",
        "-3",
        "3e0",
        "٣",  # Arabic-Indic three: int() would accept it, a rating sheet should not
        ".5",
        True,
        False,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        [3],
        b"3",
    ],
)
def test_parse_answer_rejects_everything_else(raw):
    with pytest.raises(InvalidAnswer) as caught:
        parse_answer(raw)
    assert caught.value.reason == "not_whole_1_5"
    assert str(caught.value) == "not_whole_1_5"
    assert caught.value.value is raw
    assert isinstance(caught.value, ValueError)


@given(st.integers(-1000, 1000))
def test_parse_answer_on_integers_accepts_exactly_the_scale(number):
    if 1 <= number <= 5:
        assert parse_answer(number) == number
        assert parse_answer(str(number)) == number
    else:
        with pytest.raises(InvalidAnswer):
            parse_answer(number)


# item_value


def test_item_value_plain_and_reversed():
    assert [item_value(v, False) for v in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 5]
    assert [item_value(v, True) for v in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]


@pytest.mark.parametrize("value", [0, 6, True])
def test_item_value_rejects_values_off_the_scale(value):
    with pytest.raises(InvalidAnswer):
        item_value(value, False)


# axis_score


def test_all_neutral_answers_score_exactly_50():
    assert axis_score({item.code: 3 for item in BUSINESS}, BUSINESS) == 50.0


def test_extremes_score_0_and_100_with_reversed_items_inverted():
    assert axis_score(at_level(BUSINESS, 5), BUSINESS) == 100.0
    assert axis_score(at_level(BUSINESS, 1), BUSINESS) == 0.0
    # agreeing with everything is not top ability: E05 and E07 count against
    all_fives = axis_score({item.code: 5 for item in BUSINESS}, BUSINESS)
    assert all_fives == pytest.approx(80.0)


def test_reversed_item_counts_as_six_minus_value():
    items = [
        Item("A", Axis.BUSINESS, False, "a.", "a."),
        Item("B", Axis.BUSINESS, True, "b.", "b."),
    ]
    # A=5, B=1 reversed -> 5: mean 5
    assert axis_score({"A": 5, "B": 1}, items, Fraction(1)) == 100.0
    # A=5, B=5 reversed -> 1: mean 3
    assert axis_score({"A": 5, "B": 5}, items, Fraction(1)) == 50.0


def test_score_is_exact_for_thirds():
    # 9 answered business items, sum 28 -> mean 28/9 -> (19/9)/4*100 = 475/9
    answers: dict[str, int | None] = {item.code: item_value(3, item.reversed) for item in BUSINESS}
    answers["E01"] = 4
    answers["E10"] = None
    assert axis_score(answers, BUSINESS) == float(Fraction(475, 9))


@pytest.mark.parametrize(
    ("items", "enough", "too_few"),
    [(BUSINESS, 8, 7), (SAKINAH, 7, 6)],
    ids=["business-10-items", "sakinah-8-items"],
)
def test_eighty_percent_boundary(items, enough, too_few):
    assert len(items) in (10, 8)
    assert axis_score(answered(items, enough), items) == 75.0
    assert axis_score(answered(items, too_few), items) is None


def test_missing_keys_and_none_both_count_as_unanswered():
    answers = answered(BUSINESS, 8)
    without_keys = {code: v for code, v in answers.items() if v is not None}
    assert axis_score(without_keys, BUSINESS) == axis_score(answers, BUSINESS) == 75.0
    del without_keys["E01"]
    assert axis_score(without_keys, BUSINESS) is None


def test_unanswered_items_do_not_pull_the_score_to_neutral():
    answers = answered(BUSINESS, 8, level=5)
    assert axis_score(answers, BUSINESS) == 100.0


def test_min_answered_given_as_float_is_read_exactly():
    assert axis_score(answered(BUSINESS, 8), BUSINESS, 0.8) == 75.0  # type: ignore[arg-type]


def test_custom_min_answered():
    assert axis_score(answered(BUSINESS, 5), BUSINESS, Fraction(1, 2)) == 75.0
    assert axis_score(answered(BUSINESS, 9), BUSINESS, Fraction(1)) is None
    assert axis_score(answered(BUSINESS, 10), BUSINESS, Fraction(1)) == 75.0


def test_no_items_or_no_answers_is_unscored():
    assert axis_score({}, BUSINESS) is None
    assert axis_score({"E01": 5}, []) is None


def test_invalid_stored_answer_raises():
    answers = at_level(BUSINESS, 3)
    answers["E01"] = 7
    with pytest.raises(InvalidAnswer):
        axis_score(answers, BUSINESS)


# is_high


def test_exactly_the_threshold_is_low():
    assert is_high(50.0, 50.0) is False
    assert is_high(50.0001, 50.0) is True
    assert is_high(50.0, 49.9) is True
    assert is_high(49.9999, 50.0) is False


# classify


@pytest.mark.parametrize(
    ("business_level", "sakinah_level", "quadrant"),
    [(2, 2, Quadrant.I), (4, 2, Quadrant.II), (2, 4, Quadrant.III), (4, 4, Quadrant.IV)],
)
def test_classify_each_quadrant(business_level, sakinah_level, quadrant):
    answers = at_level(BUSINESS, business_level) | at_level(SAKINAH, sakinah_level)
    result = classify(answers, DEFAULT_INSTRUMENT)
    assert result == Classification(
        business_score=(business_level - 1) * 25.0,
        sakinah_score=(sakinah_level - 1) * 25.0,
        quadrant=quadrant,
    )
    assert result.complete


def test_all_neutral_family_lands_in_quadrant_one():
    answers = {code: 3 for code in DEFAULT_INSTRUMENT.codes}
    result = classify(answers, DEFAULT_INSTRUMENT)
    assert (result.business_score, result.sakinah_score) == (50.0, 50.0)
    assert result.quadrant is Quadrant.I


def test_threshold_just_below_fifty_makes_neutral_high():
    lenient = Instrument(version=99, items=DEFAULT_INSTRUMENT.items, threshold=49.9)
    answers = {code: 3 for code in lenient.codes}
    assert classify(answers, lenient).quadrant is Quadrant.IV


def test_classify_incomplete_has_no_quadrant():
    answers = at_level(BUSINESS, 5) | answered(SAKINAH, 6)
    result = classify(answers, DEFAULT_INSTRUMENT)
    assert result.business_score == 100.0
    assert result.sakinah_score is None
    assert result.quadrant is None
    assert not result.complete
    empty = classify({}, DEFAULT_INSTRUMENT)
    assert empty == Classification(None, None, None) and not empty.complete


def test_classify_ignores_unknown_codes():
    answers = at_level(BUSINESS, 4) | at_level(SAKINAH, 4)
    noisy = answers | {"X99": 1, "nama": None, "E11": 5}
    assert classify(noisy, DEFAULT_INSTRUMENT) == classify(answers, DEFAULT_INSTRUMENT)


def test_classify_uses_the_instruments_min_answered():
    strict = Instrument(version=98, items=DEFAULT_INSTRUMENT.items, min_answered=Fraction(1))
    answers = answered(BUSINESS, 9) | at_level(SAKINAH, 4)
    assert classify(answers, DEFAULT_INSTRUMENT).complete
    assert not classify(answers, strict).complete


# properties

answer_values = st.one_of(st.none(), st.integers(1, 5))


@st.composite
def items_and_answers(draw, min_size=1):
    flags = draw(st.lists(st.booleans(), min_size=min_size, max_size=15))
    items = [Item(f"Q{i}", Axis.BUSINESS, flag, "t.", "t.") for i, flag in enumerate(flags)]
    answers = {item.code: draw(answer_values) for item in items}
    return items, answers


fractions_0_1 = st.fractions(min_value=0, max_value=1).filter(lambda f: f > 0)


@given(items_and_answers(min_size=0), fractions_0_1)
def test_axis_score_is_within_0_100_or_none(data, min_answered):
    items, answers = data
    score = axis_score(answers, items, min_answered)
    assert score is None or 0.0 <= score <= 100.0
    answered_count = sum(answers[item.code] is not None for item in items)
    scored = bool(items) and answered_count > 0 and answered_count >= min_answered * len(items)
    assert (score is not None) == scored


@given(items_and_answers(), st.data())
def test_reversing_an_item_and_answering_six_minus_v_keeps_the_score(data, more):
    items, answers = data
    index = more.draw(st.integers(0, len(items) - 1))
    flipped = items[index]
    items2 = list(items)
    items2[index] = Item(flipped.code, flipped.axis, not flipped.reversed, "t.", "t.")
    answers2 = dict(answers)
    if answers[flipped.code] is not None:
        answers2[flipped.code] = 6 - answers[flipped.code]
    assert axis_score(answers2, items2) == axis_score(answers, items)


@given(st.dictionaries(st.sampled_from(DEFAULT_INSTRUMENT.codes), answer_values))
def test_classify_quadrant_agrees_with_is_high(answers):
    result = classify(answers, DEFAULT_INSTRUMENT)
    if not result.complete:
        assert result.quadrant is None
        return
    high = (
        is_high(result.business_score, DEFAULT_INSTRUMENT.threshold),
        is_high(result.sakinah_score, DEFAULT_INSTRUMENT.threshold),
    )
    expected = {
        (False, False): Quadrant.I,
        (True, False): Quadrant.II,
        (False, True): Quadrant.III,
        (True, True): Quadrant.IV,
    }[high]
    assert result.quadrant is expected
