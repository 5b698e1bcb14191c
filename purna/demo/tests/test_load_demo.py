"""`purna load-demo`: what a demo visitor sees, and that a second run changes nothing."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from purna.accounts.models import Institution, Role
from purna.areas.models import District
from purna.assessment.models import Assessment, Instrument
from purna.audit.models import AuditEvent
from purna.business.models import Business, MonthlyRecord
from purna.core.assessments import current_self_assessment, divergent_axes
from purna.core.calendar import add_months, month_start, months_between
from purna.core.followup import missed_in_a_row
from purna.core.instrument import BUSINESS_SECTORS, DEFAULT_INSTRUMENT
from purna.core.nik import parse_nik
from purna.core.progress import stage
from purna.core.scoring import classify
from purna.core.tickets import DONE, overdue
from purna.demo.generate import LAST_DAY, OPTIONAL_MODULES, people_plan
from purna.demo.helpdesk import (
    ROUTES,
    TICKETS,
    demo_tickets,
    helpdesk_load,
    script_problems,
)
from purna.demo.mentoring import GRADUATIONS, TRAINING_MONTHS, graduates, visit_dates
from purna.demo.programme import COHORTS
from purna.graduation.models import (
    DecentLifeCheck,
    Graduation,
    GraduationRules,
    SustainabilityCheck,
)
from purna.helpdesk.models import Channel, HelpTopic, Kind, Message, Route, State, Ticket
from purna.mentoring.models import MentoringPlan, PlanAction, Visit
from purna.mentoring.selectors import DRAFTED, mentoring_rows
from purna.mentors.access import families_for, paired_families_for
from purna.mentors.models import Assignment, Mentor, MentorPreference
from purna.notifications.models import OutboxMessage
from purna.people.models import Consent, HouseholdMember, MigrationEpisode, Person, WithdrawalReason
from purna.programme.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    FieldTest,
    Module,
    PlanEntry,
)
from purna.programme.services import person_plan
from purna.programme.worklists import open_seats

PONOROGO = "35.02"
LOGINS = {
    "admin": Role.ADMIN,
    "koordinator": Role.COORDINATOR,
    "petugas": Role.FIELD_OFFICER,
    "petugas2": Role.FIELD_OFFICER,
    "mentor": Role.MENTOR,
    "pemerintah": Role.VIEWER,
    "mitra": Role.PEER_MENTOR,
}


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module and rolled back after it; each test runs in
    its own savepoint inside, so what a test changes is undone too."""
    # Each PBKDF2 hash takes most of a second; the logins are tested here, not the hasher.
    fast_hasher = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with fast_hasher, django_db_blocker.unblock(), transaction.atomic():
        output = load_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def people(demo, db):
    return Person.objects.filter(village__district__regency_id=PONOROGO)


def counts() -> dict[str, int]:
    models = (Person, Assessment, HouseholdMember, MigrationEpisode, Consent, AuditEvent,
              get_user_model(), Institution, Module, PlanEntry, Cohort, CohortSession,
              Enrolment, Attendance, FieldTest, OutboxMessage, Mentor, Assignment,
              MentorPreference, MentoringPlan, PlanAction, Visit, Business, MonthlyRecord,
              DecentLifeCheck, Graduation, SustainabilityCheck, Route, Ticket,
              Message)  # fmt: skip
    counted = {model.__name__: model.objects.count() for model in models}
    counted["practice_started"] = list(
        PlanEntry.objects.filter(module__code="PRACTICE").order_by("pk").values_list("started_on")
    )
    counted["tickets"] = list(
        Ticket.objects.order_by("pk").values_list("state", "assignee", "escalated_at", "updated_at")
    )
    return counted


def test_returnees_live_in_every_ponorogo_district(people):
    assert 190 <= people.count() <= 210
    districts = District.objects.filter(regency_id=PONOROGO)
    assert districts.count() == 21
    villages_per_district = Counter(
        district for district, _ in set(people.values_list("village__district_id", "village"))
    )
    assert set(villages_per_district) == set(districts.values_list("code", flat=True))
    assert min(villages_per_district.values()) >= 2
    sexes = Counter(people.values_list("sex", flat=True))
    assert sexes["P"] > 2 * sexes["L"] > 0


def test_every_nik_is_valid_and_issued_in_the_persons_district(people):
    for nik, district in people.values_list("nik", "village__district_id"):
        assert parse_nik(nik).region == district.replace(".", "")
    flagged = people.exclude(nik_flags=[])
    assert 2 <= flagged.count() <= 3
    assert {flag for flags in flagged.values_list("nik_flags", flat=True) for flag in flags} == {
        "birth_date", "sex",
    }  # fmt: skip
    assert people.filter(phone__startswith="08").count() > 0.8 * people.count()


