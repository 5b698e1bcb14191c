from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core.nik import (
    InvalidNik,
    NikInfo,
    nik_mismatches,
    normalise_nik,
    parse_nik,
)


def make_nik(
    *,
    region: str = "350217",
    day: int = 15,
    month: int = 8,
    year2: int = 85,
    female: bool = False,
    serial: str = "0001",
) -> str:
    """A NIK built from its parts; `day` is the raw two digits when female is False."""
    return f"{region}{day + (40 if female else 0):02d}{month:02d}{year2:02d}{serial}"


def reason_of(value: object) -> str:
    with pytest.raises(InvalidNik) as caught:
        parse_nik(value)  # type: ignore[arg-type]
    return caught.value.reason


def test_valid_male_nik_decodes_every_part():
    assert parse_nik("3502171508850001") == NikInfo(
        nik="3502171508850001",
        region="350217",
        birth_day=15,
        birth_month=8,
        birth_year2=85,
        sex="L",
        serial="0001",
    )


def test_valid_female_nik_has_day_minus_40_and_sex_p():
    info = parse_nik("3502175508850042")
    assert (info.birth_day, info.sex, info.serial) == (15, "P", "0042")


@pytest.mark.parametrize(
    ("raw_day", "day", "sex"),
    [(1, 1, "L"), (31, 31, "L"), (41, 1, "P"), (71, 31, "P")],
)
def test_day_range_edges_are_valid(raw_day, day, sex):
    info = parse_nik(make_nik(day=raw_day, month=1))
    assert (info.birth_day, info.sex) == (day, sex)


def test_surrounding_whitespace_is_stripped():
    assert parse_nik("  3502171508850001\n").nik == "3502171508850001"


def test_numbers_from_a_spreadsheet_are_accepted():
    assert parse_nik(3502171508850001).nik == "3502171508850001"


def test_february_29_is_valid_because_the_century_is_unknown():
    assert parse_nik(make_nik(day=29, month=2, year2=1)).birth_day == 29


@pytest.mark.parametrize(
    ("nik", "reason"),
    [
        (make_nik(day=0), "birth_day"),
        (make_nik(day=32), "birth_day"),
        (make_nik(day=40), "birth_day"),
        (make_nik(day=72), "birth_day"),
        (make_nik(day=99), "birth_day"),
        (make_nik(month=0), "birth_month"),
        (make_nik(month=13), "birth_month"),
        (make_nik(serial="0000"), "serial"),
        (make_nik(day=31, month=4), "birth_day"),
        (make_nik(day=30, month=2), "birth_day"),
        (make_nik(day=31, month=11, female=True), "birth_day"),
        ("350217150885000", "format"),
        ("35021715088500011", "format"),
        ("35021715O8850001", "format"),
        ("3502 1715 0885 0001", "format"),
        ("350217150885000\n1", "format"),
        ("３５０２１７１５０８８５０００１", "format"),  # full-width digits
        ("", "format"),
        ("   ", "format"),
    ],
)
def test_invalid_niks_raise_with_reason(nik, reason):
    assert reason_of(nik) == reason


def test_the_first_broken_rule_is_reported():
    # bad day and bad month: the day comes first in the number, so it is reported
    assert reason_of(make_nik(day=0, month=13)) == "birth_day"


def test_invalid_nik_is_a_value_error_and_keeps_the_nik_out_of_its_message():
    with pytest.raises(ValueError) as caught:
        parse_nik("3502170008850001")
    assert str(caught.value) == "birth_day"
    assert "3502170008850001" not in repr(caught.value)


@pytest.mark.parametrize("value", [None, True, 3.5, b"3502171508850001", ["x"]])
def test_non_text_values_are_format_errors(value):
    assert reason_of(value) == "format"


