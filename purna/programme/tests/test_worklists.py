"""The follow-up worklists through their selectors: who is on each list, and who is not."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from purna.programme.cohorts import cohort_create, cohort_enrol, enrolment_cancel, roll_call_save
from purna.programme.models import Module
from purna.programme.services import person_withdraw, plan_step_set
from purna.programme.worklists import (
    WORKLISTS,
    field_test,
    missed_sessions,
    no_practice,
    not_enrolled,
    open_seats,
)
from tests.factories import PACITAN, make_assessment, make_institution, make_person, village

TODAY = date(2026, 12, 10)
OTHER_DISTRICT = "35.02.01"  # Ngrayun, in Ponorogo but outside the field officer's district


def step(person, code, state):
    plan_step_set(actor=None, person=person, module=Module.objects.get(code=code), state=state)


def identified(name, quadrant="III", prefix="35.02.17", **fields):
    person = make_person(full_name=name, village_code_prefix=prefix, **fields)
    make_assessment(person, quadrant)
    person.refresh_from_db()
    return person


def ready_for_training(name, prefix="35.02.17", **fields):
    """Quadrant III with the mindset module done: ready for business training."""
    person = identified(name, "III", prefix, **fields)
    step(person, "MINDSET_BUSINESS", "completed")
    return person


def cohort(*, first=date(2026, 12, 1), sessions=4, capacity=30, prefix="35.02.17", **kw):
    return cohort_create(
        actor=None,
        module=Module.objects.get(code=kw.pop("code", "TRAINING_BUSINESS")),
        institution=make_institution(),
        name=kw.pop("name", "Angkatan 1"),
        venue=village(prefix),
        capacity=capacity,
        session_dates=[first + timedelta(days=7 * n) for n in range(sessions)],
        **kw,
    )


def roll_call(session, *present_enrolments):
    roll_call_save(actor=None, session=session, present={(e.pk, None) for e in present_enrolments})


def names(rows):
    return [row.cells[0] for row in rows]


# (a) identified, not enrolled


def test_identified_people_in_no_cohort_are_listed_with_the_module_they_need(personas):
    waiting = identified("Menunggu")
    identified("Empat", "IV")
    make_person(full_name="Belum dinilai")  # no quadrant yet
    rows = not_enrolled(personas["coordinator"], today=TODAY)
    assert names(rows) == ["Empat", "Menunggu"]  # waiting longest first, then by name
    row = next(r for r in rows if r.person == waiting)
    quadrant, next_module = row.cells[4:6]
    assert (quadrant, next_module) == ("III", Module.objects.get(code="MINDSET_BUSINESS").name)


def test_enrolled_waitlisted_started_or_withdrawn_people_are_not_listed(personas):
    full = cohort(capacity=1)
    enrolled, waitlisted = ready_for_training("Ikut"), ready_for_training("Antre")
    cohort_enrol(actor=None, cohort=full, people=[enrolled, waitlisted])
    started = identified("Mulai")
    step(started, "MINDSET_BUSINESS", "in_progress")
    gone = identified("Pindah")
    person_withdraw(actor=None, person=gone, reason="moved", on=date(2026, 11, 1))
    ready_for_training("Selesai pola pikir")  # a module completed: no longer "nothing started"
    assert not_enrolled(personas["coordinator"], today=TODAY) == []


def test_someone_whose_enrolment_was_cancelled_is_back_on_the_list(personas):
    mindset = cohort(code="MINDSET_BUSINESS")
    person = identified("Batal")
    (enrolment,) = cohort_enrol(actor=None, cohort=mindset, people=[person])
    assert not_enrolled(personas["coordinator"], today=TODAY) == []
    enrolment_cancel(actor=None, enrolment=enrolment)
    assert names(not_enrolled(personas["coordinator"], today=TODAY)) == ["Batal"]


def test_lists_keep_to_the_area_and_the_district_filter(personas):
    identified("Kota")
    identified("Ngrayun", prefix=OTHER_DISTRICT)
    identified("Pacitan", prefix=PACITAN)
    coordinator, officer = personas["coordinator"], personas["field_officer"]
    assert set(names(not_enrolled(coordinator, today=TODAY))) == {"Kota", "Ngrayun"}
    assert names(not_enrolled(officer, today=TODAY)) == ["Kota"]
    assert names(not_enrolled(coordinator, today=TODAY, district=OTHER_DISTRICT)) == ["Ngrayun"]
    assert names(not_enrolled(personas["outsider"], today=TODAY)) == ["Pacitan"]
    assert len(not_enrolled(personas["admin"], today=TODAY)) == 3
    # A district outside the area narrows, it never widens.
    assert not_enrolled(officer, today=TODAY, district=OTHER_DISTRICT) == []


@pytest.mark.parametrize("select", [not_enrolled, no_practice, field_test])
def test_a_mentor_finds_only_their_own_families(personas, accompany, select):
    """Whatever the list, a mentor's rows are families they accompany, never the area."""

    def candidate(name):
        if select is not_enrolled:
            return identified(name)
        if select is field_test:
            return identified(name, "IV")
        person = ready_for_training(name)
        step(person, "TRAINING_BUSINESS", "completed")
        return person

    mine, _theirs = candidate("Milik Mentor"), candidate("Bukan Milik")
    mentor = personas["mentor"]
    assert select(mentor, today=TODAY) == []
    accompany(mine)
    assert names(select(mentor, today=TODAY)) == ["Milik Mentor"]
    assert set(names(select(personas["coordinator"], today=TODAY))) == {
        "Milik Mentor",
        "Bukan Milik",
    }