def test_current_quadrants_cover_all_four_in_realistic_shares(people):
    quadrants = Counter(people.values_list("quadrant", flat=True))
    identified = sum(n for q, n in quadrants.items() if q)
    assert {"I", "II", "III", "IV"} <= set(quadrants)
    # I largest, then III, II, IV: most returnees have neither a business nor the
    # sakinah practice yet; few have both.
    assert quadrants["I"] > quadrants["III"] > quadrants["II"] > quadrants["IV"] > 0
    assert 0.1 < quadrants["IV"] / identified < 0.2
    # No complete self assessment: registered, not identified.
    registered = people.filter(status="registered")
    assert set(registered.values_list("quadrant", flat=True)) == {""}
    assert registered.filter(assessments__isnull=True).distinct().count() >= 3
    assert registered.filter(assessments__isnull=False).distinct().count() >= 3
    assert people.exclude(status="registered").exclude(quadrant="").count() == identified


def test_people_are_reassessed_and_triangulated(people):
    assessments = Assessment.objects.filter(person__in=people)
    self_counts = Counter(assessments.filter(source="self").values_list("person", flat=True))
    reassessed = [pk for pk, n in self_counts.items() if n > 1]
    assert len(reassessed) >= 20
    moved = 0
    for person in people.filter(pk__in=reassessed).prefetch_related("assessments"):
        complete = sorted(
            (a for a in person.assessments.all() if a.source == "self" and a.complete),
            key=lambda a: a.assessed_on,
        )
        assert person.current_assessment_id == complete[-1].pk
        assert person.quadrant == complete[-1].quadrant
        moved += complete[0].quadrant != complete[-1].quadrant
    assert moved >= 5

    others = assessments.exclude(source="self")
    assert {"spouse", "family", "officer", "mentor"} <= set(others.values_list("source", flat=True))
    diverging = 0
    for other in others.select_related("person"):
        current = current_self_assessment(other.person.assessments.all())
        diverging += bool(divergent_axes(current, other))
    assert 3 <= diverging <= others.count() // 2


def test_answers_vary_item_by_item_and_respect_reversed_items(people):
    complete = Assessment.objects.filter(person__in=people).exclude(quadrant="")
    patterns = {tuple(sorted(a.answers.items())) for a in complete}
    assert len(patterns) > 0.95 * complete.count()

    # Agreeing with "fear of failure holds me back" means low ability: people with a high
    # business score answer the reversed items low and the others high, and the reverse.
    def gap(quadrants: tuple[str, ...]) -> float:
        reversed_, plain = [], []
        for a in complete.filter(source="self", quadrant__in=quadrants):
            reversed_ += [a.answers["E05"], a.answers["E07"]]
            plain += [a.answers[f"E{i:02d}"] for i in (1, 2, 3, 4, 6, 8, 9, 10)]
        return sum(plain) / len(plain) - sum(reversed_) / len(reversed_)

    assert gap(("II", "IV")) > 1
    assert gap(("I", "III")) < -0.5
    self_ones = complete.filter(source="self")
    interests = {s for a in self_ones for s in a.business_interests}
    assert interests and interests <= set(BUSINESS_SECTORS)
    assert self_ones.filter(skills_abroad__contains="bahasa Mandarin").exists()
    assert self_ones.filter(capital_available__gt=0).exists()


def test_households_migrations_and_consent(people):
    members = HouseholdMember.objects.filter(person__in=people)
    assert {"spouse", "child", "parent"} <= set(members.values_list("relation", flat=True))
    children = members.filter(relation="child")
    assert {"not_yet", "in_school", "dropped_out", "finished"} <= set(
        children.values_list("school_status", flat=True)
    )

    episodes = MigrationEpisode.objects.filter(person__in=people)
    destinations = Counter(episodes.values_list("destination", flat=True))
    assert {"HK", "TW", "MY", "SG", "SA", "KR"} <= set(destinations)
    women = Counter(episodes.filter(person__sex="P").values_list("destination", flat=True))
    men = Counter(episodes.filter(person__sex="L").values_list("destination", flat=True))
    assert women["HK"] + women["TW"] > women.total() / 2
    assert men["MY"] + men["KR"] > men.total() / 2
    last_returns = [
        max(p.migrations.all(), key=lambda e: e.returned_on).returned_on
        for p in people.prefetch_related("migrations")
    ]
    assert date(2019, 1, 1) <= min(last_returns) and max(last_returns) <= date(2026, 12, 31)
    assert episodes.values("person").distinct().count() == people.count()
    assert episodes.count() > people.count()  # some went twice
    for amount in episodes.values_list("monthly_remittance", flat=True):
        assert 2_000_000 <= amount <= 15_000_000
    uses = Counter(u for e in episodes for u in e.remittance_uses)
    assert uses.most_common(1)[0][0] == "house"
    assert uses["business"] > 0

    consents = Consent.objects.filter(person__in=people)
    assert consents.values("person").distinct().count() == people.count()
    scopes = Counter(s for c in consents for s in c.scopes)
    assert scopes["registration"] == people.count()
    assert 0 < scopes["sharing"] < scopes["assessment"] < people.count()
    assert not Assessment.objects.filter(person__consents__scopes=["registration"]).exists()


