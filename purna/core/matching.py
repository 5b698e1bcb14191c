"""Proposed mentor assignments: the exact minimum-cost assignment of families to mentors.

Everyone entering business practice needs a staff mentor and, when one is available, a peer
mentor; the two are proposed by two calls of `propose` (one with only staff mentors, one with
only peer mentors). Giving family f to mentor m costs `pair_cost` (distance in the area
hierarchy, business sectors, the wish for a mentor of the same sex) plus `load_cost` for the
place it takes in the mentor's load, which keeps loads balanced.

`propose` solves the problem exactly as a minimum-cost flow, written as a linear programme
and solved by HiGHS's dual simplex. A flow problem with integer capacities has a totally
unimodular constraint matrix, so the simplex vertex is integral: the optimum found is an
assignment, not a fractional compromise. The network stays small by routing families to
mentors through hubs (see `_Network` for why that changes no cost). `propose_by_assignment`
solves the same problem a second, independent way (`linear_sum_assignment` on the dense
matrix of families x mentor places); the tests and the bench check that both agree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment, linprog

VILLAGE = "village"
DISTRICT = "district"
REGENCY = "regency"
FURTHER = "further"
LEVELS = (VILLAGE, DISTRICT, REGENCY, FURTHER)  # nearest first; codes 0-3 in the arrays
_FURTHER = 3

# Costs are integers below ~1e12 in practice, exact in float64; a vertex of the LP is
# integral up to the solver's feasibility tolerance, far below this.
_INTEGRAL_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Family:
    """A person entering business practice who needs a mentor."""

    key: Hashable
    village: str  # dotted village code, "35.02.17.2001"
    sex: str  # "L" or "P"
    interests: tuple[str, ...] = ()  # business sector codes; empty = none stated
    wants_same_sex: bool = False

    def __post_init__(self) -> None:
        _village_prefixes(self.village)
        object.__setattr__(self, "interests", tuple(_codes(self.interests, "interests")))


@dataclass(frozen=True)
class MentorOffer:
    """A mentor (staff or peer) with free places."""

    key: Hashable
    sex: str  # "L" or "P"
    capacity: int  # free places now; 0 = full
    sectors: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()  # dotted district codes covered, "35.02.17"
    village: str | None = None  # home village (a peer mentor's own village)
    load: int = 0  # families already accompanied

    def __post_init__(self) -> None:
        for name in ("capacity", "load"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer, not {value!r}")
        object.__setattr__(self, "sectors", frozenset(_codes(self.sectors, "sectors")))
        object.__setattr__(self, "districts", frozenset(_codes(self.districts, "districts")))
        for code in self.districts:
            _district_regency(code)
        if self.village is not None:
            _village_prefixes(self.village)


@dataclass(frozen=True)
class Weights:
    """Integer weights, so that the optimum is exact and ties are real ties.

    `propose` relies on three properties, checked here: distance weights do not decrease
    from the village outwards, `sector_mismatch` is not negative (together they make every
    route through a hub cost at least the pair's own cost, see `_Network`), and `load` is
    not negative (a mentor's later place never costs less than an earlier one, so places
    are filled in order).
    """

    same_village: int = 0
    same_district: int = 10
    same_regency: int = 30
    further: int = 100
    sector_mismatch: int = 20  # interests stated, none among the mentor's sectors
    sex_wish_unmet: int = 50  # a mentor of the same sex wished, this one is not
    load: int = 20  # see load_cost
    unassigned: int = 100_000  # a family left without a mentor (only when places run out)

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"weight {name} must be an integer, not {value!r}")
        distances = self._distances()
        if list(distances) != sorted(distances):
            raise ValueError("distance weights must not decrease from the village outwards")
        if self.sector_mismatch < 0 or self.load < 0:
            raise ValueError("weights sector_mismatch and load must not be negative")

    def distance(self, level: str) -> int:
        return self._distances()[LEVELS.index(level)]

    def _distances(self) -> tuple[int, int, int, int]:
        return (self.same_village, self.same_district, self.same_regency, self.further)


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Proposal:
    """`mentor_for` maps every family key to a mentor key, or None when unassigned; `cost` is
    the total (pair costs + load costs + unassigned penalties); `pair_costs` maps every family
    key to the pair cost of its match (None when unassigned)."""

    mentor_for: Mapping[Hashable, Hashable | None]
    cost: int
    pair_costs: Mapping[Hashable, int | None] = field(default_factory=dict)

    def cost_of(self, family_key: Hashable) -> int | None:
        return self.pair_costs.get(family_key)

    @property
    def unassigned(self) -> tuple[Hashable, ...]:
        return tuple(key for key, mentor in self.mentor_for.items() if mentor is None)


def _codes(value, name: str):
    # A lone string would become a set of its letters: "food" -> {"f", "o", "d"}.
    if isinstance(value, str):
        raise ValueError(f"{name} must be a collection of codes, not the string {value!r}")
    return value


# Area codes


@lru_cache(maxsize=1 << 16)
def _village_prefixes(code: str) -> tuple[str, str]:
    """(district, regency) of a dotted village code."""
    parts = code.split(".") if isinstance(code, str) else ()
    if len(parts) != 4 or not all(parts):
        raise ValueError(f"not a dotted village code: {code!r}")
    return ".".join(parts[:3]), ".".join(parts[:2])


@lru_cache(maxsize=1 << 12)
def _district_regency(code: str) -> str:
    parts = code.split(".") if isinstance(code, str) else ()
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"not a dotted district code: {code!r}")
    return ".".join(parts[:2])


# The cost of one match


def distance_level(village: str, mentor: MentorOffer) -> str:
    """ "village" | "district" | "regency" | "further": the closest of the mentor's home
    village and covered districts to `village`. A covered district counts as "district"
    (the mentor works there), never as "village"."""
    district, regency = _village_prefixes(village)
    home = _village_prefixes(mentor.village) if mentor.village is not None else None
    if mentor.village == village:
        return VILLAGE
    if district in mentor.districts or (home is not None and home[0] == district):
        return DISTRICT
    if (home is not None and home[1] == regency) or any(
        _district_regency(code) == regency for code in mentor.districts
    ):
        return REGENCY
    return FURTHER


def pair_cost(family: Family, mentor: MentorOffer, weights: Weights = DEFAULT_WEIGHTS) -> int:
    """Distance + sector + sex terms of giving `family` to `mentor` (no load term)."""
    cost = weights.distance(distance_level(family.village, mentor))
    if family.interests and mentor.sectors.isdisjoint(family.interests):
        cost += weights.sector_mismatch
    if family.wants_same_sex and mentor.sex != family.sex:
        cost += weights.sex_wish_unmet
    return cost


def load_cost(position: int, mentor: MentorOffer, weights: Weights = DEFAULT_WEIGHTS) -> int:
    """Marginal cost of the mentor's family number `position` (0-based, counting the existing
    load): weights.load * position // (mentor.load + mentor.capacity).

    Relative to the mentor's full load, so a mentor who already has most of their places
    taken is the costlier choice. Non-decreasing in position: the total is convex, and the
    flow fills a mentor's places in order. Raises ValueError for a position the mentor does
    not have.
    """
    places = mentor.load + mentor.capacity
    if not 0 <= position < places:
        raise ValueError(f"position {position} outside the mentor's {places} places")
    return weights.load * position // places


def total_cost(
    mentor_for: Mapping[Hashable, Hashable | None],
    families: Sequence[Family],
    mentors: Sequence[MentorOffer],
    weights: Weights = DEFAULT_WEIGHTS,
) -> int:
    """The cost of any assignment (a proposal, or the coordinator's edit of one). A family
    missing from `mentor_for` counts as unassigned. Raises ValueError when a key is unknown
    or a mentor gets more than `capacity` new families."""
    by_family = _by_key(families, "family")
    by_mentor = _by_key(mentors, "mentor")
    unknown = [key for key in mentor_for if key not in by_family]
    if unknown:
        raise ValueError(f"unknown family keys: {unknown!r}")
    taken: Counter = Counter()
    cost = 0
    for family in families:
        mentor_key = mentor_for.get(family.key)
        if mentor_key is None:
            cost += weights.unassigned
            continue
        mentor = by_mentor.get(mentor_key)
        if mentor is None:
            raise ValueError(f"unknown mentor key: {mentor_key!r}")
        if taken[mentor_key] >= mentor.capacity:
            raise ValueError(f"mentor {mentor_key!r} has only {mentor.capacity} free places")
        taken[mentor_key] += 1
        cost += pair_cost(family, mentor, weights)
    for mentor_key, count in taken.items():
        mentor = by_mentor[mentor_key]
        cost += sum(load_cost(mentor.load + j, mentor, weights) for j in range(count))
    return cost


def _by_key(items, what: str) -> dict:
    found = {}
    for item in items:
        if item.key in found:
            raise ValueError(f"duplicate {what} key: {item.key!r}")
        found[item.key] = item
    return found


# The same costs as arrays, for whole instances at once


@dataclass(frozen=True)
class _Costs:
    """Pair costs factorised as distance[village, mentor] + class_term[class, mentor].

    A family's pair cost depends only on its village (distance) and on its class, the
    (interest set, sex if a same-sex mentor is wished) it belongs to; there are far fewer
    villages and classes than families."""

    family_village: np.ndarray  # (families,) village index
    family_class: np.ndarray  # (families,) class index
    distance: np.ndarray  # (villages, mentors) distance weight
    class_term: np.ndarray  # (classes, mentors) sector + sex terms

    def matrix(self) -> np.ndarray:
        """(families, mentors) pair costs."""
        return self.distance[self.family_village] + self.class_term[self.family_class]


def _costs(families: Sequence[Family], mentors: Sequence[MentorOffer], weights: Weights) -> _Costs:
    villages: dict[str, int] = {}
    classes: dict[tuple[frozenset[str], str | None], int] = {}
    family_village = np.fromiter(
        (villages.setdefault(f.village, len(villages)) for f in families), np.intp, len(families)
    )
    family_class = np.fromiter(
        (
            classes.setdefault(
                (frozenset(f.interests), f.sex if f.wants_same_sex else None), len(classes)
            )
            for f in families
        ),
        np.intp,
        len(families),
    )

    # Only the districts and regencies families live in matter; a mentor's other areas are
    # "further" for everyone.
    districts: dict[str, int] = {}
    regencies: dict[str, int] = {}
    village_district = np.empty(len(villages), np.intp)
    village_regency = np.empty(len(villages), np.intp)
    for index, code in enumerate(villages):
        district, regency = _village_prefixes(code)
        village_district[index] = districts.setdefault(district, len(districts))
        village_regency[index] = regencies.setdefault(regency, len(regencies))
    covers_district = np.zeros((len(districts), len(mentors)), bool)
    covers_regency = np.zeros((len(regencies), len(mentors)), bool)
    home_village = np.full(len(mentors), -1, np.intp)
    for m, mentor in enumerate(mentors):
        areas = [(code, _district_regency(code)) for code in mentor.districts]
        if mentor.village is not None:
            home_village[m] = villages.get(mentor.village, -1)
            areas.append(_village_prefixes(mentor.village))
        for district, regency in areas:
            if district in districts:
                covers_district[districts[district], m] = True
            if regency in regencies:
                covers_regency[regencies[regency], m] = True
    level = np.where(covers_regency[village_regency], 2, _FURTHER).astype(np.int8)
    level[covers_district[village_district]] = 1
    level[home_village[None, :] == np.arange(len(villages))[:, None]] = 0
    distance = np.asarray(weights._distances(), np.int64)[level]

    sectors: dict[str, int] = {}
    for interests, _ in classes:
        for sector in interests:
            sectors.setdefault(sector, len(sectors))
    wants = np.zeros((len(classes), len(sectors)), np.float64)
    for c, (interests, _) in enumerate(classes):
        wants[c, [sectors[s] for s in interests]] = 1
    offers = np.zeros((len(mentors), len(sectors)), np.float64)
    for m, mentor in enumerate(mentors):
        offers[m, [sectors[s] for s in mentor.sectors if s in sectors]] = 1
    mismatch = (wants.sum(axis=1) > 0)[:, None] & ~((wants @ offers.T) > 0)
    wished = np.array([sex is not None for _, sex in classes], bool)
    sexes = {
        sex: i
        for i, sex in enumerate(dict.fromkeys([m.sex for m in mentors] + [s for _, s in classes]))
    }
    class_sex = np.array([sexes[sex] for _, sex in classes], np.intp)
    mentor_sex = np.array([sexes[m.sex] for m in mentors], np.intp)
    unmet = wished[:, None] & (class_sex[:, None] != mentor_sex[None, :])
    class_term = mismatch * np.int64(weights.sector_mismatch) + unmet * np.int64(
        weights.sex_wish_unmet
    )
    return _Costs(family_village, family_class, distance, class_term.astype(np.int64))


def _places(mentors: Sequence[MentorOffer], weights: Weights) -> tuple[np.ndarray, np.ndarray]:
    """(mentor index, load cost) of every free place, each mentor's places in order."""
    capacity = np.array([m.capacity for m in mentors], np.int64)
    load = np.array([m.load for m in mentors], np.int64)
    mentor = np.repeat(np.arange(len(mentors)), capacity)
    first = np.cumsum(capacity) - capacity
    position = load[mentor] + np.arange(len(mentor)) - first[mentor]
    cost = weights.load * position // np.maximum(load + capacity, 1)[mentor]
    return mentor, cost


def pair_cost_matrix(
    families: Sequence[Family],
    mentors: Sequence[MentorOffer],
    weights: Weights = DEFAULT_WEIGHTS,
) -> np.ndarray:
    """(len(families), len(mentors)) int64 array of `pair_cost`, computed in bulk."""
    return _costs(families, mentors, weights).matrix()


# The minimum-cost flow


@dataclass(frozen=True)
class _Network:
    """The flow network `propose` solves, as parallel arrays of arcs by kind.

    Family f (village v, interests I, wish w: its sex when it wants a mentor of the same sex,
    else none) reaches mentor m either by a direct arc (only when m lives in v) or through a
    hub. A hub is (level, area, sector or "any", w) for level "district" (f's district),
    "regency" (f's regency) or "further" (anywhere); it leads to every mentor within that
    level of the area (for a sector hub: those who also offer that sector):

        f --(level weight)--> hub(level, area, s, w)    for each s in I
        f --(level weight + sector_mismatch if I)--> hub(level, area, "any", w)
        hub(..., w) --(sex_wish_unmet if w and m's sex differs)--> m

    Why this is exact. The cheapest route from f to m costs exactly pair_cost(f, m): the
    hub of m's own level with a sector in I & m's sectors (or the "any" hub when there is
    none, or when I is empty) prices distance, sector and sex terms as pair_cost does, and
    any other route costs at least as much, because distance weights grow with the level
    and sector_mismatch is not negative (both checked by Weights). So:
    (1) every assignment is a flow of the same cost (route each pair its cheapest way):
        the optimal flow costs no more than the optimal assignment;
    (2) every flow splits into family -> hub -> mentor paths (a hub's incoming families
        paired with its outgoing units in any order), each costing at least the pair cost
        of the pair it joins: the assignment read off a flow costs no more than the flow.
    Hence the optimal flow gives an optimal assignment, whatever the pairing inside a hub.
    A mentor's hubs number a few per covered district, so the network has O(families *
    (interests + 1) + mentors * districts * sectors) arcs instead of families * mentors.
    """

    direct: np.ndarray  # (arcs, 3): family, mentor, cost
    entry: np.ndarray  # (arcs, 3): family, hub, cost
    exit: np.ndarray  # (arcs, 3): hub, mentor, cost
    hubs: int
    place_mentor: np.ndarray
    place_cost: np.ndarray
    capacity: np.ndarray  # (mentors,)
    unassigned: int  # how many families must stay unassigned: max(0, families - places)
    families: int

    @property
    def size(self) -> dict[str, int]:
        arcs = {
            "direct": len(self.direct),
            "into hubs": len(self.entry),
            "out of hubs": len(self.exit),
            "places": len(self.place_mentor),
            "unassigned": self.families if self.unassigned else 0,
        }
        return {**arcs, "total": sum(arcs.values()), "hubs": self.hubs}


def _network(
    families: Sequence[Family], mentors: Sequence[MentorOffer], weights: Weights
) -> _Network:
    # Mentors within each level of each area, in mentor order.
    near: dict[tuple[int, str], list[int]] = defaultdict(list)
    for m, mentor in enumerate(mentors):
        districts = set(mentor.districts)
        regencies = {_district_regency(code) for code in districts}
        if mentor.village is not None:
            near[0, mentor.village].append(m)
            district, regency = _village_prefixes(mentor.village)
            districts.add(district)
            regencies.add(regency)
        for district in districts:
            near[1, district].append(m)
        for regency in regencies:
            near[2, regency].append(m)
        near[_FURTHER, ""].append(m)

    hubs: dict[tuple, int | None] = {}
    created = 0
    exits: list[tuple[int, int, int]] = []

    def hub(level: int, area: str, sector: str | None, wish: str | None) -> int | None:
        """The hub's index, created with its exit arcs on first use; None when it would
        lead to no mentor."""
        nonlocal created
        key = (level, area, sector, wish)
        if key not in hubs:
            reached = [
                m for m in near[level, area] if sector is None or sector in mentors[m].sectors
            ]
            if reached:
                index = hubs[key] = created
                created += 1
                exits.extend(
                    (index, m, weights.sex_wish_unmet if wish and mentors[m].sex != wish else 0)
                    for m in reached
                )
            else:
                hubs[key] = None
        return hubs[key]

    distances = weights._distances()
    directs: list[tuple[int, int, int]] = []
    entries: list[tuple[int, int, int]] = []
    for f, family in enumerate(families):
        district, regency = _village_prefixes(family.village)
        wish = family.sex if family.wants_same_sex else None
        interests = tuple(dict.fromkeys(family.interests))
        for m in near.get((0, family.village), ()):
            directs.append((f, m, pair_cost(family, mentors[m], weights)))
        for level, area in ((1, district), (2, regency), (_FURTHER, "")):
            if (level, area) not in near:
                continue
            for sector in interests:
                index = hub(level, area, sector, wish)
                if index is not None:
                    entries.append((f, index, distances[level]))
            mismatch = weights.sector_mismatch if interests else 0
            index = hub(level, area, None, wish)
            entries.append((f, index, distances[level] + mismatch))
    place_mentor, place_cost = _places(mentors, weights)

    def array(arcs: list[tuple[int, int, int]]) -> np.ndarray:
        return np.array(arcs, np.int64).reshape(-1, 3)

    return _Network(
        direct=array(directs),
        entry=array(entries),
        exit=array(exits),
        hubs=created,
        place_mentor=place_mentor,
        place_cost=place_cost,
        capacity=np.array([m.capacity for m in mentors], np.int64),
        unassigned=max(0, len(families) - len(place_mentor)),
        families=len(families),
    )


def network_size(
    families: Sequence[Family],
    mentors: Sequence[MentorOffer],
    weights: Weights = DEFAULT_WEIGHTS,
) -> dict[str, int]:
    """Arcs of the flow network `propose` solves, by kind, their "total", and the number of
    "hubs" (for the bench and the tests)."""
    return _network(families, _open(mentors), weights).size


def _open(mentors: Sequence[MentorOffer]) -> list[MentorOffer]:
    # Full mentors can take nobody: leaving them out keeps the network small.
    return [m for m in mentors if m.capacity > 0]


def propose(
    families: Sequence[Family],
    mentors: Sequence[MentorOffer],
    weights: Weights = DEFAULT_WEIGHTS,
) -> Proposal:
    """The minimum-cost assignment: every family gets at most one mentor, no mentor gets
    more than `capacity` new families, and the total cost is minimal. Families are left
    unassigned only when every place is taken (then exactly families - places of them, the
    ones whose absence costs least). Deterministic for the same input."""
    _by_key(families, "family")
    _by_key(mentors, "mentor")
    mentors_open = _open(mentors)
    if not families or not mentors_open:
        return _proposal(families, mentors_open, np.full(len(families), -1), weights)
    assigned, objective = _solve_flow(_network(families, mentors_open, weights), weights)
    return _proposal(families, mentors_open, assigned, weights, objective)


def _solve_flow(net: _Network, weights: Weights) -> tuple[np.ndarray, float]:
    """Mentor index per family (-1 = unassigned) of a minimum-cost flow, and its cost."""
    families, hubs, mentors = net.families, net.hubs, len(net.capacity)
    unassigned = families if net.unassigned else 0
    kinds = (len(net.direct), len(net.entry), len(net.exit), len(net.place_mentor), unassigned)
    start = np.cumsum((0, *kinds))
    # Rows: one per family (it sends one unit), per hub and per mentor (what comes in goes
    # out). Entries +1 where an arc leaves a family or enters a node, -1 where it leaves a
    # hub or a mentor: the incidence matrix of a network, up to the sign of the family
    # rows, so totally unimodular and every vertex of the LP integral.
    hub_row = families
    mentor_row = families + hubs
    rows = np.concatenate([
        net.direct[:, 0], mentor_row + net.direct[:, 1],
        net.entry[:, 0], hub_row + net.entry[:, 1],
        hub_row + net.exit[:, 0], mentor_row + net.exit[:, 1],
        mentor_row + net.place_mentor,
        np.arange(unassigned),
    ])  # fmt: skip
    columns = np.concatenate([
        np.tile(np.arange(start[0], start[1]), 2),
        np.tile(np.arange(start[1], start[2]), 2),
        np.tile(np.arange(start[2], start[3]), 2),
        np.arange(start[3], start[5]),
    ])  # fmt: skip
    values = np.concatenate([
        np.ones(2 * (kinds[0] + kinds[1])),
        -np.ones(kinds[2]), np.ones(kinds[2]),
        -np.ones(kinds[3]),
        np.ones(unassigned),
    ])  # fmt: skip
    a_eq = sparse.csr_array((values, (rows, columns)), shape=(families + hubs + mentors, start[-1]))
    b_eq = np.concatenate([np.ones(families), np.zeros(hubs + mentors)])
    cost = np.concatenate([
        net.direct[:, 2], net.entry[:, 2], net.exit[:, 2], net.place_cost,
        np.full(unassigned, weights.unassigned),
    ]).astype(np.float64)  # fmt: skip
    upper = np.ones(start[-1])
    upper[start[2] : start[3]] = net.capacity[net.exit[:, 1]]
    # Unassigned arcs all lead to one "nobody" node that takes at most families - places:
    # still a network (so still integral), and it makes "unassigned only when the places
    # have run out" a rule rather than a consequence of the penalty being large enough.
    a_ub = b_ub = None
    if unassigned:
        a_ub = sparse.csr_array(
            (np.ones(unassigned), (np.zeros(unassigned, np.intp), np.arange(start[4], start[5]))),
            shape=(1, start[-1]),
        )
        b_ub = np.array([net.unassigned], np.float64)
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=np.column_stack([np.zeros(start[-1]), upper]),
        method="highs-ds",
    )
    if result.status != 0:
        raise RuntimeError(f"the flow solver failed: {result.message}")
    flow = np.rint(result.x)
    if np.abs(result.x - flow).max(initial=0) > _INTEGRAL_TOLERANCE:
        raise RuntimeError("the flow solver returned a fractional solution")
    flow = flow.astype(np.int64)

    assigned = np.full(families, -1, np.intp)
    chosen = flow[start[0] : start[1]] > 0
    assigned[net.direct[chosen, 0]] = net.direct[chosen, 1]
    # Pair each hub's families (in input order) with its outgoing units (in mentor order;
    # exit arcs are grouped by hub): by the argument in _Network any pairing is optimal,
    # this one is deterministic.
    entered = net.entry[flow[start[1] : start[2]] > 0]
    entered = entered[np.argsort(entered[:, 1], kind="stable")]
    assigned[entered[:, 0]] = np.repeat(net.exit[:, 1], flow[start[2] : start[3]])
    return assigned, float(result.fun)


