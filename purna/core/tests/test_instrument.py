from fractions import Fraction

import pytest

from purna.core.instrument import (
    BUSINESS_SECTORS,
    DEFAULT_INSTRUMENT,
    SCALE,
    Axis,
    Instrument,
    Item,
)

REVERSED_CODES = {"E05", "E07", "S06"}


def test_default_instrument_codes_and_axes():
    assert DEFAULT_INSTRUMENT.version == 1
    assert DEFAULT_INSTRUMENT.threshold == 50.0
    assert DEFAULT_INSTRUMENT.min_answered == Fraction(4, 5)
    business = [item.code for item in DEFAULT_INSTRUMENT.items_for(Axis.BUSINESS)]
    sakinah = [item.code for item in DEFAULT_INSTRUMENT.items_for(Axis.SAKINAH)]
    assert business == [f"E{n:02d}" for n in range(1, 11)]
    assert sakinah == [f"S{n:02d}" for n in range(1, 9)]
    assert DEFAULT_INSTRUMENT.codes == tuple(business + sakinah)


def test_only_the_negative_statements_are_reversed():
    reversed_codes = {item.code for item in DEFAULT_INSTRUMENT.items if item.reversed}
    assert reversed_codes == REVERSED_CODES


def test_every_item_has_both_wordings_as_single_sentences():
    for item in DEFAULT_INSTRUMENT.items:
        for text in (item.text_id, item.text_en):
            assert text.strip() == text and text.endswith(".")
            assert "  " not in text
        assert item.text_id != item.text_en


def test_worship_wording_fits_any_religion():
    worship = {item.code: item.text_id for item in DEFAULT_INSTRUMENT.items}
    for code in ("S01", "S03", "S04"):
        assert "agama saya" in worship[code]
    for word in ("salat", "sholat", "shalat", "masjid", "gereja"):
        assert word not in worship["S01"].lower()


def test_items_for_accepts_the_string_value():
    assert DEFAULT_INSTRUMENT.items_for("sakinah") == DEFAULT_INSTRUMENT.items_for(Axis.SAKINAH)
    with pytest.raises(ValueError):
        DEFAULT_INSTRUMENT.items_for("health")


def test_scale_and_sectors():
    assert SCALE == (1, 2, 3, 4, 5)
    assert len(set(BUSINESS_SECTORS)) == len(BUSINESS_SECTORS)
    assert {"agriculture", "food", "retail", "other"} <= set(BUSINESS_SECTORS)


def item(code: str, axis: str = "business") -> Item:
    return Item(code, axis, False, "Teks.", "Text.")  # type: ignore[arg-type]


def test_item_axis_given_as_string_becomes_axis():
    assert item("X1", "sakinah").axis is Axis.SAKINAH
    with pytest.raises(ValueError):
        item("X1", "health")


def test_instrument_normalises_what_apps_pass_in():
    from_rows = {"items": [item("X1")], "threshold": 60, "min_answered": 0.8}
    instrument = Instrument(version=2, **from_rows)  # type: ignore[arg-type]
    assert instrument.items == (item("X1"),)
    assert instrument.threshold == 60.0
    # a float 0.8 must become exactly 4/5, or 8 of 10 answers would fall short
    assert instrument.min_answered == Fraction(4, 5)
    hash(instrument)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"items": (item("X1"), item("X1"))}, "duplicate_code"),
        ({"items": (item("X1"),), "threshold": 101}, "threshold"),
        ({"items": (item("X1"),), "threshold": -1}, "threshold"),
        ({"items": (item("X1"),), "min_answered": 0}, "min_answered"),
        ({"items": (item("X1"),), "min_answered": Fraction(6, 5)}, "min_answered"),
    ],
)
def test_instrument_rejects_inconsistent_settings(kwargs, reason):
    with pytest.raises(ValueError, match=reason):
        Instrument(version=9, **kwargs)
