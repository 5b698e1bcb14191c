"""Instruments are data: a new version changes wording, reversal and threshold without a
deploy, and old assessments keep the version (and result) they were recorded with."""

from datetime import date

from purna.assessment.models import Instrument, InstrumentItem
from purna.assessment.services import instrument_current
from tests.factories import answers_for, make_assessment


def make_version_2(*, threshold: float) -> Instrument:
    v1 = Instrument.objects.get(version=1)
    v2 = Instrument.objects.create(version=2, name="v2", threshold=threshold)
    for item in v1.items.all():
        InstrumentItem.objects.create(
            instrument=v2,
            code=item.code,
            axis=item.axis,
            reversed=item.reversed,
            text_id=item.text_id + " (v2)",
            text_en=item.text_en,
            position=item.position,
        )
    return v2


def test_new_version_is_used_for_new_assessments_only(person):
    neutral = answers_for(3, 3)  # exactly 50 on both axes
    old = make_assessment(person, answers=neutral, assessed_on=date(2026, 1, 1))
    assert old.quadrant == "I"  # 50 is not above the threshold of 50
    make_version_2(threshold=40)
    assert instrument_current().version == 2
    new = make_assessment(person, answers=neutral, assessed_on=date(2026, 2, 1))
    assert new.instrument.version == 2 and new.quadrant == "IV"
    old.refresh_from_db()
    assert old.instrument.version == 1 and old.quadrant == "I"
    person.refresh_from_db()
    assert person.quadrant == "IV"


def test_reversal_is_data(person):
    v2 = make_version_2(threshold=50)
    v2.items.filter(code__in=["E05", "E07"]).update(reversed=False)
    answers = answers_for(5, 5)  # E05 and E07 answered 1, as reversed items
    assert make_assessment(person, answers=answers).business_score == 80.0


def test_inactive_version_is_not_used(person):
    make_version_2(threshold=40).__class__.objects.filter(version=2).update(is_active=False)
    assert instrument_current().version == 1