STATUSES = ("registered", "identified", "in_training", "in_practice", "in_mentoring",
            "peer_mentor", "withdrawn")  # fmt: skip


def test_the_programme_is_shown_in_every_stage(demo, people):
    statuses = Counter(people.values_list("status", flat=True))
    assert set(STATUSES) <= set(statuses)
    # A funnel: more families in training than in practice, in mentoring or leading others.
    assert statuses["in_training"] > statuses["in_practice"] > 5
    assert statuses["in_mentoring"] > 5 and statuses["peer_mentor"] > 5
    assert people.filter(plan_entries__isnull=False).distinct().count() > 100
    assert "status: registered 11, identified" in demo and "peer_mentor" in demo


def test_stored_statuses_follow_the_recorded_progress(people):
    for person in people.exclude(status__in=("registered", "withdrawn")):
        plan = person_plan(person)
        expected = "independent" if person.graduated_on else stage(plan) or "identified"
        assert person.status == expected, person.nik
        states = {step.code: step.state for step in plan}
        if person.status == "in_mentoring":
            assert states["PRACTICE"] == "completed"
        if person.status == "peer_mentor":
            assert person.quadrant == "IV" and states["FIELD_VERIFICATION"] == "completed"


def test_a_reassessment_that_moved_a_family_shows_in_its_plan(people):
    # Sakinah training done in quadrant I, re-assessed into III: the rest of the sakinah
    # line is set aside, the business line is what remains.
    rerouted = PlanEntry.objects.filter(
        person__in=people, person__quadrant="III", module__code="TRAINING_SAKINAH",
        state="completed",
    )  # fmt: skip
    assert rerouted.exists()
    someone = rerouted.first().person
    states = {step.code: step.state for step in person_plan(someone)}
    assert states["TRAINING_SAKINAH"] == "completed" and "TRAINING_BUSINESS" in states


def test_some_dropped_a_module_and_some_withdrew_for_each_reason(people):
    dropped = PlanEntry.objects.filter(person__in=people, state="dropped")
    assert 3 <= dropped.count() <= 25
    assert all(reason.strip() for reason in dropped.values_list("reason", flat=True))
    # A training given up, or a business that closed during practice.
    assert {"TRAINING_BUSINESS", "PRACTICE"} <= set(dropped.values_list("module__code", flat=True))
    withdrawn = people.filter(status="withdrawn")
    assert set(withdrawn.values_list("withdrawal_reason", flat=True)) == set(
        WithdrawalReason.values
    )
    assert not withdrawn.filter(withdrawn_on__isnull=True).exists()
    # Their progress is kept: the plan shows where they stopped.
    assert PlanEntry.objects.filter(person__in=withdrawn).exists()


def test_optional_modules_are_in_the_catalogue_and_on_a_few_plans(people):
    codes = [code for code, *_ in OPTIONAL_MODULES]
    catalogue = Module.objects.filter(code__in=codes, in_pathway=False)
    assert catalogue.count() == 3
    assert all(m.name_en and m.name_id and m.description for m in catalogue)
    attached = PlanEntry.objects.filter(person__in=people, optional=True)
    assert set(attached.values_list("module__code", flat=True)) == set(codes)
    assert 6 <= attached.count() <= 20
    assert {"planned", "in_progress"} <= set(attached.values_list("state", flat=True))
    someone = attached.first().person
    assert person_plan(someone)[-1].optional  # after the pathway


def _roll(enrolment: Enrolment) -> list[bool | None]:
    held = enrolment.cohort.sessions.filter(attendance__isnull=False).distinct()
    present = dict(
        enrolment.attendance.filter(member__isnull=True).values_list("session", "present")
    )
    return [present.get(session.pk) for session in held.order_by("number")]


