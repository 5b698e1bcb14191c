"""Which assessment counts, when sources disagree, and the participant's status.

A family may be assessed many times and by several sources (the returnee, the spouse,
an officer, a mentor, neighbours: the paper's triangulation). The returnee's own latest
complete assessment decides the quadrant; the other sources are checked against it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from purna.core.instrument import Axis

SELF = "self"
SOURCES = (SELF, "spouse", "family", "officer", "mentor", "community")

# How far apart two sources may be on an axis before someone should look (points of 100).
DIVERGENCE_POINTS = 20
# Scores come from floats and from DecimalFields; 32.95 - 12.95 is 20.000000000000004 in
# floats, which must not count as more than 20.
_TOLERANCE = 1e-9

IDENTIFIED = "identified"
REGISTERED = "registered"


class AssessmentFacts(Protocol):
    """What the rules need from an assessment. Read-only properties so that Django model
    instances and frozen dataclasses both fit."""

    @property
    def source(self) -> str: ...
    @property
    def assessed_on(self) -> date: ...
    @property
    def recorded_at(self) -> datetime: ...
    @property
    def pk(self) -> int | None: ...
    @property
    def business_score(self) -> float | None: ...
    @property
    def sakinah_score(self) -> float | None: ...
    @property
    def complete(self) -> bool: ...


T = TypeVar("T", bound=AssessmentFacts)


def _recency(assessment: AssessmentFacts) -> tuple[date, datetime, bool, int]:
    # assessed_on first: an interview typed in late still describes the day it was held.
    # An unsaved assessment (pk None) is the one being recorded now, so it ranks last.
    pk = assessment.pk
    return (assessment.assessed_on, assessment.recorded_at, pk is None, pk or 0)


def current_self_assessment(assessments: Iterable[T]) -> T | None:
    """The returnee's latest complete self-assessment, or None.

    Latest by assessed_on; on the same date the one recorded last (recorded_at, then pk).
    Incomplete ones are skipped: a half-filled form must not clear a known quadrant.
    """
    candidates = [a for a in assessments if a.source == SELF and a.complete]
    return max(candidates, key=_recency, default=None)


def divergent_axes(reference: AssessmentFacts, other: AssessmentFacts) -> list[Axis]:
    """Axes where both have a score and they differ by more than DIVERGENCE_POINTS."""
    pairs = (
        (Axis.BUSINESS, reference.business_score, other.business_score),
        (Axis.SAKINAH, reference.sakinah_score, other.sakinah_score),
    )
    return [
        axis
        for axis, mine, theirs in pairs
        if mine is not None
        and theirs is not None
        and abs(float(mine) - float(theirs)) > DIVERGENCE_POINTS + _TOLERANCE
    ]


WITHDRAWN = "withdrawn"
INDEPENDENT = "independent"
PEER_MENTOR_STAGE = "peer_mentor"  # core.progress.STAGES


def participant_status(
    has_complete_self_assessment: bool,
    *,
    stage: str | None = None,
    withdrawn: bool = False,
    graduated: bool = False,
) -> str:
    """The status: "withdrawn" while withdrawn; "peer_mentor" once the family became a
    mitra pendamping; "independent" once a coordinator confirmed its graduation; else the
    programme stage reached (see core.progress.stage); else "identified" once a complete
    self assessment exists; else "registered"."""
    if withdrawn:
        return WITHDRAWN
    if stage == PEER_MENTOR_STAGE:
        return stage
    if graduated:
        return INDEPENDENT
    if stage:
        return stage
    return IDENTIFIED if has_complete_self_assessment else REGISTERED


@dataclass(frozen=True)
class Placement:
    """A quadrant set by a field test that did not confirm quadrant IV: it stands until a
    newer complete self assessment."""

    placed_on: date
    recorded_at: datetime
    quadrant: str


def _when(item) -> tuple[date, datetime]:
    if isinstance(item, Placement):
        return (item.placed_on, item.recorded_at)
    return (item.assessed_on, item.recorded_at)


def current_quadrant(current_self: AssessmentFacts | None, placements: Iterable[Placement]) -> str:
    """The quadrant that counts: the newest of the current self assessment and the
    placements (by date, then the time recorded); "" when there is neither."""
    events: list = [p for p in placements]
    if current_self is not None:
        events.append(current_self)
    if not events:
        return ""
    latest = max(events, key=_when)
    return latest.quadrant if isinstance(latest, Placement) else str(latest.quadrant)


def quadrant_history(
    self_assessments: Iterable[AssessmentFacts], placements: Iterable[Placement]
) -> list[str]:
    """Quadrants oldest first: each complete self assessment and each placement."""
    events = [a for a in self_assessments if a.source == SELF and a.complete]
    events += list(placements)
    return [
        e.quadrant if isinstance(e, Placement) else str(e.quadrant)
        for e in sorted(events, key=_when)
    ]
