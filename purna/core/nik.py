"""Indonesian NIK (Nomor Induk Kependudukan): shape rules and what the digits encode.

Layout of the 16 digits (1-based positions):
  1-6    region where the NIK was issued (province, regency, district)
  7-8    birth day; women add 40, so 41-71
  9-10   birth month
  11-12  last two digits of the birth year
  13-16  serial, never 0000

A NIK that passes these rules may still be mistyped into another valid NIK; only Dukcapil
can confirm it. The checks catch what field data actually suffers from: typos, truncated
numbers and swapped columns in imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Machine codes in InvalidNik.reason
FORMAT = "format"
BIRTH_DAY = "birth_day"
BIRTH_MONTH = "birth_month"
SERIAL = "serial"

# Codes returned by nik_mismatches
MISMATCH_BIRTH_DATE = "birth_date"
MISMATCH_SEX = "sex"

MALE = "L"  # laki-laki
FEMALE = "P"  # perempuan

_FEMALE_DAY_OFFSET = 40
# February gets 29 days: the NIK has no century, so any 29 February might be real.
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_SIXTEEN_DIGITS = re.compile(r"[0-9]{16}")  # ASCII only, unlike str.isdigit()


class InvalidNik(ValueError):
    """The value cannot be a NIK; `reason` is the rule that failed (a machine code)."""

    def __init__(self, reason: str) -> None:
        # The NIK itself stays out of the message: exceptions end up in logs and a NIK
        # is personal data.
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class NikInfo:
    nik: str
    region: str
    birth_day: int
    birth_month: int
    birth_year2: int
    sex: str
    serial: str


def normalise_nik(value: str | int) -> str:
    """The NIK as a string without surrounding whitespace; does not validate it.

    Spreadsheets hand NIKs over as numbers. A NIK never starts with 0 (province codes start
    at 11), so turning the number back into text loses nothing that was still there.
    """
    if isinstance(value, bool):
        raise InvalidNik(FORMAT)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidNik(FORMAT)
        return str(int(value))
    if isinstance(value, str):
        return value.strip()
    raise InvalidNik(FORMAT)


def parse_nik(value: str | int) -> NikInfo:
    """Check the NIK's shape and decode it; raises InvalidNik with the first rule broken."""
    nik = normalise_nik(value)
    if not _SIXTEEN_DIGITS.fullmatch(nik):
        raise InvalidNik(FORMAT)

    raw_day = int(nik[6:8])
    if 1 <= raw_day <= 31:
        day, sex = raw_day, MALE
    elif 1 + _FEMALE_DAY_OFFSET <= raw_day <= 31 + _FEMALE_DAY_OFFSET:
        day, sex = raw_day - _FEMALE_DAY_OFFSET, FEMALE
    else:
        raise InvalidNik(BIRTH_DAY)

    month = int(nik[8:10])
    if not 1 <= month <= 12:
        raise InvalidNik(BIRTH_MONTH)
    if day > _DAYS_IN_MONTH[month - 1]:
        raise InvalidNik(BIRTH_DAY)

    serial = nik[12:16]
    if serial == "0000":
        raise InvalidNik(SERIAL)

    return NikInfo(
        nik=nik,
        region=nik[:6],
        birth_day=day,
        birth_month=month,
        birth_year2=int(nik[10:12]),
        sex=sex,
        serial=serial,
    )


def nik_mismatches(nik: str | int, *, birth_date: date | None, sex: str | None) -> list[str]:
    """Which recorded facts disagree with a valid NIK: "birth_date" and/or "sex".

    A mismatch does not reject the NIK: the recorded birth date is often the wrong one
    (estimated, or copied from a passport), so the app flags the person for review.
    None (or "" for sex, a blank form field) means unknown and is not compared.
    Raises InvalidNik if the NIK itself is invalid, ValueError("sex") for a sex other
    than "L"/"P".
    """
    info = parse_nik(nik)
    mismatches: list[str] = []
    if birth_date is not None:
        recorded = (birth_date.day, birth_date.month, birth_date.year % 100)
        if recorded != (info.birth_day, info.birth_month, info.birth_year2):
            mismatches.append(MISMATCH_BIRTH_DATE)
    if sex:
        if sex not in (MALE, FEMALE):
            raise ValueError(MISMATCH_SEX)
        if sex != info.sex:
            mismatches.append(MISMATCH_SEX)
    return mismatches
