"""The demo's cohorts and field tests, recorded through the programme services.

Runs after the people and their progress are loaded. Each cohort is keyed by its name: one
that exists is left alone with its enrolments, roll calls and scores. Participants are taken
from `cohort_worklist` (so only families whose plan needs the module next, nearest to the
venue first), among those identified at least two weeks before the first session. Every
date is fixed except those of the cohort that starts soon, which are counted from today so
that the follow-up worklist of cohorts with empty seats always has it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from purna.accounts.models import Institution, Role, User
from purna.areas.models import Village
from purna.core.pathways import (
    FIELD_VERIFICATION,
    MINDSET_BUSINESS,
    MINDSET_SAKINAH,
    TRAINING_BUSINESS,
    TRAINING_SAKINAH,
)
from purna.notifications.services import reminders_queue_for_session
from purna.people.models import HouseholdMember, Person
from purna.programme.cohorts import (
    cohort_create,
    cohort_enrol,
    cohort_scores_save,
    cohort_worklist,
    enrolment_family_set,
    roll_call_save,
)
from purna.programme.field_tests import field_test_due, field_test_record
from purna.programme.models import Cohort, Enrolment, Module

from .generate import LAST_DAY, SEED, PersonPlan
from .load import DISNAKER, NGO, PAGUYUBAN, UMPO, USERS

# Participants must have been identified this long before the first session.
LEAD_TIME = timedelta(days=14)
SOON = 6  # days from today to the first session of the cohort that starts soon


@dataclass(frozen=True)
class CohortSpec:
    name: str
    module: str
    institution: str
    venue: str  # village code
    facilitators: tuple[str, ...]  # usernames; the first takes the roll calls
    capacity: int
    enrol: int  # how many from the worklist (beyond the capacity: the waiting list)
    # Fixed session dates, or None: weekly from today + SOON (the cohort starting soon).
    dates: tuple[date, ...] | None
    sessions: int = 0  # with dates None: how many weekly sessions
    held: int = 0  # sessions with a roll call (the first ones)
    # Enrolment index (in worklist order; negative from the end) -> sessions missed.
    absent: tuple[tuple[int, tuple[int, ...]], ...] = ()
    # Enrolment indexes whose spouse attends with them (sakinah modules only).
    family: tuple[int, ...] = ()
    post_test: bool = False  # the post-test was taken at the last session


def _weekly(first: date, n: int, every: int = 7) -> tuple[date, ...]:
    return tuple(first + timedelta(days=every * i) for i in range(n))


COHORTS = (
    # Finished in 2025: the sakinah mindset in the south-west.
    CohortSpec(
        "Pola Pikir Keluarga Sakinah Angkatan 1 - Slahung",
        MINDSET_SAKINAH,
        PAGUYUBAN,
        "35.02.01.2003",
        ("petugas2", "mentor"),
        capacity=15,
        enrol=12,
        dates=(date(2025, 8, 9), date(2025, 8, 16)),
        held=2,
        absent=((-1, (1, 2)),),
        post_test=True,
    ),
    # Finished in the first half of 2026: the entrepreneurial mindset, then the business
    # training (most of its participants from the mindset cohort). A mindset cohort has two
    # sessions, so the one who never came missed both; two left the training half-way.
    CohortSpec(
        "Pola Pikir Wirausaha Angkatan 1 - Babadan",
        MINDSET_BUSINESS,
        NGO,
        "35.02.16.2013",
        ("petugas", "mentor"),
        capacity=15,
        enrol=12,
        dates=(date(2026, 3, 7), date(2026, 3, 14)),
        held=2,
        absent=((-1, (1, 2)),),
        post_test=True,
    ),
    CohortSpec(
        "Pelatihan Kewirausahaan Angkatan 1 - Siman",
        TRAINING_BUSINESS,
        UMPO,
        "35.02.10.1017",
        ("petugas", "mentor"),
        capacity=12,
        enrol=10,
        dates=_weekly(date(2026, 4, 11), 6),
        held=6,
        absent=((-1, (4, 5, 6)), (-2, (3, 5, 6)), (2, (2,))),
        post_test=True,
    ),
    # Under way on the demo's last day: two of four sessions held; full, with a waiting
    # list, and spouses attending with some of the returnees.
    CohortSpec(
        "Pelatihan Keluarga Sakinah Angkatan 1 - Balong",
        TRAINING_SAKINAH,
        PAGUYUBAN,
        "35.02.11.2013",
        ("petugas2", "mentor"),
        capacity=8,
        enrol=10,
        dates=_weekly(date(2026, 9, 12), 4, every=14),
        held=2,
        absent=((-1, (1, 2)), (3, (2,))),
        family=(0, 1, 2, 5),
    ),
    # Starts within the week, wherever today is: seats left, reminders queued.
    CohortSpec(
        "Pola Pikir Wirausaha Angkatan 2 - Ponorogo",
        MINDSET_BUSINESS,
        DISNAKER,
        "35.02.17.1004",
        ("petugas", "petugas2"),
        capacity=20,
        enrol=8,
        dates=None,
        sessions=2,
    ),
)

# Field tests (uji lapangan) of quadrant IV families, in NIK order of those still due:
# three confirmed (peer mentors now), one whose business was not confirmed (placed in III).
FIELD_TESTS = (
    dict(business_exists=True, sector="food", months_operating=30, monthly_revenue=9_500_000,
         monthly_profit=3_200_000, workers=2, worship_routine=True, charity_routine=True,
         family_harmony=True, social_participation=True, business_confirmed=True,
         sakinah_confirmed=True, notes="Warung makan di depan rumah, ramai saat jam makan siang."),
    dict(business_exists=True, sector="livestock", months_operating=22,
         monthly_revenue=7_000_000, monthly_profit=2_500_000, workers=1, worship_routine=True,
         charity_routine=True, family_harmony=True, social_participation=True,
         business_confirmed=True, sakinah_confirmed=True,
         notes="Ternak kambing 14 ekor, kandang rapi; aktif di pengajian desa."),
    dict(business_exists=True, sector="tailoring", months_operating=18,
         monthly_revenue=5_500_000, monthly_profit=2_000_000, workers=1, worship_routine=True,
         charity_routine=False, family_harmony=True, social_participation=True,
         business_confirmed=True, sakinah_confirmed=True,
         notes="Jahit seragam sekolah; suami membantu mengantar pesanan."),
    dict(business_exists=False, sector="retail", months_operating=3, monthly_revenue=800_000,
         monthly_profit=150_000, workers=0, worship_routine=True, charity_routine=True,
         family_harmony=True, social_participation=True, business_confirmed=False,
         sakinah_confirmed=True,
         notes="Toko kelontong baru dibuka, belum berjalan tetap; modal dari tabungan."),
)  # fmt: skip


@dataclass
class ProgrammeResult:
    cohorts: int = 0
    enrolments: int = 0
    waitlisted: int = 0
    completions: int = 0
    roll_calls: int = 0
    family: int = 0  # household members attending
    field_tests: int = 0
    confirmed: int = 0
    reminders: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.cohorts or self.field_tests)


def programme_load(plans: list[PersonPlan], *, today: date | None = None) -> ProgrammeResult:
    today = today or timezone.localdate()
    result = ProgrammeResult()
    users = {u.username: u for u in User.objects.filter(username__in=[u.username for u in USERS])}
    coordinator = users.get("koordinator")
    institutions = {i.name: i for i in Institution.objects.all()}
    modules = {m.code: m for m in Module.objects.all()}
    existing = set(Cohort.objects.filter(name__in=[c.name for c in COHORTS]).values_list(
        "name", flat=True))  # fmt: skip
    niks = [p.nik for p in plans]
    for spec in COHORTS:
        if spec.name in existing:
            continue
        dates = spec.dates or _weekly(today + timedelta(days=SOON), spec.sessions)
        cohort = cohort_create(
            actor=coordinator, module=modules[spec.module],
            institution=institutions[spec.institution], name=spec.name,
            venue=Village.objects.get(pk=spec.venue), capacity=spec.capacity,
            session_dates=dates, facilitators=[users[u] for u in spec.facilitators],
        )  # fmt: skip
        result.cohorts += 1
        # Identified in time (and a demo returnee): the worklist keeps its order.
        ready_by = min(dates[0], LAST_DAY) - LEAD_TIME
        identified = dict(
            Person.objects.filter(nik__in=niks, current_assessment__isnull=False).values_list(
                "pk", "current_assessment__assessed_on"
            )
        )
        people = [
            person
            for person, _distance in cohort_worklist(cohort, coordinator)
            if person.pk in identified and identified[person.pk] <= ready_by
        ][: spec.enrol]
        enrolments = cohort_enrol(actor=coordinator, cohort=cohort, people=people)
        result.enrolments += len(enrolments)
        enrolled = [e for e in enrolments if e.state == Enrolment.State.ENROLLED]
        result.waitlisted += len(enrolments) - len(enrolled)
        _record_sessions(spec, cohort, enrolled, users[spec.facilitators[0]], result)
        if spec.dates is None:
            first = cohort.sessions.order_by("number").first()
            queued = reminders_queue_for_session(first, today=today, actor=coordinator)
            result.reminders += len(queued.queued)
    result.completions = Enrolment.objects.filter(
        cohort__name__in=[c.name for c in COHORTS], completed_on__isnull=False
    ).count()
    _field_tests_load(plans, users, result)
    return result


def _record_sessions(
    spec: CohortSpec, cohort: Cohort, enrolled: list[Enrolment], actor: User, result
) -> None:
    """Family members, roll calls of the held sessions, then the test scores."""
    rng = random.Random(f"{SEED}:{spec.name}")
    n = len(enrolled)
    absent = {index % n: set(missed) for index, missed in spec.absent if n}
    for index in spec.family:
        if index >= n:
            continue
        spouse = HouseholdMember.objects.filter(
            person=enrolled[index].person, relation="spouse"
        ).first()
        if spouse:
            enrolment_family_set(actor=actor, enrolment=enrolled[index], members=[spouse])
            result.family += 1
    sessions = list(cohort.sessions.order_by("number"))[: spec.held]
    for session in sessions:
        present = set()
        for index, enrolment in enumerate(enrolled):
            if session.number in absent.get(index, ()):
                continue
            present.add((enrolment.pk, None))
            # The spouse comes too, except once when work kept them away.
            for member in enrolment.family.all():
                if (session.number + index) % 3:
                    present.add((enrolment.pk, member.pk))
        roll_call_save(actor=actor, session=session, present=present)
        result.roll_calls += 1
    if not sessions:
        return
    last = sessions[-1].number
    scores = {}
    for index, enrolment in enumerate(enrolled):
        missed = absent.get(index, set())
        if 1 in missed:
            continue  # not there for the pre-test
        pre = Decimal(rng.randrange(35, 75))
        post = None
        if spec.post_test and last not in missed:
            post = min(pre + rng.randrange(5, 35), Decimal(100))
        scores[enrolment.pk] = (pre, post)
    cohort_scores_save(actor=actor, cohort=cohort, scores=scores)


def _field_test_candidates(plans: list[PersonPlan]) -> list[str]:
    """NIKs of quadrant IV families the plan leaves waiting for a field test."""
    niks = []
    for plan in plans:
        selves = sorted(
            (a for a in plan.assessments if a.source == "self" and a.quadrant),
            key=lambda a: a.assessed_on,
        )
        if not selves or selves[-1].quadrant != "IV" or plan.withdrawal:
            continue
        if all(step.code == FIELD_VERIFICATION for step in plan.steps):
            niks.append(plan.nik)
    return sorted(niks)


def _field_tests_load(plans: list[PersonPlan], users: dict[str, User], result) -> None:
    """The first candidates in NIK order get the planned visits; someone tested already
    (by this demo or by a user) is left as they are, so the visits never shift."""
    officers = {
        district.code: user
        for user in users.values()
        if user.role == Role.FIELD_OFFICER
        for district in user.districts.all()
    }
    candidates = _field_test_candidates(plans)[: len(FIELD_TESTS)]
    last_assessed = {
        plan.nik: max(a.assessed_on for a in plan.assessments)
        for plan in plans
        if plan.nik in candidates
    }
    people = Person.objects.filter(nik__in=candidates).select_related("village")
    by_nik = {p.nik: p for p in people.prefetch_related("field_tests")}
    for nik, answers in zip(candidates, FIELD_TESTS, strict=False):
        person = by_nik.get(nik)
        if person is None or person.field_tests.all() or not field_test_due(person):
            continue
        visited_on = min(last_assessed[nik] + timedelta(days=21), LAST_DAY)
        actor = officers.get(person.village.district_id) or users.get("mentor")
        test = field_test_record(actor=actor, person=person, visited_on=visited_on, **answers)
        result.field_tests += 1
        result.confirmed += test.confirmed