# (b) missed sessions


@pytest.fixture
def running(db):
    """A cohort of four weekly sessions from 1 December; three people enrolled."""
    c = cohort()
    people = [ready_for_training(n) for n in ("Ani", "Budi", "Citra")]
    enrolments = cohort_enrol(actor=None, cohort=c, people=people)
    return c, list(c.sessions.all()), enrolments


def test_two_absences_in_a_row_put_someone_on_the_list(running, personas):
    c, sessions, (ani, budi, citra) = running
    roll_call(sessions[0], ani, budi, citra)
    roll_call(sessions[1], budi)
    roll_call(sessions[2], budi, citra)  # Citra came back; Ani missed two in a row
    rows = missed_sessions(personas["coordinator"], today=date(2026, 12, 15))
    assert names(rows) == ["Ani"]
    cohort_name, _module, missed, last_attended = rows[0].cells[4:]
    assert (cohort_name, missed, last_attended) == ("Angkatan 1", 2, date(2026, 12, 1))
    assert rows[0].cohort == c


def test_only_held_sessions_count(running, personas):
    c, sessions, (ani, budi, citra) = running
    roll_call(sessions[0], budi, citra)
    # Session 2 (8 Dec) has no roll call yet; session 3 (15 Dec) is after today.
    roll_call(sessions[2], budi, citra)
    assert missed_sessions(personas["coordinator"], today=TODAY) == []
    rows = missed_sessions(personas["coordinator"], today=date(2026, 12, 15))
    assert [(r.cells[0], r.cells[6], r.cells[7]) for r in rows] == [("Ani", 2, None)]


def test_longest_absence_first_and_cancelled_or_completed_enrolments_leave(running, personas):
    c, sessions, (ani, budi, citra) = running
    roll_call(sessions[0], budi, citra)
    roll_call(sessions[1], citra)
    roll_call(sessions[2])
    later = TODAY + timedelta(days=7)
    rows = missed_sessions(personas["coordinator"], today=later)
    assert [(r.cells[0], r.cells[6]) for r in rows] == [("Ani", 3), ("Budi", 2)]
    enrolment_cancel(actor=None, enrolment=budi)
    ani.completed_on = date(2026, 12, 15)
    ani.save()
    assert missed_sessions(personas["coordinator"], today=later) == []


def test_mine_keeps_the_cohorts_a_user_facilitates(running, personas):
    c, sessions, (ani, budi, citra) = running
    roll_call(sessions[0])
    roll_call(sessions[1])
    officer = personas["field_officer"]
    assert missed_sessions(officer, today=TODAY, facilitator=officer) == []
    c.facilitators.add(officer)
    assert len(missed_sessions(officer, today=TODAY, facilitator=officer)) == 3


def test_a_mentor_facilitating_finds_only_their_own_families_absent(running, personas, accompany):
    c, sessions, (ani, budi, citra) = running
    roll_call(sessions[0])
    roll_call(sessions[1])
    mentor = personas["mentor"]
    c.facilitators.add(mentor)
    assert missed_sessions(mentor, today=TODAY, facilitator=mentor) == []
    accompany(budi.person)
    rows = missed_sessions(mentor, today=TODAY, facilitator=mentor)
    assert [r.cells[0] for r in rows] == ["Budi"]


# (c) training finished, no practice