def test_cohorts_finished_under_way_and_starting_soon(demo, db):
    cohorts = {c.name: c for c in Cohort.objects.filter(name__in=[s.name for s in COHORTS])}
    assert len(cohorts) == len(COHORTS) == 5
    assert f"{len(COHORTS)} cohorts:" in demo
    today = timezone.localdate()
    finished = [c for c in cohorts.values() if max(c.sessions.values_list("held_on", flat=True))
                < LAST_DAY]  # fmt: skip
    assert len(finished) == 3
    for cohort in finished:
        # Every session has its roll call; most completed, and the module with them.
        for session in cohort.sessions.all():
            assert session.attendance.exists(), session
        enrolments = cohort.enrolments.filter(state="enrolled")
        done = enrolments.filter(completed_on__isnull=False)
        assert done.count() > enrolments.count() / 2
        assert not done.filter(post_test__isnull=True).exists()
        for enrolment in done:
            entry = PlanEntry.objects.get(person=enrolment.person, module=cohort.module)
            assert entry.state == "completed"
    # Someone in each finished cohort missed two sessions or more in a row and is still
    # on the module (the follow-up worklist shows them).
    missing = [
        e for c in finished for e in c.enrolments.filter(completed_on__isnull=True)
        if missed_in_a_row(_roll(e)) >= 2
    ]  # fmt: skip
    assert len(missing) >= 3
    for enrolment in missing:
        entry = PlanEntry.objects.get(person=enrolment.person, module=enrolment.cohort.module)
        assert entry.state == "in_progress"

    # Under way on the demo's last day: some sessions held, full, a waiting list, spouses.
    running = cohorts["Pelatihan Keluarga Sakinah Angkatan 1 - Balong"]
    sessions = running.sessions.all()
    held = [s for s in sessions if s.attendance.exists()]
    assert 0 < len(held) < len(sessions) and all(s.held_on <= LAST_DAY for s in held)
    assert running.enrolments.filter(state="enrolled").count() == running.capacity
    assert running.enrolments.filter(state="waitlisted").exists()
    assert Attendance.objects.filter(session__cohort=running, member__relation="spouse",
                                     present=True).exists()  # fmt: skip

    # Starting within two weeks with seats left: on the coordinator's follow-up worklist.
    soon = cohorts["Pola Pikir Wirausaha Angkatan 2 - Ponorogo"]
    first = soon.sessions.order_by("number").first()
    assert today < first.held_on <= today + timedelta(days=14)
    assert 0 < soon.enrolments.count() < soon.capacity
    coordinator = get_user_model().objects.get(username="koordinator")
    assert soon in [row.cohort for row in open_seats(coordinator, today=today)]
    # Its participants came from the worklist: the module was next on their plan.
    for enrolment in soon.enrolments.all():
        entry = PlanEntry.objects.get(person=enrolment.person, module=soon.module)
        assert entry.state == "in_progress"


def test_reminders_are_queued_for_those_who_consented_to_contact(demo, db):
    messages = OutboxMessage.objects.filter(related_label__startswith="Pola Pikir Wirausaha")
    assert messages.count() >= 3
    for message in messages.select_related("recipient"):
        consent = message.recipient.consents.order_by("-given_on", "-id").first()
        assert "contact" in consent.scopes
    assert "session reminders queued" in demo


def test_field_tests_make_peer_mentors_or_place_the_family(demo, db):
    tests = FieldTest.objects.select_related("person")
    assert tests.count() == 4
    confirmed = [t for t in tests if t.confirmed]
    assert len(confirmed) == 3
    assert {t.person.status for t in confirmed} == {"peer_mentor"}
    (placed,) = [t for t in tests if not t.confirmed]
    assert not placed.business_confirmed and placed.person.quadrant == "III"
    assert all(t.visited_on <= LAST_DAY and t.officer_id for t in tests)


def _practice_started(person: Person) -> date:
    return PlanEntry.objects.get(person=person, module__code="PRACTICE").started_on


def test_staff_mentors_and_every_peer_mentor_are_in_the_directory(demo, people):
    staff = Mentor.objects.filter(kind="staff").select_related("institution", "user")
    assert 5 <= staff.count() <= 6
    assert set(staff.values_list("sex", flat=True)) == {"P", "L"}
    assert {m.institution.kind for m in staff} == {"university", "ngo", "government"}
    assert all(8 <= m.capacity <= 12 and m.sectors and m.districts.exists() for m in staff)
    (with_login,) = [m for m in staff if m.user_id]
    assert (with_login.name, with_login.user.username) == ("Endang Rahayu", "mentor")
    covered = {d for m in staff for d in m.districts.values_list("code", flat=True)}
    assert covered == set(
        District.objects.filter(regency_id=PONOROGO).values_list("code", flat=True)
    )

    peers = Mentor.objects.filter(kind="peer").select_related("person")
    assert peers.count() == people.filter(status="peer_mentor").count() > 5
    assert all(p.person.status == "peer_mentor" and p.village_id == p.person.village_id
               for p in peers)  # fmt: skip
    # The peer mentor's login sees the families paired with them.
    mitra = get_user_model().objects.get(username="mitra")
    assert mitra.role == Role.PEER_MENTOR and mitra.mentor.kind == "peer"
    assert mitra.first_name in mitra.mentor.name
    assert paired_families_for(mitra).exists()
    assert "mentors: 5 staff, 12 peer mentors" in demo and "mitra" in demo


