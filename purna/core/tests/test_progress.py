import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core.assessments import participant_status
from purna.core.pathways import MODULE_CODES, PATHWAYS, pathway_for
from purna.core.progress import (
    REASSESSMENT,
    InvalidTransition,
    Recorded,
    State,
    Step,
    check_transition,
    plan_for,
    progress_cell,
    stage,
)
from purna.core.quadrants import Quadrant

I, II, III, IV = Quadrant.I, Quadrant.II, Quadrant.III, Quadrant.IV  # noqa: E741
P, IP, C = State.PLANNED, State.IN_PROGRESS, State.COMPLETED


def states(plan):
    return {step.code: step.state for step in plan}


def test_no_quadrant_no_plan():
    assert plan_for([], {}) == []


@pytest.mark.parametrize("quadrant", list(Quadrant))
def test_first_plan_is_the_pathway_all_planned(quadrant):
    plan = plan_for([quadrant], {})
    assert [s.code for s in plan] == list(pathway_for(quadrant))
    assert {s.state for s in plan} == {P}


@pytest.mark.parametrize("before", list(Quadrant))
@pytest.mark.parametrize("after", list(Quadrant))
def test_reassessment_reroutes_in_every_direction(before, after):
    """Completed stays completed, in progress continues, newly needed modules are planned,
    planned modules no longer needed become not_needed."""
    old = pathway_for(before)
    recorded = {old[0]: Recorded(C)}
    if len(old) > 1:
        recorded[old[1]] = Recorded(IP)
    plan = states(plan_for([before, after], recorded))
    new = set(pathway_for(after))
    assert plan[old[0]] == C
    if len(old) > 1:
        assert plan[old[1]] == IP
    for code in new - set(recorded):
        assert plan[code] == P
    for code in set(old) - new - set(recorded):
        assert plan[code] == State.NOT_NEEDED


def test_not_needed_after_reassessment_says_why():
    plan = plan_for([I, II], {})
    business = [s for s in plan if s.code == "MINDSET_BUSINESS"][0]
    assert business == Step("MINDSET_BUSINESS", State.NOT_NEEDED, REASSESSMENT)


def test_back_to_an_earlier_quadrant_plans_again():
    plan = states(plan_for([I, IV, I], {}))
    assert {code: plan[code] for code in PATHWAYS[I]} == dict.fromkeys(PATHWAYS[I], P)
    assert plan["FIELD_VERIFICATION"] == State.NOT_NEEDED


def test_plan_follows_pathway_order_with_optional_modules_last():
    recorded = {"FIN_LIT": Recorded(P, optional=True), "PRACTICE": Recorded(IP)}
    codes = [s.code for s in plan_for([II], recorded)]
    assert codes == ["MINDSET_SAKINAH", "TRAINING_SAKINAH", "PRACTICE", "MENTORING", "FIN_LIT"]


@pytest.mark.parametrize(
    "code, blocking",
    [
        ("TRAINING_BUSINESS", ["MINDSET_BUSINESS"]),
        ("TRAINING_SAKINAH", ["MINDSET_SAKINAH"]),
        ("PRACTICE", ["TRAINING_BUSINESS", "TRAINING_SAKINAH"]),
        ("MENTORING", ["PRACTICE"]),
    ],
)
def test_order_is_enforced(code, blocking):
    plan = plan_for([I], {})
    with pytest.raises(InvalidTransition) as err:
        check_transition(code, IP, plan)
    assert err.value.reason == "prerequisites" and list(err.value.blocking) == blocking


def test_only_prerequisites_on_the_plan_count():
    plan = plan_for([II], {"MINDSET_SAKINAH": Recorded(C), "TRAINING_SAKINAH": Recorded(C)})
    check_transition("PRACTICE", IP, plan)  # no business training to wait for in II


def test_not_needed_prerequisite_does_not_block_but_dropped_does():
    plan = plan_for([I], {"MINDSET_BUSINESS": Recorded(State.NOT_NEEDED, "already trained")})
    check_transition("TRAINING_BUSINESS", IP, plan)
    plan = plan_for([I], {"MINDSET_BUSINESS": Recorded(State.DROPPED, "moved away")})
    with pytest.raises(InvalidTransition):
        check_transition("TRAINING_BUSINESS", C, plan)


def test_field_test_before_peer_mentor():
    with pytest.raises(InvalidTransition):
        check_transition("PEER_MENTOR", IP, plan_for([IV], {}))


@pytest.mark.parametrize("state", [State.DROPPED, State.NOT_NEEDED])
def test_dropping_or_skipping_needs_a_reason(state):
    plan = plan_for([I], {})
    with pytest.raises(InvalidTransition) as err:
        check_transition("MINDSET_BUSINESS", state, plan, reason="  ")
    assert err.value.reason == "reason_required"
    check_transition("MINDSET_BUSINESS", state, plan, reason="declined")


def test_planning_again_is_always_allowed():
    check_transition("MENTORING", P, plan_for([I], {}))


@pytest.mark.parametrize(
    "recorded, expected",
    [
        ({}, None),
        ({"MINDSET_BUSINESS": Recorded(IP)}, "in_training"),
        ({"MINDSET_BUSINESS": Recorded(C), "PRACTICE": Recorded(IP)}, "in_practice"),
        ({"PRACTICE": Recorded(C), "MENTORING": Recorded(IP)}, "in_mentoring"),
        ({"MINDSET_BUSINESS": Recorded(State.DROPPED, "x")}, None),
    ],
)
def test_stage(recorded, expected):
    assert stage(plan_for([I], recorded)) == expected


def test_peer_mentor_stage():
    plan = plan_for([IV], {"FIELD_VERIFICATION": Recorded(C), "PEER_MENTOR": Recorded(IP)})
    assert stage(plan) == "peer_mentor"


def test_status_precedence():
    assert participant_status(False) == "registered"
    assert participant_status(True) == "identified"
    assert participant_status(True, stage="in_practice") == "in_practice"
    assert participant_status(True, stage="in_practice", withdrawn=True) == "withdrawn"


def test_progress_cell():
    plan = plan_for([III], {"MINDSET_BUSINESS": Recorded(C)})
    assert progress_cell(plan) == (
        "MINDSET_BUSINESS=completed;TRAINING_BUSINESS=planned;PRACTICE=planned;MENTORING=planned"
    )


@given(
    history=st.lists(st.sampled_from(list(Quadrant)), min_size=1, max_size=5),
    recorded=st.dictionaries(st.sampled_from(MODULE_CODES), st.sampled_from([IP, C]), max_size=4),
)
def test_recorded_progress_always_survives_and_current_pathway_is_covered(history, recorded):
    plan = states(plan_for(history, {c: Recorded(s) for c, s in recorded.items()}))
    for code, state in recorded.items():
        assert plan[code] == state
    assert set(pathway_for(history[-1])) <= set(plan)
    assert all(state != P for code, state in plan.items() if code not in pathway_for(history[-1]))
