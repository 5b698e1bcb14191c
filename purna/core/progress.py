"""Progress along a pathway: each module's state, the order modules must follow, re-routing
after a re-assessment, and the stage of the programme a family is in.

The plan is derived, not stored: from the history of the family's quadrants (one per
complete self assessment, oldest first) and the states staff have recorded. A module no
one has touched is `planned` while the current pathway needs it, and `not_needed` once a
re-assessment routes the family elsewhere; recorded states (in progress, completed,
dropped, not needed, or an optional module attached by a coordinator) always stand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .pathways import (
    FIELD_VERIFICATION,
    MENTORING,
    MINDSET_BUSINESS,
    MINDSET_SAKINAH,
    MODULE_CODES,
    PEER_MENTOR,
    PRACTICE,
    TRAINING_BUSINESS,
    TRAINING_SAKINAH,
    pathway_for,
)
from .quadrants import Quadrant


class State(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DROPPED = "dropped"
    NOT_NEEDED = "not_needed"


STARTED = frozenset({State.IN_PROGRESS, State.COMPLETED})
# A prerequisite in one of these states no longer holds back what follows it.
SETTLED = frozenset({State.COMPLETED, State.NOT_NEEDED})
NEEDS_REASON = frozenset({State.DROPPED, State.NOT_NEEDED})

# Reason recorded for modules a re-assessment made unnecessary.
REASSESSMENT = "reassessment"

# Mindset before the matching training, training before practice, practice before
# mentoring; the field test before becoming a peer mentor. Only prerequisites that are on
# the family's plan count: quadrant II has no business training to wait for.
PREREQUISITES: Mapping[str, tuple[str, ...]] = {
    TRAINING_BUSINESS: (MINDSET_BUSINESS,),
    TRAINING_SAKINAH: (MINDSET_SAKINAH,),
    PRACTICE: (TRAINING_BUSINESS, TRAINING_SAKINAH),
    MENTORING: (PRACTICE,),
    PEER_MENTOR: (FIELD_VERIFICATION,),
}

# Stages of the programme, latest first: the furthest started module decides.
STAGES: tuple[tuple[str, frozenset[str]], ...] = (
    ("peer_mentor", frozenset({PEER_MENTOR})),
    ("in_mentoring", frozenset({MENTORING})),
    ("in_practice", frozenset({PRACTICE})),
    (
        "in_training",
        frozenset({MINDSET_BUSINESS, MINDSET_SAKINAH, TRAINING_BUSINESS, TRAINING_SAKINAH}),
    ),
)


@dataclass(frozen=True)
class Recorded:
    """What staff recorded for one module of one family."""

    state: State
    reason: str = ""
    optional: bool = False  # attached by a coordinator, outside the quadrant's pathway


@dataclass(frozen=True)
class Step:
    code: str
    state: State
    reason: str = ""
    optional: bool = False


class InvalidTransition(ValueError):
    """`.reason` is "reason_required" or "prerequisites"; `.blocking` lists the modules."""

    def __init__(self, reason: str, blocking: Sequence[str] = ()):
        super().__init__(reason)
        self.reason = reason
        self.blocking = tuple(blocking)


def _order(code: str) -> tuple[int, str]:
    # Pathway modules in the model's order, optional modules after them by code.
    return (MODULE_CODES.index(code), "") if code in MODULE_CODES else (len(MODULE_CODES), code)


def plan_for(quadrant_history: Sequence[Quadrant], recorded: Mapping[str, Recorded]) -> list[Step]:
    """The family's plan in pathway order. `quadrant_history` is oldest first; its last
    element is the current quadrant. Empty history and nothing recorded: an empty plan."""
    current = set(pathway_for(quadrant_history[-1])) if quadrant_history else set()
    earlier = {code for q in quadrant_history[:-1] for code in pathway_for(q)}
    steps = []
    for code in sorted(current | earlier | set(recorded), key=_order):
        if code in recorded:
            r = recorded[code]
            steps.append(Step(code, r.state, r.reason, r.optional))
        elif code in current:
            steps.append(Step(code, State.PLANNED))
        else:
            steps.append(Step(code, State.NOT_NEEDED, REASSESSMENT))
    return steps


def blocking_prerequisites(code: str, plan: Sequence[Step]) -> list[str]:
    """Prerequisites on the plan that are not yet completed (or set aside as not needed)."""
    states = {step.code: step.state for step in plan}
    return [
        before
        for before in PREREQUISITES.get(code, ())
        if before in states and states[before] not in SETTLED
    ]


def check_transition(code: str, new_state: State, plan: Sequence[Step], reason: str = "") -> None:
    """Raise InvalidTransition when staff may not put `code` into `new_state` now."""
    if new_state in NEEDS_REASON and not reason.strip():
        raise InvalidTransition("reason_required")
    if new_state in STARTED:
        blocking = blocking_prerequisites(code, plan)
        if blocking:
            raise InvalidTransition("prerequisites", blocking)


def stage(plan: Sequence[Step]) -> str | None:
    """The furthest stage the family has reached, or None before any module started."""
    started = {step.code for step in plan if step.state in STARTED}
    for name, modules in STAGES:
        if started & modules:
            return name
    return None


def progress_cell(plan: Sequence[Step]) -> str:
    """The export's `pathway_progress`: CODE=state joined by ";" in pathway order."""
    return ";".join(f"{step.code}={step.state}" for step in plan)