def test_the_mentor_login_has_families_overdue_today(demo, db):
    today = timezone.localdate()
    mentor = get_user_model().objects.get(username="mentor")
    rows = mentoring_rows(families_for(mentor), today=today)
    assert 6 <= len(rows) <= 8
    assert {row.mentor_name for row in rows} == {"Endang Rahayu"}
    overdue = [row for row in rows if row.overdue]
    assert len(overdue) >= 2 and all(row.days_overdue >= 7 for row in overdue)
    # The most overdue first: what she sees at the top of her list.
    assert rows[0].overdue
    assert any(row.plan_state == DRAFTED for row in rows)
    # Her visits are hers, recorded with her own login.
    visits = Visit.objects.filter(person__in=[row.person for row in rows])
    assert set(visits.values_list("mentor__name", "recorded_by__username")) == {
        ("Endang Rahayu", "mentor")
    }
    everyone = mentoring_rows(Person.objects.filter(village__district__regency_id=PONOROGO),
                              today=today)  # fmt: skip
    assert 0.1 <= sum(row.overdue for row in everyone) / len(everyone) <= 0.25
    assert sum(row.plan_state == DRAFTED for row in everyone) == 2
    assert f"the login `mentor` accompanies {len(rows)} families" in demo


def test_every_family_in_practice_has_a_mentor_a_plan_and_a_business(people):
    today = timezone.localdate()
    practising = people.filter(status__in=("in_practice", "in_mentoring"))
    assert practising.count() >= 25
    for person in practising:
        started = _practice_started(person)
        assert 3 <= months_between(started, today) <= 21, person.nik
        first = person.assessments.filter(source="self").order_by("assessed_on").first()
        assert add_months(first.assessed_on, TRAINING_MONTHS) <= started
        (staff,) = person.mentor_assignments.filter(kind="staff", ended_on__isnull=True)
        assert started <= staff.started_on <= today and staff.proposed_cost is not None
        assert person.mentoring_plans.exists() and person.businesses.exists()
        assert person.visits.exists() and person.decent_life_checks.exists()
    peers = Assignment.objects.filter(kind="peer", person__in=practising)
    assert peers.count() >= 5
    # Peer mentors are proposed to families of the districts where one lives.
    peer_districts = set(Mentor.objects.filter(kind="peer").values_list("village__district",
                                                                          flat=True))  # fmt: skip
    for assignment in peers.select_related("person__village"):
        assert assignment.person.village.district_id in peer_districts
    plans = MentoringPlan.objects.filter(person__in=practising)
    agreed = plans.filter(agreed_on__isnull=False)
    assert agreed.count() > 0.8 * plans.count()
    assert plans.filter(version=2).exists()
    for plan in agreed.filter(version=1):
        assert plan.agreed_on <= add_months(_practice_started(plan.person), 1)


def test_a_year_of_visits_and_business_records(people):
    today = timezone.localdate()
    last_month = add_months(month_start(today), -1)
    visits = Visit.objects.filter(person__in=people)
    assert visits.count() > 200
    assert {"home", "business", "phone", "group"} == set(visits.values_list("kind", flat=True))
    assert not visits.filter(visited_on__gt=today).exists()
    assert visits.exclude(problems="").exists() and visits.exclude(agreed_actions="").exists()
    a_year = 0
    for person in people.filter(status="in_mentoring"):
        started = _practice_started(person)
        dates = sorted(person.visits.values_list("visited_on", flat=True))
        assert started < dates[0] <= add_months(started, 1)
        if months_between(started, today) >= 14:
            a_year += 1
            # Monthly in the first year, then every two months.
            assert len([d for d in dates if d < add_months(started, 12)]) >= 10
            later = [d for d in dates if d >= add_months(started, 13)]
            assert all(months_between(a, b) >= 1 for a, b in zip(later, later[1:], strict=False))
    assert a_year >= 3

    businesses = Business.objects.filter(person__in=people)
    statuses = Counter(businesses.values_list("status", flat=True))
    assert statuses["paused"] == 1 and statuses["closed"] == 1
    assert statuses["operating"] > 25
    assert businesses.get(status="closed").closed_reason
    assert set(businesses.values_list("sector", flat=True)) <= set(BUSINESS_SECTORS)
    assert businesses.filter(capital_kur__gt=0).exists()
    assert businesses.filter(capital_remittance__gt=0).count() > businesses.count() / 2
    records = MonthlyRecord.objects.filter(business__in=businesses)
    assert records.count() > 250
    assert not records.filter(month__gt=last_month).exists()
    for business in businesses.filter(status="operating", person__graduated_on__isnull=True):
        months = list(business.records.order_by("month").values_list("month", flat=True))
        assert months[-1] == last_month, business.name
        assert len(months) == months_between(months[0], months[-1]) + 1  # none missing
    assert max(Counter(records.values_list("business", flat=True)).values()) >= 12
    profits = [r.profit for r in records]
    losses = [p for p in profits if p < 0]
    assert 0.05 < len(losses) / len(profits) < 0.3
    assert all(0 < r.revenue <= 30_000_000 for r in records)
    assert records.filter(loan_repayment__gt=0).exists()

    checks = DecentLifeCheck.objects.filter(person__in=people)
    assert not checks.filter(checked_on__gt=today).exists()
    for person in people.filter(status="in_mentoring"):
        dates = sorted(person.decent_life_checks.values_list("checked_on", flat=True))
        started = _practice_started(person)
        for k, checked_on in enumerate(dates):  # at the start, then every six months
            assert 0 <= (checked_on - add_months(started, 6 * k)).days <= 7
    met = Counter(checks.values_list("income_covers_needs", flat=True))
    assert met[True] and met[False]