def propose_by_assignment(
    families: Sequence[Family],
    mentors: Sequence[MentorOffer],
    weights: Weights = DEFAULT_WEIGHTS,
) -> Proposal:
    """The same optimum as `propose`, found a second way: `linear_sum_assignment` on the
    dense (families x places) matrix, where place k of a mentor costs pair_cost +
    load_cost. When places are fewer than families it assigns every place (a maximum
    matching), which is the same rule as `propose`. Exact, but the matrix takes
    8 * families * places bytes: for checking, not for production."""
    _by_key(families, "family")
    _by_key(mentors, "mentor")
    mentors_open = _open(mentors)
    if not families or not mentors_open:
        return _proposal(families, mentors_open, np.full(len(families), -1), weights)
    costs = _costs(families, mentors_open, weights)
    place_mentor, place_cost = _places(mentors_open, weights)
    matrix = costs.matrix().astype(np.float64)[:, place_mentor]
    matrix += place_cost
    rows, columns = linear_sum_assignment(matrix)
    objective = float(matrix[rows, columns].sum())
    del matrix
    assigned = np.full(len(families), -1, np.intp)
    assigned[rows] = place_mentor[columns]
    objective += (len(families) - len(rows)) * weights.unassigned
    return _proposal(families, mentors_open, assigned, weights, objective)


