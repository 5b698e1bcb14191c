"""Pathway progress through the services: order, reasons, status, re-assessment, withdrawal."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from purna.audit.models import AuditEvent
from purna.programme.models import Module, PlanEntry
from purna.programme.services import (
    optional_module_attach,
    person_plan,
    person_reinstate,
    person_withdraw,
    plan_step_set,
)
from tests.factories import make_assessment


def module(code):
    return Module.objects.get(code=code)


def states(person):
    return {step.code: str(step.state) for step in person_plan(person)}


@pytest.fixture
def quadrant_i(person):
    make_assessment(person, "I", assessed_on=date(2026, 1, 5))
    person.refresh_from_db()
    return person


def step(person, code, state, reason=""):
    plan_step_set(actor=None, person=person, module=module(code), state=state, reason=reason)
    person.refresh_from_db()


def test_the_pathway_modules_are_in_the_catalogue(db):
    assert Module.objects.filter(in_pathway=True).count() == 8


def test_status_follows_the_furthest_started_module(quadrant_i):
    assert quadrant_i.status == "identified"
    step(quadrant_i, "MINDSET_BUSINESS", "in_progress")
    assert quadrant_i.status == "in_training"
    for code in ("MINDSET_BUSINESS", "MINDSET_SAKINAH", "TRAINING_BUSINESS", "TRAINING_SAKINAH"):
        step(quadrant_i, code, "completed")
    step(quadrant_i, "PRACTICE", "in_progress")
    assert quadrant_i.status == "in_practice"
    step(quadrant_i, "PRACTICE", "completed")
    step(quadrant_i, "MENTORING", "in_progress")
    assert quadrant_i.status == "in_mentoring"


def test_training_before_mindset_is_refused_and_nothing_changes(quadrant_i):
    with pytest.raises(ValidationError, match="Pola pikir kewirausahaan"):
        step(quadrant_i, "TRAINING_BUSINESS", "in_progress")
    assert not PlanEntry.objects.exists() and quadrant_i.status == "identified"


def test_dropping_needs_a_reason(quadrant_i):
    with pytest.raises(ValidationError):
        step(quadrant_i, "MINDSET_BUSINESS", "dropped")
    step(quadrant_i, "MINDSET_BUSINESS", "dropped", "pindah kerja")
    assert states(quadrant_i)["MINDSET_BUSINESS"] == "dropped"


def test_module_not_on_the_plan_is_refused(quadrant_i):
    with pytest.raises(ValidationError):
        step(quadrant_i, "FIELD_VERIFICATION", "in_progress")


def test_reassessment_reroutes_and_keeps_progress(quadrant_i):
    step(quadrant_i, "MINDSET_BUSINESS", "completed")
    step(quadrant_i, "MINDSET_SAKINAH", "in_progress")
    make_assessment(quadrant_i, "III", assessed_on=date(2026, 6, 1))
    quadrant_i.refresh_from_db()
    assert quadrant_i.quadrant == "III"
    assert states(quadrant_i) == {
        "MINDSET_BUSINESS": "completed",
        "MINDSET_SAKINAH": "in_progress",  # in progress continues
        "TRAINING_BUSINESS": "planned",
        "TRAINING_SAKINAH": "not_needed",  # planned, no longer needed
        "PRACTICE": "planned",
        "MENTORING": "planned",
    }
    assert quadrant_i.status == "in_training"


def test_planning_again_lets_a_reassessment_decide(quadrant_i):
    step(quadrant_i, "MINDSET_SAKINAH", "in_progress")
    step(quadrant_i, "MINDSET_SAKINAH", "planned")
    assert not PlanEntry.objects.exists()
    make_assessment(quadrant_i, "III", assessed_on=date(2026, 6, 1))
    assert states(quadrant_i)["MINDSET_SAKINAH"] == "not_needed"


def test_every_change_is_audited(quadrant_i):
    step(quadrant_i, "MINDSET_BUSINESS", "in_progress")
    step(quadrant_i, "MINDSET_BUSINESS", "planned")
    changes = [e.changes for e in AuditEvent.objects.filter(entity="planentry").order_by("id")]
    assert changes == [
        {"state": ["", "in_progress"]},
        {"state": ["in_progress", "planned"]},
    ]


def test_withdrawal_is_reversible(quadrant_i):
    step(quadrant_i, "MINDSET_BUSINESS", "in_progress")
    person_withdraw(actor=None, person=quadrant_i, reason="migrated_again", on=date(2026, 7, 1))
    quadrant_i.refresh_from_db()
    assert quadrant_i.status == "withdrawn"
    make_assessment(quadrant_i, "II", assessed_on=date(2026, 7, 2))  # stays withdrawn
    quadrant_i.refresh_from_db()
    assert quadrant_i.status == "withdrawn"
    person_reinstate(actor=None, person=quadrant_i)
    quadrant_i.refresh_from_db()
    assert quadrant_i.status == "in_training" and quadrant_i.withdrawal_reason == ""


def test_optional_modules(quadrant_i):
    literacy = Module.objects.create(
        code="LITERASI_KEUANGAN", name_id="Literasi keuangan", name_en="Financial literacy"
    )
    optional_module_attach(actor=None, person=quadrant_i, module=literacy)
    optional_module_attach(actor=None, person=quadrant_i, module=literacy)  # once only
    assert list(states(quadrant_i))[-1] == "LITERASI_KEUANGAN"
    step(quadrant_i, "LITERASI_KEUANGAN", "completed")
    step(quadrant_i, "LITERASI_KEUANGAN", "planned")  # optional entries stay on the plan
    assert states(quadrant_i)["LITERASI_KEUANGAN"] == "planned"
    with pytest.raises(ValidationError):
        optional_module_attach(actor=None, person=quadrant_i, module=module("PRACTICE"))