def test_a_few_families_are_independent(demo, people):
    today = timezone.localdate()
    rules = GraduationRules.current()
    independent = people.filter(status="independent")
    assert 3 <= independent.count() <= 4
    assert f"{independent.count()} graduated (independent)" in demo
    with_checks = 0
    for person in independent:
        graduation = person.graduation
        assert graduation.graduated_on == person.graduated_on < today
        assert all(c["met"] for c in graduation.criteria.values())
        assert graduation.confirmed_by.username == "koordinator"
        started = _practice_started(person)
        assert months_between(started, person.graduated_on) >= 12
        assert person.quadrant == "IV"
        latest = person.decent_life_checks.order_by("-checked_on").first()
        assert latest.checked_on < person.graduated_on
        # Profitable in most of the months before graduation, nothing recorded after.
        months = set(
            add_months(month_start(person.graduated_on), -k)
            for k in range(1, rules.profit_window + 1)
        )  # fmt: skip
        records = MonthlyRecord.objects.filter(business__person=person)
        profitable = [r for r in records if r.month in months and r.profit > 0]
        assert len(profitable) >= rules.profitable_months
        assert not records.filter(month__gte=month_start(person.graduated_on)).exists()
        assert not person.visits.filter(visited_on__gt=person.graduated_on).exists()
        # Mentoring ends with graduation.
        assert not person.mentor_assignments.filter(ended_on__isnull=True).exists()
        assert set(person.mentor_assignments.values_list("ended_on", flat=True)) == {
            person.graduated_on
        }
        checks = list(person.sustainability_checks.values_list("checked_on", flat=True))
        assert len(checks) == months_between(person.graduated_on, today - timedelta(days=10)) // 6
        assert all(person.graduated_on < d <= today for d in checks)
        with_checks += bool(checks)
    assert with_checks >= 1
    assert SustainabilityCheck.objects.filter(person__in=independent, migrated_again=True).exists()


def test_the_graduates_are_chosen_from_the_plan_alone():
    villages = {f"35.02.{d:02d}": [f"35.02.{d:02d}.{2000 + v}" for v in range(1, 12)]
                for d in range(1, 22)}  # fmt: skip
    plans = {p.nik: p for p in people_plan(villages)}
    today = date(2026, 11, 28)
    chosen = graduates(list(plans.values()), today)
    assert 3 <= len(chosen) <= len(GRADUATIONS) == 4
    assert chosen == graduates(list(plans.values()), today)
    for nik, (started, graduated_on) in chosen.items():
        plan = plans[nik]
        assert ("MENTORING", "in_progress") in {(s.code, s.state) for s in plan.steps}
        assert months_between(started, graduated_on) >= 12 and graduated_on < today
        first = min(a.assessed_on for a in plan.assessments if a.source == "self")
        assert add_months(first, TRAINING_MONTHS) <= started


def test_visits_follow_the_cadence_up_to_the_day():
    import random

    started, end = date(2025, 6, 10), date(2026, 11, 28)
    visits = visit_dates(started, end, random.Random(1))
    assert visits[0].visited_on <= add_months(started, 1)
    for visit, after in zip(visits, visits[1:], strict=False):
        assert after.visited_on == visit.next_on
        gap = 1 if months_between(started, visit.visited_on) < 12 else 2
        assert add_months(visit.visited_on, gap) - timedelta(days=6) <= after.visited_on
        assert after.visited_on <= add_months(visit.visited_on, gap)
    assert visits[-1].visited_on <= end < visits[-1].next_on
    assert sum(v.review for v in visits) == 1