def test_normalise_nik():
    assert normalise_nik(" 3502171508850001 ") == "3502171508850001"
    assert normalise_nik(3502171508850001) == "3502171508850001"
    assert normalise_nik(3502171508850001.0) == "3502171508850001"
    # normalising does not validate: that is parse_nik's job
    assert normalise_nik(" 12 ") == "12"


def test_nik_mismatches_none_when_facts_agree():
    nik = make_nik(day=15, month=8, year2=85, female=True)
    assert nik_mismatches(nik, birth_date=date(1985, 8, 15), sex="P") == []


def test_nik_mismatches_unknown_facts_are_not_compared():
    assert nik_mismatches(make_nik(), birth_date=None, sex=None) == []
    assert nik_mismatches(make_nik(), birth_date=None, sex="") == []


@pytest.mark.parametrize(
    "birth_date",
    [date(1985, 8, 16), date(1985, 9, 15), date(1986, 8, 15), date(2085, 8, 16)],
)
def test_nik_mismatches_flags_day_month_or_year(birth_date):
    nik = make_nik(day=15, month=8, year2=85)
    assert nik_mismatches(nik, birth_date=birth_date, sex=None) == ["birth_date"]


def test_nik_mismatches_compares_only_two_digit_year():
    nik = make_nik(day=15, month=8, year2=5)
    assert nik_mismatches(nik, birth_date=date(2005, 8, 15), sex=None) == []
    assert nik_mismatches(nik, birth_date=date(1905, 8, 15), sex=None) == []


def test_nik_mismatches_flags_sex_and_both():
    female = make_nik(day=15, month=8, year2=85, female=True)
    assert nik_mismatches(female, birth_date=None, sex="L") == ["sex"]
    assert nik_mismatches(female, birth_date=date(1990, 1, 1), sex="L") == [
        "birth_date",
        "sex",
    ]


def test_nik_mismatches_female_day_is_compared_as_the_real_day():
    # 55 in the NIK is the 15th for a woman, not a mismatch with the 15th
    nik = make_nik(day=15, female=True)
    assert nik_mismatches(nik, birth_date=date(1985, 8, 15), sex=None) == []


def test_nik_mismatches_rejects_invalid_nik_and_unknown_sex():
    with pytest.raises(InvalidNik):
        nik_mismatches("123", birth_date=None, sex=None)
    with pytest.raises(ValueError, match="sex"):
        nik_mismatches(make_nik(), birth_date=None, sex="M")


@st.composite
def nik_parts(draw):
    month = draw(st.integers(1, 12))
    last_day = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return {
        "region": draw(st.from_regex(r"[1-9][0-9]{5}", fullmatch=True)),
        "day": draw(st.integers(1, last_day)),
        "month": month,
        "year2": draw(st.integers(0, 99)),
        "female": draw(st.booleans()),
        "serial": f"{draw(st.integers(1, 9999)):04d}",
    }


@given(nik_parts())
def test_parse_nik_round_trips_generated_valid_niks(parts):
    nik = make_nik(**parts)
    info = parse_nik(nik)
    assert info.nik == nik
    assert info.region == parts["region"]
    assert info.birth_day == parts["day"]
    assert info.birth_month == parts["month"]
    assert info.birth_year2 == parts["year2"]
    assert info.sex == ("P" if parts["female"] else "L")
    assert info.serial == parts["serial"]
    rebuilt = make_nik(
        region=info.region,
        day=info.birth_day,
        month=info.birth_month,
        year2=info.birth_year2,
        female=info.sex == "P",
        serial=info.serial,
    )
    assert rebuilt == nik
    assert parse_nik(int(nik)) == info


@given(st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_any_sixteen_digits_either_decode_consistently_or_fail_with_a_known_reason(nik):
    try:
        info = parse_nik(nik)
    except InvalidNik as exc:
        assert exc.reason in {"birth_day", "birth_month", "serial"}
    else:
        assert info.nik == nik
        assert 1 <= info.birth_day <= 31 and 1 <= info.birth_month <= 12
        assert info.serial != "0000"
