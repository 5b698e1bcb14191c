"""The demo's returnees, generated as plain data from a fixed seed (no database here).

`people_plan` turns the villages of a regency into a list of `PersonPlan`s; `load.py`
writes them through the real services. The same villages always give the same plan, so
a second run finds every NIK already registered and changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from purna.core.instrument import BUSINESS_SECTORS, DEFAULT_INSTRUMENT, Axis, Instrument
from purna.core.pathways import (
    FIELD_VERIFICATION,
    MENTORING,
    MODULE_CODES,
    PEER_MENTOR,
    PRACTICE,
    pathway_for,
)
from purna.core.progress import Recorded, State, check_transition, plan_for
from purna.core.quadrants import Quadrant
from purna.core.scoring import Classification, classify

from . import names

SEED = 3502  # Ponorogo's regency code
PEOPLE = 200
WOMEN = 150  # most of Ponorogo's migrants are women in domestic and care work
# No demo record is dated later than this, whatever today's date is.
LAST_DAY = date(2026, 9, 30)
PROGRAMME_START = date(2024, 2, 1)

# Current quadrants among people with a complete self assessment (per cent).
QUADRANT_SHARES = {"I": 35, "II": 20, "III": 30, "IV": 15}
NOT_ASSESSED = 6  # registered, never interviewed (3 consented to registration only)
INCOMPLETE_ONLY = 5  # one half-filled self assessment: an axis is unscored
LATER_INCOMPLETE = 2  # a complete assessment, then a half-filled one that must not count
# Serials of people whose recorded birth date or sex disagrees with their NIK.
NIK_MISMATCHES = {23: "birth_date", 97: "birth_date", 158: "sex"}
MIN_PER_DISTRICT = 4

# How the answers lean, item by item, on the ability scale (before reversal): most people
# say they worship and get on with neighbours; few have tried a business or have capital.
ITEM_LEAN = {
    "E01": -0.3, "E02": 0.2, "E03": -0.5, "E04": 0.1, "E05": -0.2, "E06": -0.4, "E07": 0.3,
    "E08": 0.5, "E09": 0.2, "E10": 0.0,
    "S01": 0.6, "S02": 0.7, "S03": 0.2, "S04": 0.1, "S05": 0.0, "S06": 0.2, "S07": -0.1,
    "S08": 0.5,
}  # fmt: skip

RETURN_YEAR_WEIGHTS = {
    2019: 10, 2020: 16, 2021: 10, 2022: 14, 2023: 16, 2024: 16, 2025: 14, 2026: 6,
}  # fmt: skip
# The last destination; a first episode (a quarter of people went twice) was more often
# the Middle East or Malaysia: Saudi Arabia stopped taking new domestic workers in 2015.
DESTINATIONS = {
    "P": {"HK": 38, "TW": 34, "SG": 8, "MY": 11, "SA": 2, "KR": 3},
    "L": {"MY": 42, "KR": 28, "TW": 22, "SA": 5, "SG": 3},
}
FIRST_DESTINATIONS = {
    "P": {"SA": 25, "MY": 30, "HK": 25, "SG": 10, "TW": 10},
    "L": {"MY": 60, "SA": 25, "KR": 15},
}
# (sector, occupation, weight) by destination and sex.
WORK = {
    ("HK", "P"): [("domestic", "Pekerja rumah tangga", 75), ("caregiving", "Perawat lansia", 25)],
    ("TW", "P"): [
        ("caregiving", "Perawat lansia", 65),
        ("domestic", "Penata laksana rumah tangga", 20),
        ("manufacturing", "Operator pabrik", 15),
    ],
    ("SG", "P"): [("domestic", "Pekerja rumah tangga", 80), ("caregiving", "Perawat lansia", 20)],
    ("MY", "P"): [
        ("domestic", "Pekerja rumah tangga", 55),
        ("manufacturing", "Operator pabrik elektronik", 30),
        ("hospitality", "Pelayan restoran", 15),
    ],
    ("SA", "P"): [("domestic", "Pekerja rumah tangga", 100)],
    ("KR", "P"): [("manufacturing", "Operator pabrik", 100)],
    ("MY", "L"): [
        ("plantation", "Buruh kebun sawit", 40),
        ("construction", "Pekerja bangunan", 35),
        ("manufacturing", "Operator pabrik", 25),
    ],
    ("KR", "L"): [
        ("manufacturing", "Operator pabrik", 75),
        ("fishing", "Anak buah kapal perikanan", 15),
        ("plantation", "Buruh pertanian", 10),
    ],
    ("TW", "L"): [
        ("manufacturing", "Operator pabrik", 55),
        ("fishing", "Anak buah kapal perikanan", 35),
        ("construction", "Pekerja bangunan", 10),
    ],
    ("SA", "L"): [("domestic", "Sopir keluarga", 50), ("construction", "Pekerja bangunan", 50)],
    ("SG", "L"): [
        ("construction", "Pekerja bangunan", 60),
        ("manufacturing", "Pekerja galangan kapal", 40),
    ],
}
# Average monthly remittance (Rp) and contract length (years) by destination.
REMITTANCE = {
    "HK": (3_500_000, 7_500_000), "TW": (5_000_000, 10_000_000), "SG": (4_000_000, 7_000_000),
    "MY": (2_500_000, 5_000_000), "SA": (3_000_000, 5_000_000), "KR": (8_000_000, 15_000_000),
}  # fmt: skip
YEARS_ABROAD = {"HK": (2, 8), "TW": (3, 9), "SG": (2, 6), "MY": (2, 6), "SA": (2, 4), "KR": (3, 5)}
REMITTANCE_USES = {
    "house": 0.7, "vehicle": 0.45, "electronics": 0.4, "education": 0.4, "land": 0.15,
    "business": 0.18, "savings": 0.2, "debts": 0.15, "ceremonies": 0.1,
}  # fmt: skip
SKILLS = {
    "HK": ["memasak", "merawat lansia", "mengasuh anak", "bahasa Kanton", "bahasa Inggris"],
    "TW": ["merawat lansia", "bahasa Mandarin", "memasak", "merawat orang sakit"],
    "SG": ["memasak", "bahasa Inggris", "mengasuh anak", "membuat kue"],
    "MY": ["bahasa Melayu", "memasak", "menjahit", "pertukangan", "mengelas"],
    "SA": ["bahasa Arab", "memasak", "mengemudi"],
    "KR": ["bahasa Korea", "mengoperasikan mesin", "mengelas", "disiplin kerja pabrik"],
}
INTERESTS = {
    "P": {
        "food": 30, "retail": 20, "livestock": 12, "tailoring": 10, "agriculture": 10,
        "services": 8, "crafts": 6, "fisheries": 2, "transport": 1, "other": 1,
    },
    "L": {
        "livestock": 20, "agriculture": 18, "transport": 12, "retail": 12, "food": 10,
        "services": 10, "fisheries": 8, "crafts": 6, "other": 4,
    },
}  # fmt: skip
PHONE_PREFIXES = ("0812", "0813", "0821", "0822", "0852", "0853", "0856", "0857", "0877", "0895")
# Quadrants a re-assessed person may have come from, and how often they moved at all.
EARLIER = {
    "I": (["III"], 0.15),
    "II": (["I"], 0.45),
    "III": (["I"], 0.45),
    "IV": (["II", "III"], 0.6),
}


@dataclass(frozen=True)
class Member:
    full_name: str
    relation: str
    sex: str
    birth_date: date | None
    school_status: str = ""


@dataclass(frozen=True)
class Episode:
    destination: str
    sector: str
    occupation: str
    departed_on: date
    returned_on: date
    monthly_remittance: int
    remittance_uses: list[str]


@dataclass(frozen=True)
class AssessmentPlan:
    source: str
    assessed_on: date
    answers: dict[str, int | None]
    quadrant: str  # what the answers score to with the default instrument; "" if incomplete
    business_interests: list[str] = field(default_factory=list)
    skills_abroad: str = ""
    capital_available: int | None = None


@dataclass(frozen=True)
class StepPlan:
    code: str
    state: str
    reason: str = ""


@dataclass(frozen=True)
class WithdrawalPlan:
    reason: str
    on: date
    note: str = ""


@dataclass
class PersonPlan:
    nik: str
    full_name: str
    sex: str
    birth_date: date
    village: str
    phone: str
    registered_on: date
    consent_scopes: list[str]
    household: list[Member]
    episodes: list[Episode]
    assessments: list[AssessmentPlan]
    # Progress along the pathway, recorded after the assessments (see _progress_add).
    optional_modules: list[str] = field(default_factory=list)
    steps: list[StepPlan] = field(default_factory=list)
    withdrawal: WithdrawalPlan | None = None


def people_plan(
    villages_by_district: Mapping[str, Sequence[str]],
    *,
    seed: int = SEED,
    count: int = PEOPLE,
    instrument: Instrument = DEFAULT_INSTRUMENT,
) -> list[PersonPlan]:
    """`count` returnees spread over every district given ({district code: village codes})."""
    rng = random.Random(seed)
    villages = _villages_allocate(rng, villages_by_district, count)
    sexes = ["P"] * round(count * WOMEN / PEOPLE)
    sexes += ["L"] * (count - len(sexes))
    rng.shuffle(sexes)
    kinds = _assessment_kinds(rng, count)
    later_incomplete = set(
        rng.sample([i for i, k in enumerate(kinds) if k in QUADRANT_SHARES], LATER_INCOMPLETE)
    )

    plans: list[PersonPlan] = []
    used_names: set[str] = set()
    used_niks: set[str] = set()
    not_assessed = 0
    for index in range(count):
        sex, village, kind = sexes[index], villages[index], kinds[index]
        episodes = _episodes(rng, sex, business_minded=kind in ("II", "IV"))
        birth = _birth_date(rng, sex, episodes[0].departed_on)
        nik = _nik(rng, village, birth, sex, NIK_MISMATCHES.get(index), used_niks)
        full_name = _unique(lambda: names.adult_name(rng, sex), used_names)  # noqa: B023
        phone = _phone(rng) if rng.random() < 0.93 else ""
        household = _household(rng, sex, birth, episodes)
        earliest = max(episodes[-1].returned_on + timedelta(days=21), PROGRAMME_START)
        registered_on = _day_between(rng, earliest, LAST_DAY - timedelta(days=45))
        assessments = _assessments(
            rng, kind, sex=sex, registered_on=registered_on, episodes=episodes,
            household=household, instrument=instrument, later_incomplete=index in later_incomplete,
        )  # fmt: skip
        plans.append(
            PersonPlan(
                nik=nik,
                full_name=full_name,
                sex=sex,
                birth_date=birth,
                village=village,
                phone=phone,
                registered_on=registered_on,
                consent_scopes=_consent_scopes(
                    rng, phone, registration_only=kind == "none" and not_assessed < 3
                ),
                household=household,
                episodes=episodes,
                assessments=assessments,
            )  # fmt: skip
        )
        not_assessed += kind == "none"
    # A stream of its own, so progress can change without changing the people above.
    _progress_add(random.Random(f"{seed}:progress"), plans)
    return plans


def _villages_allocate(
    rng: random.Random, villages_by_district: Mapping[str, Sequence[str]], count: int
) -> list[str]:
    """A village per person: every district gets a few people, the rest roughly follows
    the number of villages; within a district people cluster in a few villages, as
    migration does (neighbours follow neighbours abroad)."""
    districts = sorted(villages_by_district)
    if count < MIN_PER_DISTRICT * len(districts):
        raise ValueError("too few people for the districts")
    per_district = dict.fromkeys(districts, MIN_PER_DISTRICT)
    weights = [len(villages_by_district[d]) for d in districts]
    for district in rng.choices(districts, weights, k=count - MIN_PER_DISTRICT * len(districts)):
        per_district[district] += 1
    chosen: list[str] = []
    for district in districts:
        pool = sorted(villages_by_district[district])
        cluster = rng.sample(pool, min(len(pool), rng.randint(3, 6)))
        cluster_weights = [rng.uniform(1, 4) for _ in cluster]
        # Every village of the cluster gets someone before the weights decide the rest.
        n = per_district[district]
        picks = cluster[:n] + rng.choices(cluster, cluster_weights, k=max(0, n - len(cluster)))
        chosen += picks
    rng.shuffle(chosen)
    return chosen


def _assessment_kinds(rng: random.Random, count: int) -> list[str]:
    """Per person: "none", "incomplete", or the quadrant their current assessment shows.

    Exact shares rather than random draws, so the demo always shows the intended mix."""
    assessed = count - NOT_ASSESSED - INCOMPLETE_ONLY
    quadrants = {q: round(assessed * share / 100) for q, share in QUADRANT_SHARES.items()}
    quadrants["I"] += assessed - sum(quadrants.values())
    kinds = ["none"] * NOT_ASSESSED + ["incomplete"] * INCOMPLETE_ONLY
    for quadrant, n in quadrants.items():
        kinds += [quadrant] * n
    rng.shuffle(kinds)
    return kinds


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _day_between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _rupiah(rng: random.Random, low: int, high: int, step: int = 250_000) -> int:
    return rng.randint(low // step, high // step) * step


def _unique(make: Callable[[], str], used: set[str]) -> str:
    for _ in range(100):
        value = make()
        if value not in used:
            used.add(value)
            return value
    raise RuntimeError("ran out of unique values")


def _episodes(rng: random.Random, sex: str, *, business_minded: bool) -> list[Episode]:
    """One or two stays abroad, oldest first; the last return falls in 2019-2026."""
    year = int(_weighted(rng, {str(y): w for y, w in RETURN_YEAR_WEIGHTS.items()}))
    last_day = date(2026, 6, 30) if year == 2026 else date(year, 12, 31)
    returned = _day_between(rng, date(year, 1, 1), last_day)
    destinations = [_weighted(rng, DESTINATIONS[sex])]
    if rng.random() < 0.25:
        destinations.insert(0, _weighted(rng, FIRST_DESTINATIONS[sex]))
    episodes: list[Episode] = []
    for destination in reversed(destinations):
        low, high = YEARS_ABROAD[destination]
        departed = returned - timedelta(days=rng.randint(low * 12, high * 12) * 30)
        sector, occupation = _work(rng, destination, sex)
        low_rp, high_rp = REMITTANCE[destination]
        episodes.insert(
            0,
            Episode(
                destination=destination,
                sector=sector,
                occupation=occupation,
                departed_on=departed,
                returned_on=returned,
                monthly_remittance=_rupiah(rng, low_rp, high_rp),
                remittance_uses=_remittance_uses(rng, business_minded),
            ),  # fmt: skip
        )
        # Home for a while between contracts.
        returned = departed - timedelta(days=rng.randint(4, 24) * 30)
    return episodes


def _work(rng: random.Random, destination: str, sex: str) -> tuple[str, str]:
    options = WORK.get((destination, sex)) or WORK[(destination, "P" if sex == "L" else "L")]
    sector, occupation, _ = rng.choices(options, [w for *_, w in options])[0]
    return sector, occupation


def _remittance_uses(rng: random.Random, business_minded: bool) -> list[str]:
    odds = dict(REMITTANCE_USES, business=0.5 if business_minded else REMITTANCE_USES["business"])
    uses = [use for use, p in odds.items() if rng.random() < p]
    return uses or ["house"]


def _birth_date(rng: random.Random, sex: str, first_departure: date) -> date:
    age = rng.randint(19, 34) if sex == "P" else rng.randint(20, 35)
    return first_departure - timedelta(days=age * 365 + rng.randint(0, 364))


def _nik(
    rng: random.Random, village: str, birth: date, sex: str, mismatch: str | None, used: set[str]
) -> str:
    """A valid NIK issued in the person's district. With `mismatch`, one that disagrees with
    the recorded birth date (a passport date typed in) or sex (a clerk's slip), as field
    data does; the app flags those people for review."""
    day, month, year = birth.day, birth.month, birth.year
    nik_sex = sex
    if mismatch == "birth_date":
        shifted = birth + timedelta(days=rng.choice([-400, -31, 12, 365]))
        day, month, year = shifted.day, shifted.month, shifted.year
    elif mismatch == "sex":
        nik_sex = "L" if sex == "P" else "P"
    region = village.rsplit(".", 1)[0].replace(".", "")
    coded_day = day + (40 if nik_sex == "P" else 0)
    prefix = f"{region}{coded_day:02d}{month:02d}{year % 100:02d}"
    return _unique(lambda: f"{prefix}{rng.randint(1, 300):04d}", used)


def _phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + "".join(
        str(rng.randint(0, 9)) for _ in range(rng.choice((7, 8)))
    )


def _household(rng: random.Random, sex: str, birth: date, episodes: list[Episode]) -> list[Member]:
    members: list[Member] = []
    roll = rng.random()
    married, has_children = roll < 0.78, roll < 0.88
    if married:
        spouse_sex = "L" if sex == "P" else "P"
        gap = rng.randint(0, 8 * 365) * (-1 if sex == "P" else 1)
        members.append(
            Member(names.adult_name(rng, spouse_sex), "spouse", spouse_sex, birth + timedelta(gap))
        )
    if has_children:
        for _ in range(rng.choices([0, 1, 2, 3, 4], [8, 30, 40, 17, 5])[0]):
            child_sex = rng.choice("LP")
            child_birth = _child_birth(rng, sex, birth, episodes)
            members.append(
                Member(
                    names.child_name(rng, child_sex),
                    "child",
                    child_sex,
                    child_birth,
                    _school_status(rng, child_birth),
                )  # fmt: skip
            )
    if rng.random() < (0.3 if married else 0.6):
        # Grandparents often raised the children while the mother worked abroad.
        parents = ["P"] if rng.random() < 0.65 else ["L"]
        if rng.random() < 0.2:
            parents = ["L", "P"]
        for parent_sex in parents:
            parent_birth = birth - timedelta(days=rng.randint(20 * 365, 33 * 365))
            members.append(
                Member(
                    names.elder_name(rng, parent_sex),
                    "parent",
                    parent_sex,
                    parent_birth if rng.random() < 0.75 else None,  # elders often lack a date
                )  # fmt: skip
            )
    return members


def _child_birth(rng: random.Random, sex: str, parent_birth: date, episodes: list[Episode]) -> date:
    """A birth date while the mother was at home: most children were born before she
    first left (and stayed with the grandparents), some between contracts or since."""
    start = parent_birth + timedelta(days=19 * 365)
    end = min(parent_birth + timedelta(days=38 * 365), LAST_DAY - timedelta(days=90))
    if sex == "L":
        return _day_between(rng, start, end)
    windows, weights = [], []
    home_from, weight = start, 3.0
    for episode in episodes:
        windows.append((home_from, min(episode.departed_on, end)))
        weights.append(weight)
        home_from, weight = episode.returned_on, 1.0
    windows.append((home_from, end))
    weights.append(0.6)
    spans = [(w, max(0, (b - a).days)) for w, (a, b) in zip(weights, windows, strict=True)]
    if not any(days for _, days in spans):
        return _day_between(rng, start, end)
    a, b = rng.choices(windows, [w * days for w, days in spans])[0]
    return _day_between(rng, a, b)


def _school_status(rng: random.Random, born: date) -> str:
    age = (LAST_DAY - born).days // 365
    if age < 7:
        return "not_yet"
    if age <= 18:
        # Migrants' teenagers drop out more often: one of the model's concerns.
        return "dropped_out" if age >= 13 and rng.random() < 0.1 else "in_school"
    return "dropped_out" if rng.random() < 0.15 else "finished"


def _consent_scopes(rng: random.Random, phone: str, *, registration_only: bool) -> list[str]:
    if registration_only:
        return ["registration"]
    scopes = ["registration", "assessment"]
    if rng.random() < 0.45:
        scopes.append("sharing")
    if phone and rng.random() < 0.65:
        scopes.append("contact")
    return scopes


# --- Assessments ---------------------------------------------------------------------------

HIGH_LEVEL = (3.4, 4.5)  # mean ability on the 1-5 scale; 3 is exactly the threshold (low)
LOW_LEVEL = (1.7, 2.9)


def _assessments(
    rng: random.Random,
    kind: str,
    *,
    sex: str,
    registered_on: date,
    episodes: list[Episode],
    household: list[Member],
    instrument: Instrument,
    later_incomplete: bool,
) -> list[AssessmentPlan]:
    if kind == "none":
        return []
    first_day = registered_on + timedelta(days=rng.randint(0, 21))

    def self_assessment(on: date, quadrant: str, *, complete: bool = True) -> AssessmentPlan:
        answers = _answers_for_quadrant(rng, quadrant, instrument)
        if not complete:
            answers = _leave_unanswered(rng, answers, instrument)
        result = classify(answers, instrument)
        return AssessmentPlan(
            source="self", assessed_on=on, answers=answers,
            quadrant=result.quadrant.value if result.quadrant else "",
            business_interests=_interests(rng, sex),
            skills_abroad=_skills(rng, episodes),
            capital_available=_capital(rng, high=quadrant in ("II", "IV")),
        )  # fmt: skip

    if kind == "incomplete":
        return [self_assessment(first_day, rng.choice(list(QUADRANT_SHARES)), complete=False)]

    plans: list[AssessmentPlan] = []
    can_repeat = first_day + timedelta(days=150) <= LAST_DAY
    if can_repeat and rng.random() < 0.32:
        options, moved = EARLIER[kind]
        earlier = rng.choice(options) if rng.random() < moved else kind
        plans.append(self_assessment(first_day, earlier))
        later = first_day + timedelta(days=rng.randint(4, 10) * 30)
        plans.append(self_assessment(min(later, LAST_DAY), kind))
    else:
        plans.append(self_assessment(first_day, kind))
    current = plans[-1]
    if later_incomplete and current.assessed_on + timedelta(days=60) <= LAST_DAY:
        on = current.assessed_on + timedelta(days=rng.randint(20, 60))
        plans.append(self_assessment(on, rng.choice(list(QUADRANT_SHARES)), complete=False))

    # Triangulation: another source assesses the same family soon after. Group IV's
    # field test (uji lapangan) is an officer's or mentor's visit.
    sources = []
    if kind == "IV" and rng.random() < 0.5:
        sources.append(rng.choice(["officer", "mentor"]))
    elif rng.random() < 0.22:
        options = ["officer", "officer", "officer"]
        if any(m.relation == "spouse" for m in household):
            options += ["spouse"] * 5
        if any(m.relation in ("parent", "child") for m in household):
            options += ["family"] * 2
        sources.append(rng.choice(options))
    for source in sources:
        on = min(current.assessed_on + timedelta(days=rng.randint(3, 40)), LAST_DAY)
        diverge = rng.random() < 0.15
        answers = _answers_near(rng, current.answers, instrument, diverge=diverge)
        result = classify(answers, instrument)
        plans.append(
            AssessmentPlan(
                source=source,
                assessed_on=on,
                answers=answers,
                quadrant=result.quadrant.value if result.quadrant else "",
            )
        )
    return plans


def _axis_answers(rng: random.Random, instrument: Instrument, axis: Axis, level: float) -> dict:
    answers = {}
    for item in instrument.items_for(axis):
        ability = min(5, max(1, round(rng.gauss(level + ITEM_LEAN.get(item.code, 0), 0.75))))
        answers[item.code] = 6 - ability if item.reversed else ability
    return answers


def _generate(
    rng: random.Random,
    instrument: Instrument,
    levels: Callable[[], tuple[float, float]],
    accept: Callable[[Classification], bool],
) -> dict[str, int | None]:
    """Answers drawn item by item around the axis levels until `accept` holds: real
    answers scatter, so a pattern is only known after scoring."""
    for _ in range(500):
        business, sakinah = levels()
        answers = _axis_answers(rng, instrument, Axis.BUSINESS, business)
        answers |= _axis_answers(rng, instrument, Axis.SAKINAH, sakinah)
        varied = all(
            len({answers[i.code] for i in instrument.items_for(axis)}) > 1 for axis in Axis
        )
        if varied and accept(classify(answers, instrument)):
            return answers
    raise RuntimeError("no answer pattern found")


def _answers_for_quadrant(
    rng: random.Random, quadrant: str, instrument: Instrument
) -> dict[str, int | None]:
    high_business = quadrant in ("II", "IV")
    high_sakinah = quadrant in ("III", "IV")

    def levels() -> tuple[float, float]:
        return (
            rng.uniform(*(HIGH_LEVEL if high_business else LOW_LEVEL)),
            rng.uniform(*(HIGH_LEVEL if high_sakinah else LOW_LEVEL)),
        )

    return _generate(
        rng, instrument, levels, lambda r: r.quadrant is not None and r.quadrant.value == quadrant
    )


def answers_for_quadrant(
    rng: random.Random, quadrant: str, instrument: Instrument = DEFAULT_INSTRUMENT
) -> dict[str, int | None]:
    """Answers drawn item by item that score to `quadrant` (a later self assessment, such
    as the one before a family's graduation)."""
    return _answers_for_quadrant(rng, quadrant, instrument)


def _answers_near(
    rng: random.Random, reference: dict[str, int | None], instrument: Instrument, *, diverge: bool
) -> dict[str, int | None]:
    """Another source's answers about the same family: close to the returnee's own, or
    (diverge) more than 20 points apart on one axis, mostly the business one."""
    mine = classify(reference, instrument)
    base_b = 1 + mine.business_score / 25
    base_s = 1 + mine.sakinah_score / 25
    axis = Axis.BUSINESS if rng.random() < 0.7 else Axis.SAKINAH
    mine_on = mine.business_score if axis == Axis.BUSINESS else mine.sakinah_score
    # Move towards the side of the scale that has room.
    shift = rng.uniform(1.1, 1.6) * (-1 if mine_on >= 50 else 1)

    def levels() -> tuple[float, float]:
        b, s = base_b + rng.gauss(0, 0.15), base_s + rng.gauss(0, 0.15)
        if diverge:
            b, s = (b + shift, s) if axis == Axis.BUSINESS else (b, s + shift)
        return b, s

    def accept(r: Classification) -> bool:
        if not r.complete:
            return False
        gaps = {
            Axis.BUSINESS: abs(r.business_score - mine.business_score),
            Axis.SAKINAH: abs(r.sakinah_score - mine.sakinah_score),
        }
        if diverge:
            other = Axis.SAKINAH if axis == Axis.BUSINESS else Axis.BUSINESS
            return gaps[axis] > 20 and gaps[other] <= 15
        return all(gap <= 15 for gap in gaps.values())

    return _generate(rng, instrument, levels, accept)


def _leave_unanswered(
    rng: random.Random, answers: dict[str, int | None], instrument: Instrument
) -> dict[str, int | None]:
    """Skip enough items of one axis that it cannot be scored: usually the religion and
    family items, which some returnees prefer not to answer at a first meeting."""
    axis = Axis.SAKINAH if rng.random() < 0.7 else Axis.BUSINESS
    codes = [item.code for item in instrument.items_for(axis)]
    skipped = rng.sample(codes, k=len(codes) // 2)
    return {code: None if code in skipped else value for code, value in answers.items()}


def _interests(rng: random.Random, sex: str) -> list[str]:
    weights = {s: w for s, w in INTERESTS[sex].items() if s in BUSINESS_SECTORS}
    picked: list[str] = []
    for _ in range(rng.choices([1, 2, 3], [45, 40, 15])[0]):
        choice = _weighted(rng, weights)
        if choice not in picked:
            picked.append(choice)
    return picked


def _skills(rng: random.Random, episodes: list[Episode]) -> str:
    pool: list[str] = []
    for episode in episodes:
        pool += [s for s in SKILLS[episode.destination] if s not in pool]
    return ", ".join(rng.sample(pool, min(len(pool), rng.randint(1, 3))))


def _capital(rng: random.Random, *, high: bool) -> int | None:
    if high:
        return _rupiah(rng, 10_000_000, 60_000_000, step=500_000)
    roll = rng.random()
    if roll < 0.15:
        return None  # would not say
    if roll < 0.35:
        return 0
    return _rupiah(rng, 500_000, 10_000_000, step=500_000)


# --- Progress along the pathway ------------------------------------------------------------

# code, Indonesian, English, description, sessions, hours: modules coordinators add to a
# family's plan outside the quadrant's pathway.
OPTIONAL_MODULES = (
    ("LITERASI_KEUANGAN", "Literasi keuangan", "Financial literacy",
     "Mengelola uang keluarga dan usaha: anggaran, tabungan, utang yang aman.", 4, 8),
    ("PEMASARAN_DIGITAL", "Pemasaran digital", "Digital marketing",
     "Berjualan lewat WhatsApp, marketplace dan media sosial.", 4, 10),
    ("PARENTING_ANAK_PMI", "Parenting anak pekerja migran", "Parenting for migrants' children",
     "Membangun kembali kedekatan dengan anak yang lama diasuh kakek dan nenek.", 3, 6),
)  # fmt: skip

# Where an identified family stands by the end of the demo (weights), and the months since
# its first assessment a stage needs: nobody reaches mentoring a month after registering.
STAGE_WEIGHTS = {"identified": 26, "in_training": 30, "in_practice": 18, "in_mentoring": 16,
                 "dropped_training": 6, "dropped_practice": 4}  # fmt: skip
PEER_STAGE_WEIGHTS = {"identified": 30, "field_test": 25, "peer_mentor": 45}  # quadrant IV
MONTHS_NEEDED = {"identified": 0, "in_training": 1, "dropped_training": 2, "in_practice": 6,
                 "dropped_practice": 7, "in_mentoring": 10, "field_test": 0,
                 "peer_mentor": 2}  # fmt: skip
# The stage to fall back to when there was not enough time.
EARLIER_STAGE = {"in_mentoring": "in_practice", "in_practice": "in_training",
                 "dropped_practice": "dropped_training", "dropped_training": "in_training",
                 "in_training": "identified",
                 "peer_mentor": "field_test", "field_test": "identified"}  # fmt: skip
TRAINING_DROP_REASONS = (
    "Jadwal pelatihan bentrok dengan musim panen",
    "Merawat orang tua yang sakit",
    "Tidak ada kendaraan ke tempat pelatihan",
)
PRACTICE_DROP_REASONS = ("Usaha tutup, modal habis untuk biaya sekolah anak",)
# One family per reason, two for going abroad again (the most common).
WITHDRAWALS = (
    ("migrated_again", "Berangkat lagi, kontrak baru sebagai perawat lansia"),
    ("migrated_again", "Berangkat lagi bekerja ke luar negeri"),
    ("moved", "Ikut suami pindah ke Surabaya"),
    ("declined", "Mengasuh cucu, tidak sempat ikut pertemuan"),
    ("deceased", ""),
)
OPTIONAL_ATTACHED = {"LITERASI_KEUANGAN": 5, "PEMASARAN_DIGITAL": 4, "PARENTING_ANAK_PMI": 4}


def _progress_add(rng: random.Random, plans: list[PersonPlan]) -> None:
    """Give identified families a stage, the module states that lead there, a few
    withdrawals and a few optional modules; every step is checked with core.progress in
    the order `load.py` records it, so the services will accept it."""
    stages: dict[int, str] = {}
    histories: dict[int, list[Quadrant]] = {}
    for index, plan in enumerate(plans):
        selves = sorted(
            (a for a in plan.assessments if a.source == "self" and a.quadrant),
            key=lambda a: a.assessed_on,
        )
        if not selves:
            continue
        histories[index] = [Quadrant(a.quadrant) for a in selves]
        months = (LAST_DAY - selves[0].assessed_on).days // 30
        peer = histories[index][-1] == Quadrant.IV
        stage = _weighted(rng, PEER_STAGE_WEIGHTS if peer else STAGE_WEIGHTS)
        while MONTHS_NEEDED[stage] > months:
            stage = EARLIER_STAGE[stage]
        stages[index] = stage
        plan.steps = _steps(rng, histories[index], stage)

    # Withdrawn: families who had time to start, not those who lead others.
    eligible = sorted(
        i for i, stage in stages.items()
        if stage in ("identified", "in_training", "in_practice")
        and max(a.assessed_on for a in plans[i].assessments) <= LAST_DAY - timedelta(days=90)
    )  # fmt: skip
    withdrawn = rng.sample(eligible, len(WITHDRAWALS))
    for index, (reason, note) in zip(withdrawn, WITHDRAWALS, strict=True):
        last = max(a.assessed_on for a in plans[index].assessments)
        on = _day_between(rng, last + timedelta(days=30), LAST_DAY)
        plans[index].withdrawal = WithdrawalPlan(reason, on, note)

    taken = set(withdrawn)
    for code, n in OPTIONAL_ATTACHED.items():
        candidates = sorted(
            i for i in stages if i not in taken and _wants_optional(code, stages[i], plans[i])
        )
        for index in rng.sample(candidates, min(n, len(candidates))):
            taken.add(index)
            plans[index].optional_modules.append(code)
            state = rng.choice(("planned", "in_progress", "in_progress", "completed"))
            if state != "planned":
                plans[index].steps += _started(code, state)

    for index, history in histories.items():
        _check(history, plans[index])


def _wants_optional(code: str, stage: str, plan: PersonPlan) -> bool:
    if code == "LITERASI_KEUANGAN":
        return stage in ("in_practice", "in_mentoring")
    if code == "PEMASARAN_DIGITAL":
        return stage in ("in_mentoring", "peer_mentor")
    # Parenting: families with a child still under 18.
    return stage != "identified" and any(
        m.relation == "child" and m.birth_date and (LAST_DAY - m.birth_date).days < 18 * 365
        for m in plan.household
    )


def _started(code: str, state: str) -> list[StepPlan]:
    """A module begun, and finished when `state` is completed: the trail shows both."""
    steps = [StepPlan(code, State.IN_PROGRESS.value)]
    if state == State.COMPLETED:
        steps.append(StepPlan(code, State.COMPLETED.value))
    return steps


def _steps(rng: random.Random, history: list[Quadrant], stage: str) -> list[StepPlan]:
    current = pathway_for(history[-1])
    steps: list[StepPlan] = []
    if stage == "identified":
        return steps
    if stage in ("field_test", "peer_mentor"):
        if stage == "field_test":
            return _started(FIELD_VERIFICATION, "in_progress")
        return _started(FIELD_VERIFICATION, "completed") + _started(PEER_MENTOR, "in_progress")

    # The mindset and training that moved a re-assessed family to its new quadrant: done
    # under the earlier pathway, no longer needed by the current one.
    earlier = {code for q in history[:-1] for code in pathway_for(q)} - set(current)
    for code in MODULE_CODES:
        if code in earlier and code.startswith(("MINDSET", "TRAINING")):
            steps += _started(code, "completed")

    mindsets = [c for c in current if c.startswith("MINDSET")]
    trainings = [c for c in current if c.startswith("TRAINING")]
    if stage == "in_training" and rng.random() < 0.25:
        return steps + _started(mindsets[0], "in_progress")  # just begun
    for code in mindsets:
        steps += _started(code, "completed")
    if stage == "in_training":
        steps += _started(trainings[0], "in_progress")
        if len(trainings) > 1 and rng.random() < 0.5:
            steps += _started(trainings[1], "in_progress")
        return steps
    if stage == "dropped_training":
        steps.append(StepPlan(trainings[0], "dropped", rng.choice(TRAINING_DROP_REASONS)))
        return steps + [_started(c, "in_progress")[0] for c in trainings[1:]]
    for code in trainings:
        steps += _started(code, "completed")
    if stage == "dropped_practice":
        return steps + [StepPlan(PRACTICE, "dropped", rng.choice(PRACTICE_DROP_REASONS))]
    if stage == "in_practice":
        return steps + _started(PRACTICE, "in_progress")
    return steps + _started(PRACTICE, "completed") + _started(MENTORING, "in_progress")


def _check(history: list[Quadrant], plan: PersonPlan) -> None:
    """Replay the plan's steps through core.progress; raise if the app would refuse one."""
    recorded = {code: Recorded(State.PLANNED, optional=True) for code in plan.optional_modules}
    for step in plan.steps:
        steps = plan_for(history, recorded)
        if step.code not in {s.code for s in steps}:
            raise ValueError(f"{plan.nik}: {step.code} is not on the plan")
        check_transition(step.code, State(step.state), steps, step.reason)
        optional = step.code in plan.optional_modules
        recorded[step.code] = Recorded(State(step.state), step.reason, optional)
