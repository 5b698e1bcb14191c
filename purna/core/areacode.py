"""Kemendagri area codes: province "35", regency "35.02", district "35.02.17",
village "35.02.17.1001".

Imports bring codes in both forms (dotted from the official lists, undotted from other
systems and spreadsheets), so everything is normalised to the dotted form before it is
stored or compared.
"""

from __future__ import annotations

import re

PROVINCE = "province"
REGENCY = "regency"
DISTRICT = "district"
VILLAGE = "village"
LEVELS = (PROVINCE, REGENCY, DISTRICT, VILLAGE)

SHAPE = "shape"  # the only InvalidAreaCode reason

_WIDTHS = (2, 2, 2, 4)
_DOTTED = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")
_UNDOTTED = re.compile(r"[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10}")


class InvalidAreaCode(ValueError):
    """Not a province, regency, district or village code; `reason` is "shape"."""

    def __init__(self, reason: str = SHAPE) -> None:
        super().__init__(reason)
        self.reason = reason


def _segments(value: str | int) -> list[str]:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidAreaCode()
    # Spreadsheets turn "3502" into the number 3502; codes never start with 0.
    text = str(value).strip()
    if _DOTTED.fullmatch(text):
        segments = text.split(".")
    elif _UNDOTTED.fullmatch(text):
        segments, start = [], 0
        for width in _WIDTHS:
            if start < len(text):
                segments.append(text[start : start + width])
                start += width
    else:
        raise InvalidAreaCode()
    # No official segment is all zeros; "00" is a blank cell padded by some tool.
    if any(set(segment) == {"0"} for segment in segments):
        raise InvalidAreaCode()
    return segments


def normalise_area_code(value: str | int) -> str:
    """The canonical dotted form of a code given dotted or undotted."""
    return ".".join(_segments(value))


def area_level(code: str | int) -> str:
    """ "province", "regency", "district" or "village"."""
    return LEVELS[len(_segments(code)) - 1]


def parent_code(code: str | int) -> str | None:
    """The dotted code one level up; None for a province."""
    segments = _segments(code)
    return ".".join(segments[:-1]) or None
