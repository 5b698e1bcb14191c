import pytest

from purna.core.areacode import (
    InvalidAreaCode,
    area_level,
    normalise_area_code,
    parent_code,
)


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("35", "35"),
        ("3502", "35.02"),
        ("350217", "35.02.17"),
        ("3502171001", "35.02.17.1001"),
        ("35.02", "35.02"),
        ("35.02.17", "35.02.17"),
        ("35.02.17.1001", "35.02.17.1001"),
        ("  35.02.17.2005\t", "35.02.17.2005"),
        (" 3502172005 ", "35.02.17.2005"),
        (3502, "35.02"),  # a spreadsheet cell read as a number
    ],
)
def test_normalise_accepts_dotted_and_undotted(value, canonical):
    assert normalise_area_code(value) == canonical


@pytest.mark.parametrize(
    "value",
    [
        "",
        "3",
        "350",
        "35021",
        "3502171",
        "35021710",
        "350217100",
        "35021710011",
        "35.2",
        "35.02.17.101",
        "35.02.17.10011",
        "35.02.1001",
        "3502.17",  # half dotted
        "35..02",
        "35.02.",
        ".35",
        "35-02",
        "35 02",
        "ab.cd",
        "３５",  # full-width digits
        "00",
        "35.00",
        "35.02.00",
        "35.02.17.0000",
        None,
        True,
        35.02,
    ],
)
def test_invalid_shapes_raise(value):
    with pytest.raises(InvalidAreaCode) as caught:
        normalise_area_code(value)
    assert caught.value.reason == "shape"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("35", "province", None),
        ("35.02", "regency", "35"),
        ("3502", "regency", "35"),
        ("35.02.17", "district", "35.02"),
        ("35.02.17.1001", "village", "35.02.17"),
        ("3502171001", "village", "35.02.17"),
    ],
)
def test_level_and_parent(code, level, parent):
    assert area_level(code) == level
    assert parent_code(code) == parent


def test_level_and_parent_reject_invalid_codes():
    with pytest.raises(InvalidAreaCode):
        area_level("350")
    with pytest.raises(InvalidAreaCode):
        parent_code("35.2")
