"""Recording assessments: classify with core, store, refresh the person, audit."""

from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from functools import lru_cache

from django.db import transaction
from django.utils import timezone

from purna.audit.models import AuditEvent
from purna.audit.services import audit_record, diff
from purna.bulk import rows_update
from purna.core import instrument as core_instrument
from purna.core.assessments import current_quadrant, current_self_assessment, participant_status
from purna.core.scoring import Classification, classify
from purna.people.models import Person

from .models import Assessment, Instrument, QuadrantPlacement

AUDITED = (
    "assessed_on",
    "source",
    "answers",
    "business_interests",
    "skills_abroad",
    "capital_available",
    "quadrant",
)


def instrument_current() -> Instrument:
    """The instrument used for new assessments: the newest active version."""
    return Instrument.objects.filter(is_active=True).order_by("-version").first()


@lru_cache(maxsize=32)
def _core_instrument_cached(pk: int, version: int, stamp: str) -> core_instrument.Instrument:
    instrument = Instrument.objects.get(pk=pk)
    items = tuple(
        core_instrument.Item(
            code=i.code,
            axis=core_instrument.Axis(i.axis),
            reversed=i.reversed,
            text_id=i.text_id,
            text_en=i.text_en,
        )
        for i in instrument.items.all()
    )
    return core_instrument.Instrument(
        version=instrument.version,
        items=items,
        threshold=instrument.threshold,
        min_answered=Fraction(instrument.min_answered_percent, 100),
    )


def instrument_rules(instrument: Instrument) -> core_instrument.Instrument:
    """The core view of an instrument version (cached; a changed item invalidates it)."""
    stamp = (
        "|".join(
            f"{c}:{a}:{r}" for c, a, r in instrument.items.values_list("code", "axis", "reversed")
        )
        + f"|{instrument.threshold}|{instrument.min_answered_percent}"
    )
    return _core_instrument_cached(instrument.pk, instrument.version, stamp)


def classification_apply(assessment: Assessment, result: Classification) -> None:
    assessment.business_score = result.business_score
    assessment.sakinah_score = result.sakinah_score
    assessment.quadrant = result.quadrant.value if result.quadrant else ""


def person_refresh_classification(person: Person) -> Person:
    """Point the person at their current self assessment and copy its result; a newer
    field-test placement decides the quadrant."""
    current = current_self_assessment(person.assessments.all())
    _apply_current(person, current, [p.as_core() for p in person.placements.all()])
    person.save(
        update_fields=[
            "current_assessment",
            "quadrant",
            "business_score",
            "sakinah_score",
            "status",
            "updated_at",
        ]
    )
    return person


def _apply_current(person: Person, current: Assessment | None, placements: list) -> None:
    person.current_assessment = current
    person.quadrant = current_quadrant(current, placements)
    person.business_score = current.business_score if current else None
    person.sakinah_score = current.sakinah_score if current else None
    person.status = participant_status(
        bool(person.quadrant),
        stage=person.stage,
        withdrawn=person.withdrawn_on is not None,
        graduated=person.graduated_on is not None,
    )


def people_refresh_classification(person_ids: Iterable[int]) -> None:
    """The bulk form for imports: two queries per batch instead of several per person."""
    ids = list(person_ids)
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        people = {p.pk: p for p in Person.objects.filter(pk__in=batch)}
        by_person: dict[int, list[Assessment]] = {pk: [] for pk in people}
        for a in (
            Assessment.objects.filter(person_id__in=batch, source="self")
            .exclude(quadrant="")
            .only(
                "id",
                "person_id",
                "source",
                "assessed_on",
                "recorded_at",
                "quadrant",
                "business_score",
                "sakinah_score",
            )
        ):
            by_person[a.person_id].append(a)
        placements: dict[int, list] = {pk: [] for pk in people}
        for p in QuadrantPlacement.objects.filter(person_id__in=batch):
            placements[p.person_id].append(p.as_core())
        for pk, person in people.items():
            _apply_current(person, current_self_assessment(by_person[pk]), placements[pk])
        rows_update(
            Person,
            list(people.values()),
            ["current_assessment", "quadrant", "business_score", "sakinah_score", "status"],
        )


@transaction.atomic
def assessment_record(
    *,
    actor,
    person: Person,
    assessed_on: date,
    source: str,
    answers: Mapping[str, int | None],
    instrument: Instrument | None = None,
    business_interests: list[str] | None = None,
    skills_abroad: str = "",
    capital_available: int | None = None,
    submission_id: str | None = None,
) -> Assessment:
    instrument = instrument or instrument_current()
    rules = instrument_rules(instrument)
    assessment = Assessment(
        person=person,
        instrument=instrument,
        assessed_on=assessed_on,
        source=source,
        answers={code: answers.get(code) for code in rules.codes},
        business_interests=list(business_interests or []),
        skills_abroad=skills_abroad.strip(),
        capital_available=capital_available,
        submission_id=submission_id or None,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        recorded_at=timezone.now(),
    )
    classification_apply(assessment, classify(assessment.answers, rules))
    assessment.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=assessment,
        person_id=person.pk,
        changes={k: [None, v] for k, v in _audited(assessment).items()},
    )
    person_refresh_classification(person)
    return assessment


@transaction.atomic
def assessment_delete(*, actor, assessment: Assessment) -> None:
    person = assessment.person
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=assessment,
        person_id=person.pk,
        summary=f"{assessment.assessed_on} {assessment.source}",
    )
    assessment.delete()
    person_refresh_classification(person)


def _audited(assessment: Assessment) -> dict:
    values = {name: getattr(assessment, name) for name in AUDITED}
    values["assessed_on"] = str(values["assessed_on"])
    return values


def audit_changes(before: Assessment, after: Assessment) -> dict:
    return diff(_audited(before), _audited(after))


@transaction.atomic
def placement_record(
    *, actor, person: Person, quadrant: str, placed_on: date, reason: str
) -> QuadrantPlacement:
    """Place the person in a quadrant (a field test that did not confirm quadrant IV)."""
    placement = QuadrantPlacement.objects.create(
        person=person,
        quadrant=quadrant,
        placed_on=placed_on,
        reason=reason,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=placement,
        person_id=person.pk,
        changes={"quadrant": [person.quadrant or None, quadrant], "reason": [None, reason]},
    )
    person_refresh_classification(person)
    return placement