def test_a_user_for_each_role_can_log_in(demo, db, client):
    users = get_user_model().objects.filter(username__in=LOGINS)
    assert {u.username: u.role for u in users} == LOGINS
    for username in LOGINS:
        assert client.login(username=username, password="purna-demo"), username
        client.logout()
    admin = users.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert not users.exclude(username="admin").filter(is_superuser=True).exists()
    officer = users.get(username="petugas")
    assert 1 < officer.districts.count() < 21 and not officer.regencies.exists()
    assert list(users.get(username="koordinator").regencies.values_list("code", flat=True)) == [
        PONOROGO
    ]
    viewer = users.get(username="pemerintah")
    assert viewer.institution.kind == Institution.Kind.GOVERNMENT
    assert set(Institution.objects.values_list("kind", flat=True)) == set(Institution.Kind.values)
    for username in LOGINS:
        assert username in demo


def test_second_run_changes_nothing(demo, db, client):
    assert "200 returnees" in demo
    assert f"{len(TICKETS)} tickets:" in demo
    user = get_user_model().objects.get(username="petugas")
    user.set_password("a-new-secret")
    user.save()
    before = counts()

    output = load_demo()

    assert counts() == before
    assert "already there" in output
    assert client.login(username="petugas", password="a-new-secret")


def test_a_deleted_person_comes_back_and_the_others_are_skipped(demo, db):
    person = Person.objects.filter(status="in_mentoring").first()
    nik, entries = person.nik, person.plan_entries.count()
    person.delete()

    load_demo()

    again = Person.objects.get(nik=nik)
    assert again.migrations.exists() and again.consents.exists()
    assert (again.status, again.plan_entries.count()) == ("in_mentoring", entries)
    assert Person.objects.filter(village__district__regency_id=PONOROGO).count() == 200


def test_a_deleted_ticket_comes_back_and_the_others_are_skipped(demo, db):
    ticket = demo_tickets().get(state=State.WAITING, sensitive=True)
    description, messages = ticket.description, ticket.messages.count()
    ticket.delete()

    result = helpdesk_load()

    again = Ticket.objects.get(description=description)
    assert (again.state, again.messages.count(), again.sensitive) == ("waiting", messages, True)
    assert (result.tickets, result.tickets_skipped, result.routes) == (1, len(TICKETS) - 1, 0)
    assert demo_tickets().count() == len(TICKETS)
    assert not helpdesk_load().changed


def test_the_plan_is_the_same_every_time():
    villages = {f"35.02.{d:02d}": [f"35.02.{d:02d}.{2000 + v}" for v in range(1, 12)]
                for d in range(1, 22)}  # fmt: skip
    first, second = people_plan(villages), people_plan(villages)
    assert first == second
    assert len({p.nik for p in first}) == len(first)
    for plan in first:
        for assessment in plan.assessments:
            result = classify(assessment.answers, DEFAULT_INSTRUMENT)
            assert (result.quadrant.value if result.quadrant else "") == assessment.quadrant
    assert sum(bool(plan.steps) for plan in first) > 100
    assert sum(bool(plan.withdrawal) for plan in first) == 5


def test_without_an_instrument_the_command_explains(db):
    Instrument.objects.update(is_active=False)
    with pytest.raises(CommandError, match="migrate"):
        load_demo()


@pytest.mark.django_db
def test_without_the_pathway_modules_the_command_explains():
    Module.objects.filter(code="PEER_MENTOR").update(code="RENAMED")
    with pytest.raises(CommandError, match="migrate"):
        load_demo()


# --- The helpdesk ---------------------------------------------------------------------------


@pytest.fixture
def tickets(demo, db):
    return demo_tickets().select_related("institution", "assignee", "person")


def test_tickets_in_every_kind_state_topic_and_channel(tickets):
    assert tickets.count() == len(TICKETS)
    assert 20 <= len(TICKETS) <= 25
    assert set(tickets.values_list("state", flat=True)) == set(State.values)
    assert set(tickets.values_list("kind", flat=True)) == set(Kind.values)
    assert set(tickets.filter(kind=Kind.HELP).values_list("topic", flat=True)) == set(
        HelpTopic.values
    )
    assert set(tickets.values_list("channel", flat=True)) == set(Channel.values) - {Channel.API}
    # Every abuse report is sensitive, and the curhat about a husband's gambling debts too.
    assert not tickets.filter(kind=Kind.ABUSE, sensitive=False).exists()
    assert tickets.filter(kind=Kind.CONSULTATION, sensitive=True).exists()
    # A reopened ticket is back in progress; the ratings are on resolved tickets.
    assert tickets.filter(reopened=1, state=State.IN_PROGRESS).exists()
    rated = tickets.filter(satisfaction__isnull=False)
    assert rated.count() >= 3 and len(set(rated.values_list("satisfaction", flat=True))) >= 3
    assert not rated.filter(resolved_at__isnull=True).exists()
    assert tickets.filter(state=State.RESOLVED, satisfaction__isnull=False).exists()
    assert tickets.filter(state=State.CLOSED, satisfaction__isnull=False).exists()
    # Submitted over the last six weeks, none in the future.
    now, today = timezone.now(), timezone.localdate()
    submitted = [timezone.localdate(t.created_at) for t in tickets]
    assert max(submitted) < today and today - timedelta(days=45) <= min(submitted)
    assert min(submitted) < today - timedelta(days=28)
    assert not tickets.filter(updated_at__gt=now).exists()