def _proposal(
    families: Sequence[Family],
    mentors: Sequence[MentorOffer],
    assigned: np.ndarray,
    weights: Weights,
    objective: float | None = None,
) -> Proposal:
    """The Proposal for `assigned` (mentor index per family, -1 = none), priced by the
    scalar definitions, the way `total_cost` prices it."""
    mentor_for: dict[Hashable, Hashable | None] = {}
    pair_costs: dict[Hashable, int | None] = {}
    cost = 0
    for family, m in zip(families, assigned.tolist(), strict=True):
        if m < 0:
            mentor_for[family.key] = pair_costs[family.key] = None
            cost += weights.unassigned
        else:
            mentor_for[family.key] = mentors[m].key
            pair_costs[family.key] = pair = pair_cost(family, mentors[m], weights)
            cost += pair
    for m, count in Counter(m for m in assigned.tolist() if m >= 0).items():
        mentor = mentors[m]
        cost += sum(load_cost(mentor.load + j, mentor, weights) for j in range(count))
    # The solver's objective and this recount must agree: a difference would mean the
    # network does not price what pair_cost and load_cost price, a bug, not rounding.
    if objective is not None and abs(objective - cost) > 0.5:
        raise RuntimeError(f"solver cost {objective} differs from the assignment's {cost}")
    return Proposal(mentor_for=mentor_for, cost=cost, pair_costs=pair_costs)
