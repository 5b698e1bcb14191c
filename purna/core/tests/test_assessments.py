from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from purna.core.assessments import (
    DIVERGENCE_POINTS,
    SELF,
    SOURCES,
    AssessmentFacts,
    current_self_assessment,
    divergent_axes,
    participant_status,
)
from purna.core.instrument import Axis


@dataclass(frozen=True)
class Facts:
    source: str = "self"
    assessed_on: date = date(2025, 3, 1)
    recorded_at: datetime = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    pk: int | None = 1
    business_score: float | None = 60.0
    sakinah_score: float | None = 40.0

    @property
    def complete(self) -> bool:
        return self.business_score is not None and self.sakinah_score is not None


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour, 0, tzinfo=UTC)


def test_sources():
    assert SELF == "self" and SOURCES[0] == SELF
    assert SOURCES == ("self", "spouse", "family", "officer", "mentor", "community")


def test_none_when_there_is_nothing_to_choose():
    assert current_self_assessment([]) is None
    assert current_self_assessment(iter([])) is None


def test_later_date_wins():
    old = Facts(pk=1, assessed_on=date(2025, 1, 10), recorded_at=at(1))
    new = Facts(pk=2, assessed_on=date(2025, 2, 10), recorded_at=at(2))
    assert current_self_assessment([new, old]) is new
    assert current_self_assessment([old, new]) is new


def test_later_date_wins_even_if_recorded_earlier():
    # the February interview was typed in before the backlog from January
    february = Facts(pk=1, assessed_on=date(2025, 2, 10), recorded_at=at(1))
    january = Facts(pk=2, assessed_on=date(2025, 1, 10), recorded_at=at(5))
    assert current_self_assessment([january, february]) is february


def test_same_date_later_recorded_at_wins():
    morning = Facts(pk=2, recorded_at=at(1, 8))
    evening = Facts(pk=1, recorded_at=at(1, 20))
    assert current_self_assessment([evening, morning]) is evening
    assert current_self_assessment([morning, evening]) is evening


def test_same_date_and_time_higher_pk_wins():
    first = Facts(pk=7)
    second = Facts(pk=8)
    assert current_self_assessment([second, first]) is second
    assert current_self_assessment([first, second]) is second


def test_unsaved_assessment_ranks_after_saved_ones_on_a_full_tie():
    saved = Facts(pk=99)
    unsaved = Facts(pk=None)
    assert current_self_assessment([unsaved, saved]) is unsaved


def test_other_sources_and_incomplete_assessments_are_ignored():
    chosen = Facts(pk=1, assessed_on=date(2025, 1, 1))
    newer_by_officer = Facts(pk=2, source="officer", assessed_on=date(2025, 6, 1))
    newer_by_spouse = Facts(pk=3, source="spouse", assessed_on=date(2025, 6, 2))
    newer_incomplete = Facts(pk=4, assessed_on=date(2025, 6, 3), sakinah_score=None)
    pool = [newer_by_officer, chosen, newer_incomplete, newer_by_spouse]
    assert current_self_assessment(pool) is chosen
    assert current_self_assessment([newer_by_officer, newer_incomplete]) is None


@pytest.mark.parametrize(
    ("mine", "theirs", "axes"),
    [
        ((60.0, 40.0), (60.0, 40.0), []),
        ((60.0, 40.0), (80.0, 20.0), []),  # exactly 20 apart is not flagged
        ((60.0, 40.0), (80.5, 40.0), [Axis.BUSINESS]),
        ((60.0, 40.0), (39.5, 40.0), [Axis.BUSINESS]),
        ((60.0, 40.0), (60.0, 60.5), [Axis.SAKINAH]),
        ((60.0, 40.0), (20.0, 90.0), [Axis.BUSINESS, Axis.SAKINAH]),
        ((60.0, None), (20.0, 90.0), [Axis.BUSINESS]),
        ((60.0, 40.0), (None, 90.0), [Axis.SAKINAH]),
        ((None, None), (0.0, 100.0), []),
        # 32.95 - 12.95 is 20.000000000000004 in floats: still exactly 20 points
        ((32.95, 40.0), (12.95, 40.0), []),
    ],
)
def test_divergent_axes(mine, theirs, axes):
    reference = Facts(business_score=mine[0], sakinah_score=mine[1])
    other = Facts(source="spouse", business_score=theirs[0], sakinah_score=theirs[1])
    assert DIVERGENCE_POINTS == 20
    assert divergent_axes(reference, other) == axes
    assert divergent_axes(other, reference) == axes


def test_divergent_axes_accepts_decimal_scores_from_the_database():
    from decimal import Decimal

    stored = {"business_score": Decimal("70.50"), "sakinah_score": Decimal("50.00")}
    reference = Facts(**stored)  # type: ignore[arg-type]
    other = Facts(business_score=50.0, sakinah_score=70.0)
    assert divergent_axes(reference, other) == [Axis.BUSINESS]


def test_participant_status():
    assert participant_status(True) == "identified"
    assert participant_status(False) == "registered"


def test_graduation_outranks_the_stage_but_not_withdrawal_or_peer_mentoring():
    assert participant_status(True, stage="in_mentoring", graduated=True) == "independent"
    assert participant_status(True, stage="in_mentoring", graduated=True, withdrawn=True) == (
        "withdrawn"
    )
    assert participant_status(True, stage="peer_mentor", graduated=True) == "peer_mentor"
    assert participant_status(True, stage="in_mentoring") == "in_mentoring"


def test_plain_objects_fit_the_protocol():
    class Row:  # shaped like a Django model instance: plain attributes
        source = "self"
        assessed_on = date(2025, 1, 1)
        recorded_at = at(1)
        pk = 5
        business_score = 10.0
        sakinah_score = 90.0
        complete = True

    row: AssessmentFacts = Row()
    assert current_self_assessment([row]) is row


def test_a_newer_placement_overrides_the_self_assessment_until_a_newer_one():
    from datetime import date, datetime

    from purna.core.assessments import Placement, current_quadrant, quadrant_history

    class A:
        def __init__(self, on, quadrant, hour=9):
            self.source, self.complete, self.pk = "self", True, 1
            self.assessed_on, self.quadrant = on, quadrant
            self.recorded_at = datetime(2026, 1, 1, hour)

    first = A(date(2026, 1, 1), "IV")
    placement = Placement(date(2026, 3, 1), datetime(2026, 3, 1, 10), "II")
    assert current_quadrant(first, [placement]) == "II"
    later = A(date(2026, 6, 1), "IV")
    assert current_quadrant(later, [placement]) == "IV"
    assert current_quadrant(None, []) == ""
    assert quadrant_history([later, first], [placement]) == ["IV", "II", "IV"]
