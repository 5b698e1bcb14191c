"""How fast the exact mentor assignment is, checked against a second exact method.

    .venv/bin/python bench/matching_bench.py [--families 10000] [--mentors 1000] [--seed 2014]

Generates a synthetic province (fixed seed): families spread unevenly over 2,000 villages in
200 districts of 20 regencies, mentors covering 1-4 districts of one regency. Then times
`propose` (min-cost flow, HiGHS dual simplex), `propose_by_assignment` (linear_sum_assignment
on the dense families x places matrix) and, as the baseline measured in the same run, a plain
greedy pass (each family in turn takes the cheapest mentor with room). `--skip-dense` leaves
the second method out (its matrix takes 8 * families * places bytes, ~0.9 GB at full size).

Reading the numbers: both exact methods must report the same total cost, otherwise the
script exits with status 1; the greedy cost shows what exactness buys. The machine is shared
and noisy, so compare the ratios (propose / greedy, dense / propose) between versions rather
than the seconds; the arc count should stay a small fraction of families x places.
"""

import argparse
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from purna.core.matching import (  # noqa: E402
    Family,
    MentorOffer,
    Weights,
    load_cost,
    network_size,
    pair_cost_matrix,
    propose,
    propose_by_assignment,
    total_cost,
)

SECTORS = ("agriculture", "livestock", "fisheries", "food", "retail", "crafts", "services",
           "transport", "tailoring", "other")  # fmt: skip
REGENCIES, DISTRICTS_PER_REGENCY, VILLAGES_PER_DISTRICT = 20, 10, 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--skip-dense", action="store_true", help="skip the second method")
    args = parser.parse_args()
    weights = Weights()

    step("generating the instance")
    families, mentors = generate(args.families, args.mentors, args.seed)
    places = sum(m.capacity for m in mentors)
    arcs = network_size(families, mentors, weights)

    step("greedy pass (baseline)")
    greedy, greedy_seconds = timed(lambda: greedy_assign(families, mentors, weights))
    greedy_cost = total_cost(greedy, families, mentors, weights)

    step("propose: min-cost flow")
    flow, flow_seconds = timed(lambda: propose(families, mentors, weights))
    flow_check = total_cost(flow.mentor_for, families, mentors, weights)

    dense = dense_seconds = None
    if not args.skip_dense:
        step(f"propose_by_assignment: dense {len(families):,} x {places:,} matrix")
        dense, dense_seconds = timed(lambda: propose_by_assignment(families, mentors, weights))

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    regencies = {f.village[:5] for f in families}
    districts = {f.village[:8] for f in families}
    villages = {f.village for f in families}
    unassigned = len(flow.unassigned)

    def line(label, seconds, cost, extra=""):
        return f"{label:<40}{seconds:>9.2f} s{cost:>14,}  {extra}"

    print()
    print(
        f"{len(families):,} families in {len(villages):,} villages, {len(districts)} districts, "
        f"{len(regencies)} regencies; {len(mentors):,} mentors with {places:,} free places"
    )
    print(
        f"flow network: {arcs['total']:,} arcs ({arcs['direct']:,} direct, "
        f"{arcs['into hubs']:,} + {arcs['out of hubs']:,} through {arcs['hubs']:,} hubs, "
        f"{arcs['places']:,} places, "
        f"{arcs['unassigned']:,} unassigned); dense would be {len(families) * places:,}"
    )
    print(f"{'':<40}{'time':>11}{'total cost':>14}")
    print(line("propose (min-cost flow, HiGHS)", flow_seconds, flow.cost))
    if dense is not None:
        print(line("propose_by_assignment (dense LSA)", dense_seconds, dense.cost))
    excess = (greedy_cost - flow.cost) / flow.cost * 100 if flow.cost else 0.0
    extra = f"+{greedy_cost - flow.cost:,} (+{excess:.1f}%) over the optimum"
    print(line("baseline: greedy pass", greedy_seconds, greedy_cost, extra))
    print(f"{'ratio propose / greedy':<40}{flow_seconds / greedy_seconds:>9.1f} x")
    if dense is not None:
        print(f"{'ratio dense / propose':<40}{dense_seconds / flow_seconds:>9.1f} x")
    print(f"{'unassigned families':<40}{unassigned:>9,}")
    print(f"{'peak memory of the process':<40}{peak:>9.0f} MB")

    problems = []
    if flow_check != flow.cost:
        problems.append(f"propose reports {flow.cost:,} but total_cost says {flow_check:,}")
    if dense is not None and dense.cost != flow.cost:
        problems.append(f"the exact methods disagree: {flow.cost:,} != {dense.cost:,}")
    if greedy_cost < flow.cost:
        problems.append(f"greedy beat the optimum: {greedy_cost:,} < {flow.cost:,}")
    for problem in problems:
        print(f"FAILED: {problem}")
    if problems:
        sys.exit(1)
    print("both exact methods agree" if dense is not None else "exact cost checked")


