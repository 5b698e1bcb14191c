"""Cohorts through the services: worklist, waiting list, roll call, completion."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from purna.people.models import HouseholdMember
from purna.programme.cohorts import (
    attendees,
    cohort_create,
    cohort_enrol,
    cohort_scores_save,
    cohort_worklist,
    enrolment_cancel,
    roll_call_save,
)
from purna.programme.models import Attendance, Enrolment, Module
from purna.programme.services import person_plan, plan_step_set
from tests.factories import PACITAN, make_assessment, make_institution, make_person, village


def states(person):
    return {s.code: str(s.state) for s in person_plan(person)}


def quadrant_iii(name, prefix="35.02.17", mindset_done=True):
    person = make_person(full_name=name, village_code_prefix=prefix)
    make_assessment(person, "III")
    if mindset_done:
        plan_step_set(
            actor=None,
            person=person,
            module=Module.objects.get(code="MINDSET_BUSINESS"),
            state="completed",
        )
    person.refresh_from_db()
    return person


def training_cohort(capacity=30, sessions=4, venue_prefix="35.02.17"):
    return cohort_create(
        actor=None,
        module=Module.objects.get(code="TRAINING_BUSINESS"),
        institution=make_institution(),
        name="Angkatan 1",
        venue=village(venue_prefix),
        capacity=capacity,
        session_dates=[date(2026, 12, d) for d in range(1, sessions + 1)],
    )


@pytest.fixture
def cohort(db):
    return training_cohort()


def test_worklist_holds_who_needs_the_module_next_nearest_first(cohort, personas):
    near = quadrant_iii("Dekat")
    far = quadrant_iii("Jauh", prefix="35.02.01")
    quadrant_iii("Belum pola pikir", mindset_done=False)  # mindset still open
    quadrant_iii("Pacitan", prefix=PACITAN)  # outside the coordinator's area
    ready = cohort_worklist(cohort, personas["coordinator"])
    assert [(p.full_name, d) for p, d in ready] == [("Dekat", 0), ("Jauh", 2)]
    assert ready[0][0] == near and ready[1][0] == far


def test_enrolling_starts_the_module_and_fills_the_waiting_list(db, personas):
    cohort = training_cohort(capacity=2)
    people = [quadrant_iii(f"Orang {i}") for i in range(3)]
    cohort_enrol(actor=None, cohort=cohort, people=people)
    assert [e.state for e in cohort.enrolments.order_by("id")] == [
        "enrolled",
        "enrolled",
        "waitlisted",
    ]
    assert states(people[0])["TRAINING_BUSINESS"] == "in_progress"
    assert states(people[2])["TRAINING_BUSINESS"] == "planned"
    assert cohort_worklist(cohort, personas["coordinator"]) == []
    enrolment_cancel(actor=None, enrolment=cohort.enrolments.get(person=people[0]))
    assert cohort.enrolments.get(person=people[2]).state == "enrolled"
    assert states(people[2])["TRAINING_BUSINESS"] == "in_progress"
    assert states(people[0])["TRAINING_BUSINESS"] == "planned"


def test_someone_not_ready_cannot_be_enrolled(cohort):
    person = quadrant_iii("Belum", mindset_done=False)
    with pytest.raises(ValidationError):
        cohort_enrol(actor=None, cohort=cohort, people=[person])
    assert not Enrolment.objects.exists()


def present_at(session, *enrolments):
    roll_call_save(actor=None, session=session, present={(e.pk, None) for e in enrolments})


def test_completion_needs_75_percent_and_a_post_test(cohort):
    a, b = quadrant_iii("A"), quadrant_iii("B")
    ea, eb = cohort_enrol(actor=None, cohort=cohort, people=[a, b])
    sessions = list(cohort.sessions.all())
    present_at(sessions[0], ea, eb)
    present_at(sessions[1], ea)
    present_at(sessions[2], ea, eb)
    cohort_scores_save(actor=None, cohort=cohort, scores={ea.pk: (40, 80), eb.pk: (35, 70)})
    ea.refresh_from_db(), eb.refresh_from_db()
    assert ea.completed_on == date(2026, 12, 4) and eb.completed_on is None  # 3/4 vs 2/4
    assert states(a)["TRAINING_BUSINESS"] == "completed"
    assert states(b)["TRAINING_BUSINESS"] == "in_progress"
    present_at(sessions[3], eb)
    eb.refresh_from_db()
    assert eb.completed_on is not None and states(b)["TRAINING_BUSINESS"] == "completed"
    # A corrected roll call that undoes the attendance undoes the completion.
    present_at(sessions[3])
    eb.refresh_from_db()
    assert eb.completed_on is None and states(b)["TRAINING_BUSINESS"] == "in_progress"


def test_family_members_are_on_the_roll_and_tracked_separately(db):
    person = make_person(full_name="Ibu", village_code_prefix="35.02.17")
    make_assessment(person, "II")
    spouse = HouseholdMember.objects.create(
        person=person, full_name="Bapak", relation="spouse", sex="L"
    )
    cohort = cohort_create(
        actor=None,
        module=Module.objects.get(code="MINDSET_SAKINAH"),
        institution=make_institution(),
        name="Sakinah 1",
        venue=village(),
        capacity=30,
        session_dates=[date(2026, 12, 1), date(2026, 12, 8)],
    )
    (enrolment,) = cohort_enrol(actor=None, cohort=cohort, people=[person])
    enrolment.family.add(spouse)
    session = cohort.sessions.first()
    assert [m for _e, m in attendees(session)] == [None, spouse]
    roll_call_save(actor=None, session=session, present={(enrolment.pk, spouse.pk)})
    rows = {(a.member_id, a.present) for a in Attendance.objects.all()}
    assert rows == {(None, False), (spouse.pk, True)}


def test_scores_outside_0_100_are_refused(cohort):
    (enrolment,) = cohort_enrol(actor=None, cohort=cohort, people=[quadrant_iii("A")])
    with pytest.raises(ValidationError):
        cohort_scores_save(actor=None, cohort=cohort, scores={enrolment.pk: (None, 120)})


def test_a_cohort_needs_session_dates(db):
    with pytest.raises(ValidationError):
        cohort_create(
            actor=None,
            module=Module.objects.get(code="PRACTICE"),
            institution=make_institution(),
            name="x",
            venue=village(),
            capacity=5,
            session_dates=[],
        )