def test_registered_returnees_and_others_routed_by_kind(tickets):
    institutions = {(kind, area): name for kind, area, name, _ in ROUTES}
    assert Route.objects.count() == len(ROUTES)
    for ticket in tickets:
        area = "35.02" if ticket.village_id else ""
        assert ticket.institution.name == institutions[(ticket.kind, area)], ticket.code
    assert tickets.filter(village__isnull=True).count() == 1
    # From registered returnees (their NIK; staff entries linked to the person) and from
    # people who are not registered.
    registered = tickets.exclude(submitter_nik="")
    assert 6 <= registered.count() <= len(TICKETS) - 6
    niks = set(Person.objects.values_list("nik", flat=True))
    assert set(registered.values_list("submitter_nik", flat=True)) <= niks
    linked = registered.exclude(channel=Channel.WEB)
    assert linked.exists() and not linked.filter(person__isnull=True).exists()
    assert not tickets.filter(channel=Channel.WEB, person__isnull=False).exists()
    # Routed to the family's mentor: the mentor login gets the tickets of its families.
    mine = tickets.filter(assignee__username="mentor")
    assert mine.count() >= 2
    for ticket in mine:
        assert Assignment.objects.filter(
            person__nik=ticket.submitter_nik, ended_on__isnull=True, mentor__user__username="mentor"
        ).exists()
    # The coordinator gives tickets to the field officer of the district; the sensitive
    # report taken by phone too (only then does she see it).
    assert tickets.filter(assignee__role=Role.FIELD_OFFICER).count() >= 4
    assert tickets.filter(sensitive=True, assignee__role=Role.FIELD_OFFICER).exists()


def test_late_tickets_are_escalated_and_the_others_in_time(tickets):
    today = timezone.localdate()
    late = {
        t.code: overdue(t.state, t.acknowledge_by, t.resolve_by, today)
        for t in tickets
        if overdue(t.state, t.acknowledge_by, t.resolve_by, today)
    }
    assert sorted(late.values()) == ["acknowledge", "resolve"]
    escalated = set(tickets.filter(escalated_at__isnull=False).values_list("code", flat=True))
    assert escalated == set(late)
    # One ticket was resolved after its deadline (the reports' share in time is not 100%).
    done = tickets.filter(state__in=DONE, resolved_at__isnull=False)
    assert sum(timezone.localdate(t.resolved_at) > t.resolve_by for t in done) == 1


def test_conversations_in_the_order_they_happened(tickets):
    kinds = Counter(Message.objects.filter(ticket__in=tickets).values_list("kind", flat=True))
    assert kinds["reply"] >= 15 and kinds["note"] >= 10 and kinds["submitter"] >= 2
    now = timezone.now()
    for ticket in tickets.prefetch_related("messages"):
        times = [ticket.created_at] + [m.created_at for m in ticket.messages.all()]
        assert times == sorted(times) and times[-1] < now, ticket.code
        stamps = [ticket.created_at, ticket.acknowledged_at, ticket.resolved_at]
        if ticket.state == State.NEW:
            assert ticket.acknowledged_at is None and not ticket.messages.exists()
        else:
            assert ticket.created_at <= ticket.acknowledged_at < now, ticket.code
        if ticket.resolved_at:
            assert stamps == sorted(stamps), ticket.code
        if ticket.closed_at:
            assert ticket.acknowledged_at <= ticket.closed_at < now
        assert (ticket.state == State.CLOSED) == (ticket.closed_at is not None)


def test_no_ticket_content_in_the_summary_the_outbox_or_the_audit_trail(demo, tickets):
    codes = set(tickets.values_list("code", flat=True))
    outbox = OutboxMessage.objects.filter(related_label__in=codes)
    assert outbox.count() >= len(TICKETS)
    events = AuditEvent.objects.filter(entity="ticket")
    stored = [m.body + m.subject for m in outbox] + [str(e.changes) for e in events]
    for ticket in tickets:
        secrets = (ticket.description[:40], ticket.submitter_name, ticket.submitter_phone)
        for secret in filter(None, secrets):
            assert secret not in demo
            assert not any(secret in text for text in stored), ticket.code
        assert ticket.code not in demo
        if ticket.sensitive:
            assert not events.filter(entity_id=ticket.pk, person_id__isnull=False).exists()


def test_the_helpdesk_script_is_sound():
    assert script_problems() == []
