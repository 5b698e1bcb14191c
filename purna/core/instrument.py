"""The identification instrument: the statements a returnee rates from 1 to 5.

Two axes, as in the paper: business ability (kemampuan usaha) and sakinah ability
(religious practice, family life and social ties). Some statements are worded so that
agreeing means LESS ability (fear of failure, shame, unresolved conflict); they are
reversed when scored. Mixing directions keeps people who agree with everything from
landing in quadrant IV by default.

Statements are kept here, not in a translation catalogue, because the wording is part of
the instrument: changing a word changes what is measured, so a new wording means a new
version, and old answers keep meaning what they meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

SCALE = (1, 2, 3, 4, 5)  # 1 sangat tidak setuju ... 5 sangat setuju

# The share of an axis's items that must be answered before its score is fair.
DEFAULT_MIN_ANSWERED = Fraction(4, 5)
DEFAULT_THRESHOLD = 50.0


class Axis(StrEnum):
    BUSINESS = "business"
    SAKINAH = "sakinah"


@dataclass(frozen=True)
class Item:
    code: str
    axis: Axis
    reversed: bool  # agreeing means less ability
    text_id: str
    text_en: str

    def __post_init__(self) -> None:
        # Apps store the axis as a plain string; accept it, but only a known one.
        object.__setattr__(self, "axis", Axis(self.axis))
        if not self.code:
            raise ValueError("code")


def as_fraction(value: Fraction | Decimal | float | int | str) -> Fraction:
    """An exact fraction; a float is read as the decimal it prints as.

    Fraction(0.8) is 0.8000000000000000444..., which would make 8 answers out of 10 fall
    short of an 80% rule. Reading the float through its repr gives exactly 4/5.
    """
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


@dataclass(frozen=True)
class Instrument:
    version: int
    items: tuple[Item, ...]
    threshold: float = DEFAULT_THRESHOLD
    min_answered: Fraction = DEFAULT_MIN_ANSWERED

    def __post_init__(self) -> None:
        # Apps build instruments from rows (lists, Decimals); normalise so that
        # instances compare and hash by value and the scoring stays exact.
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "threshold", float(self.threshold))
        object.__setattr__(self, "min_answered", as_fraction(self.min_answered))
        codes = self.codes
        if len(set(codes)) != len(codes):
            raise ValueError("duplicate_code")
        if not 0 <= self.threshold <= 100:
            raise ValueError("threshold")
        if not 0 < self.min_answered <= 1:
            raise ValueError("min_answered")

    def items_for(self, axis: Axis | str) -> tuple[Item, ...]:
        axis = Axis(axis)
        return tuple(item for item in self.items if item.axis == axis)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)


def _business(code: str, text_id: str, text_en: str, *, reversed: bool = False) -> Item:
    return Item(code, Axis.BUSINESS, reversed, text_id, text_en)


def _sakinah(code: str, text_id: str, text_en: str, *, reversed: bool = False) -> Item:
    return Item(code, Axis.SAKINAH, reversed, text_id, text_en)


DEFAULT_INSTRUMENT = Instrument(
    version=1,
    threshold=DEFAULT_THRESHOLD,
    items=(
        _business(
            "E01",
            "Saya tahu cara memulai dan menjalankan usaha kecil.",
            "I know how to start and run a small business.",
        ),
        _business(
            "E02",
            "Saya lebih memilih membuka usaha sendiri daripada bekerja lagi di luar negeri.",
            "I would rather run my own business than work abroad again.",
        ),
        _business(
            "E03",
            "Saya pernah mencoba menjalankan usaha.",
            "I have tried running a business before.",
        ),
        _business(
            "E04",
            "Saya berniat memulai atau mengembangkan usaha dalam 12 bulan ke depan.",
            "I intend to start or grow a business in the next 12 months.",
        ),
        _business(
            "E05",
            "Rasa takut gagal membuat saya ragu untuk memulai usaha.",
            "Fear of failing holds me back from starting a business.",
            reversed=True,
        ),
        _business(
            "E06",
            "Saya punya modal, atau tahu di mana bisa mendapatkan modal usaha.",
            "I have capital, or I know where I can get capital for a business.",
        ),
        _business(
            "E07",
            "Saya malu kalau harus berjualan di desa sendiri.",
            "I would feel ashamed to trade in my own village.",
            reversed=True,
        ),
        _business(
            "E08",
            "Kalau ada masalah, saya terus berusaha dan tidak mudah menyerah.",
            "When problems come, I keep trying and do not give up easily.",
        ),
        _business(
            "E09",
            "Saya yakin usaha yang saya jalankan bisa berhasil.",
            "I am confident that a business I run can succeed.",
        ),
        _business(
            "E10",
            "Saya merencanakan agar uang kiriman dan tabungan dipakai untuk hal yang "
            "menghasilkan, seperti usaha.",
            "I plan for my remittances and savings to go to things that earn an income, "
            "such as a business.",
        ),
        _sakinah(
            "S01",
            "Saya rutin menjalankan ibadah sesuai agama saya.",
            "I regularly practise the worship of my religion.",
        ),
        _sakinah(
            "S02",
            "Saya merasa tenang dan damai ketika beribadah.",
            "I feel calm and at peace when I worship.",
        ),
        _sakinah(
            "S03",
            "Saya memahami ajaran agama saya tentang kehidupan berkeluarga.",
            "I understand what my religion teaches about family life.",
        ),
        _sakinah(
            "S04",
            "Saya rutin bersedekah, berinfak, berzakat, atau memberi sumbangan lain "
            "sesuai agama saya.",
            "I regularly give to charity (sedekah, infaq, zakat or the equivalent in my religion).",
        ),
        _sakinah(
            "S05",
            "Dalam keluarga kami, hal-hal penting diputuskan bersama lewat musyawarah.",
            "In our family, important things are decided together by talking them "
            "through (musyawarah).",
        ),
        _sakinah(
            "S06",
            "Pertengkaran dalam keluarga kami sering dibiarkan tanpa penyelesaian.",
            "Quarrels in our family are often left unresolved.",
            reversed=True,
        ),
        _sakinah(
            "S07",
            "Saya ikut kegiatan masyarakat, seperti pengajian atau kegiatan keagamaan "
            "lain, arisan, dan kerja bakti.",
            "I take part in community activities, such as religious gatherings "
            "(pengajian or the like), arisan and kerja bakti.",
        ),
        _sakinah(
            "S08",
            "Saya rukun dengan tetangga dan bisa meminta tolong kepada mereka saat perlu.",
            "I get on well with my neighbours and can ask them for help when I need it.",
        ),
    ),
)

# Choices for the unscored "business interests" (minat usaha) question.
BUSINESS_SECTORS = (
    "agriculture",
    "livestock",
    "fisheries",
    "food",
    "retail",
    "crafts",
    "services",
    "transport",
    "tailoring",
    "other",
)
