"""The graduation criteria end to end: the facts Purna reads from the records, and who
is proposed (the candidates list) with the reason for each criterion not met."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from purna.assessment.services import placement_record
from purna.business.models import Business
from purna.graduation import selectors
from purna.graduation.models import GraduationRules
from purna.programme.services import person_withdraw
from tests.factories import make_assessment, make_person

from .helpers import TODAY, add_business, complete, decent_life, in_practice, ready_family


def evaluate(person):
    with translation.override("en"):
        return selectors.evaluation_for(person, today=TODAY)


def line(evaluation, code):
    return next(line for line in evaluation.lines if line.code == code)


def proposed(user, person) -> bool:
    rows = selectors.candidates(user, today=TODAY)
    return next(row.ready for row in rows if row.person.pk == person.pk)


# --- the facts -------------------------------------------------------------------------------


def test_facts_read_plan_profits_business_check_and_self_quadrant(person):
    ready_family(person)
    facts = selectors.graduation_facts(person, today=TODAY)
    assert facts.business_operating is True
    assert facts.latest_self_quadrant == "IV"
    assert facts.latest_decent_life["savings_for_investment"] is True
    assert facts.profits[date(2026, 10, 1)] == 500_000
    assert len(facts.profits) == 8
    assert {step.code for step in facts.plan} >= {"PRACTICE", "TRAINING_BUSINESS"}


def test_profits_are_summed_over_the_familys_businesses(person):
    in_practice(person)
    add_business(person, [400_000, -100_000], name="Warung")
    add_business(person, [-500_000, 300_000], name="Ternak", status=Business.Status.PAUSED)
    facts = selectors.graduation_facts(person, today=TODAY)
    assert facts.profits == {date(2026, 9, 1): -100_000, date(2026, 10, 1): 200_000}
    assert facts.business_operating is True  # one of the two operates


def test_the_latest_decent_life_check_counts(person):
    in_practice(person)
    decent_life(person, on=date(2026, 4, 1), savings_for_investment=False)
    decent_life(person, on=date(2026, 10, 1), routine_charity=False)
    facts = selectors.graduation_facts(person, today=TODAY)
    assert facts.latest_decent_life["savings_for_investment"] is True
    assert facts.latest_decent_life["routine_charity"] is False


def test_quadrant_is_the_self_assessments_not_a_field_test_placement(person):
    ready_family(person)
    # A field test placed the family in quadrant II after its IV self assessment.
    placement_record(
        actor=None, person=person, quadrant="II", placed_on=date(2026, 10, 20), reason="test"
    )
    person.refresh_from_db()
    assert person.quadrant == "II"
    assert line(evaluate(person), "quadrant").met is True
    assert selectors.graduation_facts(person, today=TODAY).latest_self_quadrant == "IV"


def test_a_newer_incomplete_self_assessment_does_not_clear_the_quadrant(person):
    ready_family(person)
    make_assessment(person, "IV", assessed_on=date(2026, 11, 1), answers={"E01": 1})
    assert line(evaluate(person), "quadrant").met is True


# --- all four met, and each one missing ----------------------------------------------------


def test_a_family_meeting_all_four_is_proposed_first(personas, person):
    waiting = in_practice(make_person(full_name="Aminah Waiting"))
    ready_family(person)  # Siti Aminah: after Aminah by name, but ready
    rows = selectors.candidates(personas["coordinator"], today=TODAY)
    assert [(row.person.pk, row.ready) for row in rows] == [(person.pk, True), (waiting.pk, False)]
    assert [line.code for line in rows[0].lines] == [
        "modules",
        "business",
        "decent_life",
        "quadrant",
    ]
    assert all(line.met for line in rows[0].lines)


def test_module_not_finished_is_named(personas, person):
    ready_family(person, practice_done=False)
    assert proposed(personas["coordinator"], person) is False
    modules = line(evaluate(person), "modules")
    assert modules.met is False
    assert modules.facts["unfinished"] == ["PRACTICE"]
    assert modules.detail == "Not finished: Business practice."


def test_too_few_profitable_months(personas, person):
    ready_family(person, business=False)
    add_business(person, [500_000, 500_000, -1, 0, None, 500_000, 500_000, 500_000])
    assert proposed(personas["coordinator"], person) is False
    business = line(evaluate(person), "business")
    assert business.met is False
    assert business.facts["profitable"] == 5
    assert business.detail == "Profitable months: 5 of 8."


def test_profitable_months_but_no_business_operating(personas, person):
    ready_family(person, business=False)
    add_business(person, [500_000] * 8, status=Business.Status.CLOSED, closed_reason="moved")
    assert proposed(personas["coordinator"], person) is False
    business = line(evaluate(person), "business")
    assert business.met is False
    assert business.detail == "No business is operating. Profitable months: 8 of 8."


def test_an_unmet_indicator_is_named(personas, person):
    ready_family(person)
    decent_life(person, on=date(2026, 11, 2), savings_for_investment=False)
    assert proposed(personas["coordinator"], person) is False
    check = line(evaluate(person), "decent_life")
    assert check.facts["unmet"] == ["savings_for_investment"]
    assert check.detail == "Not met: savings for investment."


def test_no_decent_life_check_yet(personas, person):
    ready_family(person)
    person.decent_life_checks.all().delete()
    check = line(evaluate(person), "decent_life")
    assert (check.met, check.detail) == (False, "No decent-life check recorded yet.")
    assert proposed(personas["coordinator"], person) is False


def test_no_child_of_school_age_counts_as_met(personas, person):
    ready_family(person)
    decent_life(person, on=date(2026, 11, 2), children_in_school=None)
    assert proposed(personas["coordinator"], person) is True


def test_latest_self_assessment_not_in_quadrant_iv(personas, person):
    ready_family(person)
    make_assessment(person, "III", assessed_on=date(2026, 11, 2))
    assert proposed(personas["coordinator"], person) is False
    quadrant = line(evaluate(person), "quadrant")
    assert (quadrant.met, quadrant.detail) == (False, "Latest self assessment: quadrant III.")


def test_field_test_and_peer_mentoring_on_the_plan_do_not_hold_graduation_back(person):
    """Re-assessed into quadrant IV, the plan gains the field test and peer mentoring;
    they follow graduation (the family is invited to them)."""
    ready_family(person)
    codes = {step.code: step.state for step in selectors.plans_for([person.pk])[person.pk]}
    assert codes["FIELD_VERIFICATION"] == "planned"
    assert line(evaluate(person), "modules").met is True


# --- the rules an administrator sets -------------------------------------------------------


def test_rules_changed_take_effect(personas, person):
    ready_family(person, business=False)
    add_business(person, [None, None, None, None, 1, 1, 1, 1])
    make_assessment(person, "III", assessed_on=date(2026, 11, 2))
    # Back in quadrant III, mentoring is on the pathway again: started, it counts as done.
    complete(person, "MENTORING", "in_progress")
    coordinator = personas["coordinator"]
    assert proposed(coordinator, person) is False
    GraduationRules.objects.create(profitable_months=4, profit_window=8, quadrant_iv=False)
    assert proposed(coordinator, person) is True
    assert [line.code for line in evaluate(person).lines] == ["modules", "business", "decent_life"]
    GraduationRules.objects.update(profitable_months=5)
    assert proposed(coordinator, person) is False
    GraduationRules.objects.update(profitable_months=0)
    assert [line.code for line in evaluate(person).lines] == ["modules", "decent_life"]
    assert proposed(coordinator, person) is True


def test_rules_statement_follows_the_rules(db):
    with translation.override("en"):
        default = selectors.rules_statement(selectors.rules_current())
        assert default == [
            "every pathway module completed",
            "a business operating, with a profit in at least 6 of the last 8 complete months",
            "every decent-life indicator met at the latest check",
            "the latest self assessment in quadrant IV",
        ]
        GraduationRules.objects.create(decent_life=False, profitable_months=2, profit_window=3)
        assert selectors.rules_statement(selectors.rules_current())[1:] == [
            "a business operating, with a profit in at least 2 of the last 3 complete months",
            "the latest self assessment in quadrant IV",
        ]


# --- who is on the list --------------------------------------------------------------------


def test_only_families_in_mentoring_in_the_area(personas, person):
    ready_family(person)
    make_person(full_name="Not Started")  # no practice
    withdrawn = in_practice(make_person(full_name="Withdrawn"))
    person_withdraw(actor=None, person=withdrawn, reason="moved", on=date(2026, 5, 1))
    graduated = in_practice(make_person(full_name="Graduated"))
    graduated.__class__.objects.filter(pk=graduated.pk).update(graduated_on=date(2026, 6, 1))
    elsewhere = in_practice(make_person(full_name="Pacitan", village_code_prefix="35.01"))
    coordinator_rows = selectors.candidates(personas["coordinator"], today=TODAY)
    assert {row.person.full_name for row in coordinator_rows} == {"Siti Aminah"}
    admin_rows = selectors.candidates(personas["admin"], today=TODAY)
    assert elsewhere.pk in {row.person.pk for row in admin_rows}


def test_dropped_practice_is_not_mentoring(personas, person):
    in_practice(person)
    from purna.programme.models import PlanEntry

    PlanEntry.objects.filter(person=person, module__code="PRACTICE").update(
        state="dropped", reason="closed"
    )
    assert selectors.candidates(personas["coordinator"], today=TODAY) == []


def test_district_and_ready_filters(personas, person):
    ready_family(person)
    other_district = in_practice(make_person(full_name="Other", village_code_prefix="35.02.01"))
    coordinator = personas["coordinator"]
    names = lambda rows: [row.person.full_name for row in rows]  # noqa: E731
    assert names(selectors.candidates(coordinator, today=TODAY)) == ["Siti Aminah", "Other"]
    assert names(selectors.candidates(coordinator, today=TODAY, ready_only=True)) == ["Siti Aminah"]
    district = other_district.village.district_id
    assert names(selectors.candidates(coordinator, today=TODAY, district=district)) == ["Other"]


@pytest.mark.parametrize("persona", ["field_officer", "mentor", "viewer", "peer_mentor"])
def test_candidates_only_for_who_manages_mentoring(personas, persona):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        selectors.candidates(personas[persona], today=TODAY)


def test_query_count_does_not_grow_with_the_families(personas):
    def families(n):
        for i in range(n):
            ready_family(make_person(full_name=f"Family {i:02d}"))

    families(3)
    with CaptureQueriesContext(connection) as few:
        assert len(selectors.candidates(personas["coordinator"], today=TODAY)) == 3
    families(6)
    with CaptureQueriesContext(connection) as many:
        rows = selectors.candidates(personas["coordinator"], today=TODAY)
        assert len(rows) == 9 and all(row.ready for row in rows)
    assert len(many) == len(few)