def test_training_done_but_no_practice(personas):
    ready = ready_for_training("Siap praktik")
    step(ready, "TRAINING_BUSINESS", "completed")
    practising = ready_for_training("Praktik")
    step(practising, "TRAINING_BUSINESS", "completed")
    step(practising, "PRACTICE", "in_progress")
    in_training = ready_for_training("Masih latihan")
    step(in_training, "TRAINING_BUSINESS", "in_progress")
    half = identified("Setengah", "I")
    step(half, "MINDSET_BUSINESS", "completed")
    step(half, "TRAINING_BUSINESS", "completed")  # sakinah modules still open
    rows = no_practice(personas["coordinator"], today=TODAY)
    assert names(rows) == ["Siap praktik"]
    quadrant, stage, ready_since = rows[0].cells[4:]
    assert quadrant == "III" and stage and ready_since == timezone.localdate()


# (d) cohorts with empty seats


def test_cohorts_starting_within_two_weeks_with_seats(personas):
    soon = cohort(name="Segera", first=TODAY + timedelta(days=3), capacity=2)
    cohort_enrol(actor=None, cohort=soon, people=[ready_for_training("Satu")])
    full = cohort(name="Penuh", first=TODAY + timedelta(days=5), capacity=1)
    cohort_enrol(actor=None, cohort=full, people=[ready_for_training("Dua")])
    cohort(name="Nanti", first=TODAY + timedelta(days=15))
    cohort(name="Sudah mulai", first=TODAY - timedelta(days=1))
    cohort(name="Pacitan", first=TODAY + timedelta(days=3), prefix=PACITAN)
    rows = open_seats(personas["coordinator"], today=TODAY)
    assert names(rows) == ["Segera"]
    assert rows[0].cohort == soon
    assert rows[0].cells[4:] == (TODAY + timedelta(days=3), 2, 1, 1)
    assert names(open_seats(personas["outsider"], today=TODAY)) == ["Pacitan"]
    assert open_seats(personas["coordinator"], today=TODAY, district=OTHER_DISTRICT) == []
    coordinator = personas["coordinator"]
    assert open_seats(coordinator, today=TODAY, facilitator=coordinator) == []
    soon.facilitators.add(coordinator)
    assert names(open_seats(coordinator, today=TODAY, facilitator=coordinator)) == ["Segera"]


# (e) quadrant IV awaiting a field test


def test_quadrant_iv_awaiting_a_field_test(personas):
    identified("Menunggu uji", "IV")
    visiting = identified("Dikunjungi", "IV")
    step(visiting, "FIELD_VERIFICATION", "in_progress")  # visit arranged, no result yet
    done = identified("Sudah diuji", "IV")
    step(done, "FIELD_VERIFICATION", "completed")
    identified("Kuadran tiga", "III")
    gone = identified("Mundur", "IV")
    person_withdraw(actor=None, person=gone, reason="moved", on=date(2026, 11, 1))
    rows = field_test(personas["coordinator"], today=TODAY)
    assert names(rows) == ["Dikunjungi", "Menunggu uji"]
    with translation.override("en"):
        assert [str(r.cells[4]) for r in rows] == ["in progress", "planned"]
    assert rows[0].cells[5] == date(2026, 2, 1)  # identified on: the assessment's date


# Every list answers in a fixed number of queries, however many people it holds.


def queries(select, user):
    with CaptureQueriesContext(connection) as captured:
        select(user, today=TODAY)
    return len(captured)


def populate(n, start=0):
    c = cohort(name=f"Angkatan {start}", first=TODAY - timedelta(days=14), sessions=2)
    soon = cohort(name=f"Segera {start}", first=TODAY + timedelta(days=2))
    people = [ready_for_training(f"Orang {start + i}") for i in range(n)]
    enrolments = cohort_enrol(actor=None, cohort=c, people=people)
    for s in c.sessions.all():
        roll_call(s)
    for i in range(n):
        identified(f"Baru {start + i}")
        identified(f"Empat {start + i}", "IV")
        done = ready_for_training(f"Latih {start + i}")
        step(done, "TRAINING_BUSINESS", "completed")
    return enrolments, soon


@pytest.mark.parametrize("slug", list(WORKLISTS))
def test_no_query_per_row(personas, slug):
    select, user = WORKLISTS[slug].select, personas["coordinator"]
    populate(2)
    small = (queries(select, user), len(select(user, today=TODAY)))
    populate(6, start=10)
    large = (queries(select, user), len(select(user, today=TODAY)))
    assert large[1] > small[1] > 0
    assert large[0] == small[0]