def step(text: str) -> None:
    print(f"... {text}", file=sys.stderr, flush=True)


def timed(work):
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def generate(n_families: int, n_mentors: int, seed: int):
    """Families spread unevenly over villages (some villages send many migrants); mentors
    each covering 1-4 districts of one regency, some with a home village there; 8-15 free
    places; 1-3 sectors; ~30% of families wishing for a mentor of the same sex."""
    rng = random.Random(seed)
    regencies = [f"35.{r:02d}" for r in range(1, REGENCIES + 1)]
    districts = {
        regency: [f"{regency}.{d:02d}" for d in range(1, DISTRICTS_PER_REGENCY + 1)]
        for regency in regencies
    }
    villages = [
        f"{district}.{2000 + v}" if v % 3 else f"{district}.{1000 + v}"
        for regency in regencies
        for district in districts[regency]
        for v in range(1, VILLAGES_PER_DISTRICT + 1)
    ]
    popularity = [rng.paretovariate(1.5) for _ in villages]
    homes = rng.choices(villages, weights=popularity, k=n_families)
    families = []
    for n, village in enumerate(homes):
        stated = rng.choices((0, 1, 2, 3), weights=(20, 45, 25, 10))[0]
        families.append(
            Family(
                key=n,
                village=village,
                sex=rng.choice("LP"),
                interests=tuple(rng.sample(SECTORS, stated)),
                wants_same_sex=rng.random() < 0.30,
            )
        )
    mentors = []
    for n in range(n_mentors):
        regency = rng.choice(regencies)
        covered = frozenset(rng.sample(districts[regency], rng.randint(1, 4)))
        home = None
        if rng.random() < 0.4:
            home = f"{rng.choice(sorted(covered))}.{2001 + rng.randrange(VILLAGES_PER_DISTRICT)}"
        capacity = rng.randint(8, 15)
        mentors.append(
            MentorOffer(
                key=f"m{n}",
                sex=rng.choice("LP"),
                capacity=capacity,
                sectors=frozenset(rng.sample(SECTORS, rng.randint(1, 3))),
                districts=covered,
                village=home,
                load=rng.randint(0, 5),
            )
        )
    return families, mentors


def greedy_assign(families, mentors, weights) -> dict:
    """Each family in input order takes the mentor with room whose pair cost plus the cost
    of their next place is least (lowest index on ties). Same data, no look-ahead."""
    pair = pair_cost_matrix(families, mentors, weights)
    taken = np.zeros(len(mentors), np.int64)

    def next_place(m: int) -> float:
        mentor = mentors[m]
        if taken[m] >= mentor.capacity:
            return np.inf
        return load_cost(mentor.load + taken[m], mentor, weights)

    marginal = np.array([next_place(m) for m in range(len(mentors))], np.float64)
    mentor_for = {}
    for f, family in enumerate(families):
        if not len(mentors):
            mentor_for[family.key] = None
            continue
        m = int(np.argmin(pair[f] + marginal))
        if np.isinf(marginal[m]):
            mentor_for[family.key] = None
            continue
        mentor_for[family.key] = mentors[m].key
        taken[m] += 1
        marginal[m] = next_place(m)
    return mentor_for


if __name__ == "__main__":
    main()
