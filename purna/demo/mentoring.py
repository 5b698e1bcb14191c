"""The demo's year of mentoring: mentors, assignments, plans, visits, businesses and their
monthly figures, decent-life checks, and a few families that became independent.

Runs after the programme (programme.py), through the real services. Unlike the rest of the
demo, the dates here are counted back from today: business practice started between a few
months and about two years ago, so the mentoring clock always has families whose visit is
overdue today, whatever day the demo is loaded.

Everything is drawn from random streams seeded by the family's NIK, so the same family
gets the same story on every run. Mentors are matched by name (staff) or by returnee
(peer); a family that already has any mentoring record (a mentor, plan, visit, business or
check) is left as it is, so a second run changes nothing.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone

from purna.accounts.models import Institution, Role, User
from purna.areas.models import District
from purna.assessment.services import assessment_record, instrument_current
from purna.business.models import Business
from purna.business.services import business_save, monthly_record_save
from purna.core.calendar import add_months, month_start, months_between
from purna.core.instrument import DEFAULT_INSTRUMENT
from purna.core.mentoring import cadence_months
from purna.core.pathways import MENTORING, PRACTICE
from purna.graduation.selectors import school_age_children
from purna.graduation.services import (
    decent_life_check_record,
    graduation_confirm,
    sustainability_check_record,
)
from purna.mentoring.models import MentoringPlan, PlanAction, Visit
from purna.mentoring.selectors import mentoring_rows
from purna.mentoring.services import mentoring_plan_agree, mentoring_plan_create, visit_record
from purna.mentors.access import families_for
from purna.mentors.models import Assignment, Kind, Mentor
from purna.mentors.services import (
    mentor_save,
    peer_mentor_create,
    preference_set,
    proposal_accept,
)
from purna.people.models import Person, Status
from purna.programme.models import PlanEntry

from .generate import SEED, PersonPlan, answers_for_quadrant
from .load import DISNAKER, NGO, PASSWORD, UMPO, USERS

Who = PlanAction.Who

# --- Who mentors ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffMentor:
    name: str
    institution: str
    sex: str
    capacity: int
    sectors: tuple[str, ...]
    districts: tuple[str, ...]
    username: str = ""  # the demo login behind the mentor, if any


# The demo's mentor login first: the NGO mentor of the town and its ring, where most
# families in practice live, so she has several families and some are overdue today. The
# others have no login (the field officers type in their paper visit reports).
STAFF_MENTORS = (
    StaffMentor("Endang Rahayu", NGO, "P", 8, ("food", "retail", "services", "crafts"),
                ("35.02.17", "35.02.16", "35.02.10", "35.02.18", "35.02.09"), username="mentor"),
    StaffMentor("Ahmad Fauzi", UMPO, "L", 12, ("agriculture", "livestock", "fisheries"),
                ("35.02.11", "35.02.12", "35.02.13", "35.02.14", "35.02.15")),
    StaffMentor("Siti Nurhayati", UMPO, "P", 10, ("tailoring", "crafts", "food"),
                ("35.02.01", "35.02.02", "35.02.03", "35.02.04")),
    StaffMentor("Hadi Susanto", DISNAKER, "L", 10, ("retail", "services", "transport", "livestock"),
                ("35.02.05", "35.02.06", "35.02.07", "35.02.19", "35.02.20", "35.02.21")),
    StaffMentor("Wahyu Kurniasih", NGO, "P", 9, ("food", "agriculture", "crafts"),
                ("35.02.08", "35.02.12", "35.02.03")),
)  # fmt: skip
# The peer mentor's login: given to the peer mentor who accompanies the most families.
PEER_LOGIN = next(spec for spec in USERS if spec.role == Role.PEER_MENTOR)
ASSIGNMENT_REASON = "Usulan pendamping: jarak, bidang usaha dan beban pendamping"
# Families who asked for a mentor of their own sex (women, chosen by NIK).
SAME_SEX_WISHES = 2
SAME_SEX_NOTE = "Suami lebih tenang jika pendampingnya perempuan"

# --- When -------------------------------------------------------------------------------

# Months since business practice started, by status (plus up to four weeks).
PRACTICE_MONTHS = {Status.IN_PRACTICE: (4, 10), Status.IN_MENTORING: (10, 18)}
# Mindset and training take at least this long after the first assessment.
TRAINING_MONTHS = 4
# (months since graduation, months of practice by then): the families that became
# independent. Six months after graduation the first sustainability check is due.
GRADUATIONS = ((8, 13), (7, 14), (3, 14), (1, 15))
OVERDUE_SHARE = 0.15  # families whose latest visit was missed
MENTOR_OVERDUE = 2  # of them, families of the mentor login
LATE_BY = 7  # an overdue family is at least this many days late
REVIEW_MONTHS = 12  # the plan is revised at the one-year review

# --- What ------------------------------------------------------------------------------

# Monthly revenue of an established village business (Rp, low-high) and the share kept
# as profit (low-high), by sector.
FIGURES = {
    "food": (3_000_000, 9_000_000, 0.22, 0.35),
    "retail": (5_000_000, 15_000_000, 0.08, 0.15),
    "livestock": (1_500_000, 5_000_000, 0.25, 0.45),
    "agriculture": (1_500_000, 6_000_000, 0.20, 0.40),
    "fisheries": (2_000_000, 6_000_000, 0.15, 0.30),
    "tailoring": (1_500_000, 5_000_000, 0.40, 0.60),
    "crafts": (1_000_000, 4_000_000, 0.30, 0.50),
    "services": (1_500_000, 5_000_000, 0.40, 0.65),
    "transport": (2_000_000, 6_000_000, 0.30, 0.45),
    "other": (1_500_000, 4_000_000, 0.25, 0.40),
}
RAMP = (0.45, 0.65, 0.85)  # the first months, while customers find the business
LOSS_ODDS = 0.08  # a bad month: restocking, a sick child, a broken tool
# The month of Lebaran (Idulfitri) and Iduladha, by year; other years fall back to March/May.
LEBARAN = {2024: 4, 2025: 3, 2026: 3, 2027: 3, 2028: 2}
IDUL_ADHA = {2024: 6, 2025: 6, 2026: 5, 2027: 5, 2028: 5}

BUSINESS_NAMES = {
    "food": ("Warung Makan {title} {name}", "Keripik Tempe {name}", "Sambel Pecel {village}",
             "Kue Basah {title} {name}"),
    "retail": ("Toko Kelontong {title} {name}", "Toko Sembako {name}"),
    "livestock": ("Ternak Kambing {name}", "Ternak Ayam Petelur {name}"),
    "agriculture": ("Kebun Cabai {name}", "Tani Sayur {village}"),
    "fisheries": ("Kolam Lele {name}", "Budidaya Nila {village}"),
    "tailoring": ("Jahit {title} {name}", "Konveksi Seragam {name}"),
    "crafts": ("Kerajinan Reog Mini {village}", "Anyaman Bambu {name}"),
    "services": ("Laundry Kiloan {name}", "Salon {title} {name}"),
    "transport": ("Angkut Barang {title} {name}", "Ojek dan Antar Barang {name}"),
    "other": ("Pengepul Rosok {name}",),
}  # fmt: skip
CLOSED_REASON = (
    "Sepi pembeli sejak minimarket buka di dekat pasar desa; sisa modal dipakai untuk usaha baru"
)
PAUSED_MONTHS_AGO = 2
PAUSED_TOPIC = "Usaha berhenti sementara: merawat orang tua yang sakit; rencana buka lagi"

VISIT_KINDS = {Visit.Kind.HOME: 35, Visit.Kind.BUSINESS: 40, Visit.Kind.PHONE: 15}
TOPICS = (
    "Membaca buku kas bersama: pemasukan dan pengeluaran bulan ini",
    "Menghitung harga pokok dan harga jual",
    "Memisahkan uang usaha dan uang rumah tangga",
    "Tabungan keluarga dan rencana sekolah anak",
    "Promosi lewat status WhatsApp dan grup desa",
    "Pembagian tugas rumah tangga dan pengajian rutin",
    "Kemajuan rencana pendampingan",
    "Mengurus NIB lewat OSS",
    "Syarat KUR mikro dari bank",
)
SECTOR_TOPICS = {
    "food": ("Kemasan dan label produk", "Sertifikat halal gratis (SEHATI)",
             "Menu baru dan harga bahan pokok"),
    "retail": ("Stok barang dan utang pelanggan", "Kulakan bersama di pasar grosir"),
    "livestock": ("Pakan dan kesehatan kambing", "Persiapan penjualan menjelang Iduladha"),
    "agriculture": ("Jadwal tanam dan pupuk", "Harga cabai di pengepul"),
    "fisheries": ("Pakan lele dan kualitas air kolam", "Jadwal panen dan pembeli tetap"),
    "tailoring": ("Pesanan seragam sekolah", "Tarif jahit dan waktu pengerjaan"),
    "crafts": ("Bahan baku dan desain baru", "Titip jual di toko oleh-oleh Ponorogo"),
    "services": ("Daftar harga dan pelanggan tetap", "Promosi di media sosial"),
    "transport": ("Perawatan kendaraan", "Pelanggan antar barang ke pasar"),
    "other": ("Mencari pembeli tetap", "Mencatat barang masuk dan keluar"),
}  # fmt: skip
PROBLEMS = (
    "Banyak pelanggan berutang",
    "Harga bahan baku naik",
    "Anak sakit, usaha tutup beberapa hari",
    "Hujan terus, pembeli sepi",
    "Modal kerja kurang untuk pesanan besar",
    "Suami belum mau ikut mengelola usaha",
)
ACTIONS_AGREED = (
    "Mencatat penjualan setiap hari",
    "Menagih utang pelanggan setiap Sabtu",
    "Menyisihkan Rp 20.000 per hari untuk tabungan",
    "Mencoba berjualan lewat grup WhatsApp desa",
    "Membandingkan harga dua pemasok",
)
FAMILY_GOALS = (
    "Sholat berjamaah di rumah dan ikut pengajian RT setiap minggu",
    "Suami dan istri memutuskan keuangan bersama; menabung Rp 50.000 per minggu",
    "Lebih banyak waktu bersama anak setelah bertahun-tahun berpisah",
    "Ikut arisan dan kerja bakti desa; sedekah Jumat rutin",
    "Membayar iuran BPJS Kesehatan keluarga setiap bulan",
)
SECTOR_ACTIONS = (
    ("Mendampingi pengurusan NIB lewat OSS", Who.MENTOR),
    ("Pelatihan pengemasan dan pemasaran di Disnaker", Who.INSTITUTION),
    ("Membuat papan nama dan daftar harga", Who.FAMILY),
)
AGREEMENT_NOTES = (
    "Ditandatangani saat kunjungan rumah",
    "Disetujui lisan, disaksikan suami",
    "Disetujui lewat WhatsApp",
)
CHECK_NOTES = (
    "",
    "",
    "Rumah sudah permanen, tinggal plester dapur",
    "Sudah ikut BPJS Kesehatan mandiri",
    "Mulai menabung di BRI untuk tambah modal",
)


@dataclass
class MentoringResult:
    staff_mentors: int = 0
    peer_mentors: int = 0
    logins: list[str] = field(default_factory=list)  # usernames created now
    families: int = 0  # families whose mentoring was recorded now
    families_skipped: int = 0  # already had mentoring records
    assignments: Counter = field(default_factory=Counter)  # by kind
    plans: int = 0  # plan versions
    plans_agreed: int = 0
    visits: int = 0
    businesses: int = 0
    records: int = 0  # monthly records
    decent_life_checks: int = 0
    graduated: int = 0
    sustainability_checks: int = 0
    # Today, among the demo families: overdue for a visit, and the mentor login's share.
    overdue_today: int = 0
    mentor_login_families: int = 0
    mentor_login_overdue: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.staff_mentors or self.peer_mentors or self.logins or self.families)


@dataclass
class Story:
    """One family's year: when practice started and what the demo makes of it."""

    plan: PersonPlan
    person: Person
    today: date
    started: date
    graduated_on: date | None = None
    staff: Mentor | None = None
    peer: Mentor | None = None
    overdue: bool = False
    plan_waiting: bool = False  # the newest version of the plan is not agreed yet
    business_fate: str = Business.Status.OPERATING  # or paused, closed (then a new one)
    # At the first sustainability check, someone of the household had gone abroad again.
    migration_reported: bool = False

    @property
    def end(self) -> date:
        """The last day mentoring records are kept: graduation, or today."""
        return self.graduated_on or self.today


def _rng(nik: str, topic: str) -> random.Random:
    return random.Random(f"{SEED}:mentoring:{topic}:{nik}")


def _rank(nik: str, topic: str) -> float:
    """A fixed place in a shuffled order: who is picked for a role does not depend on who
    else is in the database."""
    return _rng(nik, f"rank:{topic}").random()


def mentoring_load(
    plans: Sequence[PersonPlan],
    *,
    today: date | None = None,
    password: Callable[[], str] | None = None,
) -> MentoringResult:
    """Mentors, then each demo family in practice or mentoring not yet accompanied.
    `password` returns the hashed demo password for the peer mentor's login."""
    today = today or timezone.localdate()
    result = MentoringResult()
    users = {u.username: u for u in User.objects.filter(username__in=[u.username for u in USERS])}
    coordinator = users.get("koordinator")
    officers = {
        district.code: user
        for user in users.values()
        if user.role == Role.FIELD_OFFICER
        for district in user.districts.all()
    }
    staff = _staff_mentors_ensure(coordinator, users, result)
    _peer_mentors_ensure(plans, coordinator, result)

    stories = _stories(plans, today, result)
    if stories:
        _practice_backdate(stories)
        _wishes(stories, coordinator)
        _assign(stories, Kind.STAFF, coordinator, today, result)
        _assign(stories, Kind.PEER, coordinator, today, result)
        _roles(stories, staff.get(STAFF_MENTORS[0].name))
    _peer_login(coordinator, password, result)
    instrument = instrument_current()
    for story in stories:
        actor = _recorder(story, officers, coordinator)
        _family_load(story, actor, coordinator, officers, instrument, result)
    if result.families:
        _today_count(plans, users.get(STAFF_MENTORS[0].username), today, result)
    return result


def _today_count(plans: Sequence[PersonPlan], mentor_login, today: date, result) -> None:
    rows = mentoring_rows(Person.objects.filter(nik__in=[p.nik for p in plans]), today=today)
    result.overdue_today = sum(row.overdue for row in rows)
    if mentor_login is not None:
        mine = mentoring_rows(families_for(mentor_login), today=today)
        result.mentor_login_families = len(mine)
        result.mentor_login_overdue = sum(row.overdue for row in mine)


# --- Mentors -------------------------------------------------------------------------------


def _staff_mentors_ensure(coordinator, users: dict[str, User], result) -> dict[str, Mentor]:
    """The staff mentors of STAFF_MENTORS by name; one that exists is left alone."""
    existing = {m.name: m for m in Mentor.objects.filter(kind=Kind.STAFF)}
    institutions = {i.name: i for i in Institution.objects.all()}
    districts = District.objects.in_bulk([d for spec in STAFF_MENTORS for d in spec.districts])
    for spec in STAFF_MENTORS:
        user = users.get(spec.username)
        if spec.name in existing or (user and Mentor.objects.filter(user=user).exists()):
            continue
        existing[spec.name] = mentor_save(
            actor=coordinator, mentor=Mentor(), kind=Kind.STAFF, name=spec.name,
            institution=institutions[spec.institution], sex=spec.sex, capacity=spec.capacity,
            sectors=list(spec.sectors), user=user,
            districts=[districts[code] for code in spec.districts],
        )  # fmt: skip
        result.staff_mentors += 1
    return existing


def _peer_mentors_ensure(plans: Sequence[PersonPlan], coordinator, result) -> None:
    """Every demo returnee confirmed as a peer mentor joins the directory, with the
    sectors they are interested in."""
    peers = (
        Person.objects.filter(nik__in=[p.nik for p in plans], status=Status.PEER_MENTOR)
        .exclude(as_mentor__isnull=False)
        .select_related("village__district", "current_assessment")
        .order_by("nik")
    )
    for person in peers:
        assessment = person.current_assessment
        interests = assessment.business_interests[:3] if assessment else []
        peer_mentor_create(actor=coordinator, person=person, sectors=interests)
        result.peer_mentors += 1


def _hash() -> str:
    return make_password(PASSWORD)


def _peer_login(coordinator, password: Callable[[], str] | None, result) -> None:
    """The peer mentor's login, for the peer mentor with the most families (then by NIK):
    made the way users_ensure makes the others, linked through mentor_save."""
    if User.objects.filter(username=PEER_LOGIN.username).exists():
        return
    candidates = list(
        Mentor.objects.filter(kind=Kind.PEER, user__isnull=True, is_active=True).select_related(
            "person__village__district"
        )
    )
    if not candidates:
        return
    load = Counter(
        Assignment.objects.filter(mentor__in=candidates, ended_on__isnull=True).values_list(
            "mentor_id", flat=True
        )
    )
    mentor = min(candidates, key=lambda m: (-load[m.pk], m.person.nik))
    person = mentor.person
    first, _, last = person.full_name.partition(" ")
    user = User.objects.create(
        username=PEER_LOGIN.username, password=(password or _hash)(),
        role=Role.PEER_MENTOR, first_name=first, last_name=last,
        institution=Institution.objects.filter(name=PEER_LOGIN.institution).first(),
    )  # fmt: skip
    user.districts.set([person.village.district])
    mentor_save(actor=coordinator, mentor=mentor, user=user)
    result.logins.append(user.username)


# --- Families ------------------------------------------------------------------------------


def _first_assessed(plan: PersonPlan) -> date:
    return min(a.assessed_on for a in plan.assessments if a.source == "self")


def _last_states(plan: PersonPlan) -> dict[str, str]:
    states: dict[str, str] = {}
    for step in plan.steps:
        states[step.code] = step.state
    return states


def _dropped_out_at(plan: PersonPlan, on: date) -> bool:
    """A child of school age on `on` who left school: the schooling indicator is not met."""
    return any(
        m.relation == "child"
        and m.birth_date
        and m.school_status == "dropped_out"
        and 7 <= (on - m.birth_date).days // 365 <= 18
        for m in plan.household
    )


def graduates(plans: Sequence[PersonPlan], today: date) -> dict[str, tuple[date, date]]:
    """{NIK: (practice started, graduated on)} of the families that became independent:
    in mentoring by the plan, early enough identified for the practice GRADUATIONS needs,
    no school-age child out of school; the first in a fixed shuffled order."""
    candidates = sorted(
        (p for p in plans if not p.withdrawal and _last_states(p).get(MENTORING) == "in_progress"),
        key=lambda p: _rank(p.nik, "graduate"),
    )
    chosen: dict[str, tuple[date, date]] = {}
    for months_ago, months_in in GRADUATIONS:
        graduated_on = add_months(today, -months_ago) - timedelta(days=len(chosen) * 5 + 3)
        started = add_months(graduated_on, -months_in)
        for plan in candidates:
            if plan.nik in chosen or _dropped_out_at(plan, graduated_on):
                continue
            if add_months(_first_assessed(plan), TRAINING_MONTHS) <= started:
                chosen[plan.nik] = (started, graduated_on)
                break
    return chosen


def _stories(plans: Sequence[PersonPlan], today: date, result) -> list[Story]:
    """The demo families in practice or mentoring with no mentoring record yet."""
    by_nik = {p.nik: p for p in plans}
    people = (
        Person.objects.filter(
            nik__in=list(by_nik),
            status__in=[Status.IN_PRACTICE, Status.IN_MENTORING],
            plan_entries__module__code=PRACTICE,
            plan_entries__started_on__isnull=False,
        )
        .select_related("village__district", "current_assessment")
        .order_by("nik")
    )
    touched = set(
        Person.objects.filter(pk__in=people.values("pk"))
        .filter(
            Q(mentor_assignments__isnull=False)
            | Q(mentoring_plans__isnull=False)
            | Q(visits__isnull=False)
            | Q(businesses__isnull=False)
            | Q(decent_life_checks__isnull=False)
        )
        .values_list("pk", flat=True)
    )
    chosen = graduates(plans, today)
    stories = []
    for person in people:
        if person.pk in touched:
            result.families_skipped += 1
            continue
        plan = by_nik[person.nik]
        if person.nik in chosen:
            started, graduated_on = chosen[person.nik]
        else:
            rng = _rng(person.nik, "practice")
            low, high = PRACTICE_MONTHS[person.status]
            started = add_months(today, -rng.randint(low, high)) - timedelta(rng.randint(0, 27))
            started = max(started, add_months(_first_assessed(plan), TRAINING_MONTHS))
            started, graduated_on = min(started, today), None
        story = Story(plan, person, today=today, started=started, graduated_on=graduated_on)
        # The family independent the longest reports it (what the checks are there to see).
        story.migration_reported = person.nik == next(iter(chosen), None)
        stories.append(story)
    return stories


def _practice_backdate(stories: list[Story]) -> None:
    # The programme services date a module's start on the day it is recorded (today, for
    # the demo), but these families have been practising for months: the mentoring clock,
    # the visits and the checks all count from that day. No service sets a past start, so
    # the demo writes this one field.
    for story in stories:
        PlanEntry.objects.filter(person=story.person, module__code=PRACTICE).update(
            started_on=story.started
        )


def _wishes(stories: list[Story], coordinator) -> None:
    """A few women asked for a woman mentor (the proposal weighs it)."""
    women = sorted(
        (s for s in stories if s.person.sex == "P"), key=lambda s: _rank(s.person.nik, "wish")
    )
    for story in women[:SAME_SEX_WISHES]:
        preference_set(actor=coordinator, person=story.person, same_sex=True, note=SAME_SEX_NOTE)


def _assign(stories: list[Story], kind: str, coordinator, today: date, result) -> None:
    """The optimal proposal (core.matching through the mentors app) for the families,
    accepted as proposed, each from a few days after its practice started. A peer mentor
    is proposed only to families of the districts where one lives (a peer's place in the
    demo is their neighbourhood); the proposal may still choose a peer nearby whose
    business suits the family better."""
    if kind == Kind.PEER:
        peer_districts = set(
            Mentor.objects.filter(kind=Kind.PEER, is_active=True).values_list(
                "village__district_id", flat=True
            )
        )
        stories = [s for s in stories if s.person.village.district_id in peer_districts]
    if not stories:
        return
    # Imported here: the matching loads SciPy (most of a second), which a second run of
    # the demo, with every family accompanied already, does not need.
    from purna.mentors.proposals import proposal_build

    by_pk = {s.person.pk: s for s in stories}
    people = list(
        Person.objects.filter(pk__in=by_pk)
        .select_related("village__district", "mentor_preference", "current_assessment")
        .order_by("nik")
    )
    built = proposal_build(coordinator, kind, people=people)
    for person in people:
        mentor_id = built.proposal.mentor_for.get(person.pk)
        if mentor_id is None:
            continue
        story = by_pk[person.pk]
        on = min(story.started + timedelta(days=_rng(person.nik, kind).randint(2, 10)), today)
        mentor = built.by_mentor[mentor_id]
        proposal_accept(
            actor=coordinator, kind=kind,
            pairs=[(person, mentor, built.proposal.cost_of(person.pk))],
            on=on, reason=ASSIGNMENT_REASON, today=today,
        )  # fmt: skip
        result.assignments[kind] += 1
        if kind == Kind.STAFF:
            story.staff = mentor
        else:
            story.peer = mentor


def _roles(stories: list[Story], mentor_login: Mentor | None) -> None:
    """Who missed the latest visit, whose plan waits for agreement, whose business paused
    or closed: among families still in mentoring, in a fixed shuffled order; the mentor
    login's families first for the overdue visits and a plan waiting."""
    ongoing = sorted(
        (s for s in stories if s.graduated_on is None), key=lambda s: _rank(s.person.nik, "role")
    )
    mine = [s for s in ongoing if mentor_login and s.staff and s.staff.pk == mentor_login.pk]
    others = [s for s in ongoing if s not in mine]
    overdue = math.ceil(len(ongoing) * OVERDUE_SHARE)
    for story in (mine[:MENTOR_OVERDUE] + others)[:overdue]:
        story.overdue = True
    # The mentor login's family waits to agree a revised plan (version 2, drafted at the
    # last visit); another family never agreed its first plan (late: a month has passed).
    for group, revised in ((mine, True), (others, False)):
        candidates = [s for s in group if not s.overdue]
        preferred = [s for s in candidates if (months_between(s.started, s.today) >= 6) == revised]
        waiting = (preferred or candidates or [None])[0]
        if waiting:
            waiting.plan_waiting = True
    calm = [s for s in others if not (s.overdue or s.plan_waiting)]
    months = {s.person.pk: months_between(s.started, s.today) for s in calm}
    paused = next((s for s in calm if months[s.person.pk] >= 8), None)
    if paused:
        paused.business_fate = Business.Status.PAUSED
    closed = next((s for s in calm if s is not paused and months[s.person.pk] >= 10), None)
    if closed:
        closed.business_fate = Business.Status.CLOSED


def _recorder(story: Story, officers: dict[str, User], coordinator) -> User:
    """The mentor's own login, else the district's field officer (typing in the paper
    report), else the coordinator."""
    if story.staff and story.staff.user_id:
        return story.staff.user
    return officers.get(story.person.village.district_id) or coordinator


def _family_load(story: Story, actor, coordinator, officers, instrument, result) -> None:
    _business_load(story, actor, result)
    _plan_load(story, actor, result)
    _visits_load(story, actor, result)
    _checks_load(story, actor, result)
    if story.graduated_on:
        _graduate(story, coordinator, officers, instrument, result)
    result.families += 1


# --- Businesses ----------------------------------------------------------------------------


def _rupiah(value: float, step: int = 5_000) -> int:
    return max(0, int(round(value / step)) * step)


def _season(sector: str, month: date) -> float:
    lebaran = LEBARAN.get(month.year, 3)
    adha = IDUL_ADHA.get(month.year, 5)
    m = month.month
    if sector == "livestock":
        return 2.2 if m == adha else (1.3 if m == adha - 1 else 1.0)
    if sector == "agriculture":
        return 1.4 if m in (3, 4, 8, 9) else (0.6 if m in (11, 12) else 1.0)
    if sector == "fisheries":
        return 1.3 if m % 3 == 0 else 0.85
    if sector == "tailoring" and m in (6, 7):
        return 1.5  # new school uniforms
    if m == lebaran:
        return 1.4 if sector in ("food", "retail", "tailoring", "crafts") else 1.25
    if m == lebaran - 1:
        return 1.2
    if m == lebaran + 1:
        return 0.85
    return 1.1 if m == 12 else 1.0


def _business_name(rng: random.Random, sector: str, person: Person) -> str:
    template = rng.choice(BUSINESS_NAMES[sector])
    return template.format(
        title="Bu" if person.sex == "P" else "Pak",
        name=person.full_name.split()[0],
        village=person.village.name.title(),
    )[:150]


def _sectors(person: Person) -> list[str]:
    interests = person.current_assessment.business_interests if person.current_assessment else []
    return [s for s in interests if s in FIGURES] or ["food" if person.sex == "P" else "livestock"]


def _business_load(story: Story, actor, result) -> None:
    """The family's business with its monthly figures, from the month practice started to
    last month (to the month before graduation). One pauses; one closes and its family
    starts another."""
    person, rng = story.person, _rng(story.person.nik, "business")
    sectors = _sectors(person)
    last = add_months(month_start(story.end), -1)
    opened = story.started + timedelta(days=rng.randint(0, 10))
    if story.business_fate == Business.Status.CLOSED:
        closed_month = add_months(month_start(story.started), rng.randint(4, 6))
        first = _business_open(story, rng, sectors[0], opened, actor, result)
        _records_load(story, first, rng, sectors[0], opened, add_months(closed_month, -1), actor,
                      result)  # fmt: skip
        business_save(actor=actor, person=person, business=first, status=Business.Status.CLOSED,
                      closed_reason=CLOSED_REASON, today=story.today)  # fmt: skip
        second = sectors[1] if len(sectors) > 1 else "tailoring"
        reopened = closed_month + timedelta(days=rng.randint(3, 20))
        business = _business_open(story, rng, second, reopened, actor, result)
        _records_load(story, business, rng, second, reopened, last, actor, result)
        return
    business = _business_open(story, rng, sectors[0], opened, actor, result)
    if story.business_fate == Business.Status.PAUSED:
        _records_load(story, business, rng, sectors[0], opened, add_months(_paused(story), -1),
                      actor, result)  # fmt: skip
        business_save(actor=actor, person=person, business=business,
                      status=Business.Status.PAUSED, today=story.today)  # fmt: skip
        return
    _records_load(story, business, rng, sectors[0], opened, last, actor, result)


def _paused(story: Story) -> date:
    """The month the paused business stopped."""
    return add_months(month_start(story.today), -PAUSED_MONTHS_AGO)


def _business_open(story: Story, rng, sector: str, opened: date, actor, result) -> Business:
    person = story.person
    capital = person.current_assessment.capital_available if person.current_assessment else None
    low, high, *_ = FIGURES[sector]
    remittance = min(capital or 0, high) if capital else _rupiah(rng.uniform(1, 6) * 1e6, 250_000)
    kur = rng.choice((5, 10, 15, 20, 25)) * 1_000_000 if rng.random() < 0.3 else 0
    nib = f"9120{rng.randint(0, 10**9 - 1):09d}" if rng.random() < 0.4 else ""
    business = business_save(
        actor=actor, person=person, today=story.today,
        name=_business_name(rng, sector, person), sector=sector, started_on=opened,
        nib=nib, legal_form=Business.LegalForm.INDIVIDUAL if nib else Business.LegalForm.NONE,
        capital_remittance=remittance, capital_kur=kur,
        capital_grant=rng.choice((2_500_000, 5_000_000)) if rng.random() < 0.25 else 0,
        capital_family=_rupiah(rng.uniform(0.5, 3) * 1e6, 250_000) if rng.random() < 0.3 else 0,
        status=Business.Status.OPERATING,
    )  # fmt: skip
    result.businesses += 1
    return business


def _records_load(
    story: Story, business: Business, rng, sector: str, opened: date, last: date, actor, result
) -> None:
    """Monthly figures from the month the business opened to `last`: a ramp while
    customers find it, seasons, growth, and now and then a month at a loss. A graduating
    family had no loss in the months the graduation looks at."""
    low, high, margin_low, margin_high = FIGURES[sector]
    base = rng.uniform(low, high)
    margin = rng.uniform(margin_low, margin_high)
    family_workers = 1 + (rng.random() < 0.5)
    hired = rng.choice((1, 2)) if base > 0.7 * high and rng.random() < 0.6 else 0
    installment = 0
    if business.capital_kur:
        months = rng.choice((24, 36))
        installment = _rupiah(business.capital_kur * (1 + 0.06 * months / 12) / months, 1_000)
    calm_from = add_months(month_start(story.graduated_on), -9) if story.graduated_on else None
    month, index, previous = month_start(opened), 0, None
    while month <= last:
        revenue = base * _season(sector, month) * (1 + 0.015 * index) * rng.uniform(0.88, 1.12)
        if index < len(RAMP):
            revenue *= RAMP[index]
        if index == 0:  # only the days since it opened
            days = (add_months(month, 1) - month).days
            revenue *= (days - opened.day + 1) / days
        costs = revenue * (1 - margin) * rng.uniform(0.92, 1.08)
        calm = calm_from is not None and month >= calm_from
        if index == 0 or (not calm and rng.random() < LOSS_ODDS):
            costs = revenue * rng.uniform(1.05, 1.4) + 250_000  # stock, tools, a bad month
        figures = {
            "revenue": _rupiah(revenue), "costs": _rupiah(costs),
            "workers_family": family_workers, "workers_hired": hired,
            "workers_community": hired, "loan_repayment": installment if index else 0,
        }  # fmt: skip
        # The first month counts a few days only: the next may well be ten times more.
        jump = previous is not None and any(
            previous[name] > 0 and figures[name] >= 10 * previous[name]
            for name in ("revenue", "costs")
        )
        monthly_record_save(actor=actor, business=business, month=month, confirm_jump=jump,
                            today=story.today, **figures)  # fmt: skip
        result.records += 1
        previous, month, index = figures, add_months(month, 1), index + 1


# --- Plans and visits ----------------------------------------------------------------------


def _rp(value: int) -> str:
    return "Rp " + f"{value:,}".replace(",", ".")


def _plan_goals(story: Story, rng, target: int) -> dict[str, str]:
    business = story.person.businesses.order_by("-id").first()
    name = business.name if business else "Usaha keluarga"
    schooling = ""
    if school_age_children(story.person, story.started):
        schooling = "Anak-anak tetap sekolah sampai SMA/SMK; biaya sekolah disisihkan tiap bulan"
    return {
        "business_goal": f"{name}: omzet sekitar {_rp(target)} per bulan dan pembukuan "
        "harian yang rapi",
        "family_goal": rng.choice(FAMILY_GOALS),
        "schooling_goal": schooling,
    }


def _plan_load(story: Story, actor, result) -> None:
    """The plan drafted in the first weeks and agreed within the month; at the one-year
    review a second version. The newest version of one family per group still waits for
    the family's agreement."""
    rng = _rng(story.person.nik, "plan")
    start, today = story.started, story.today
    low, high, *_ = FIGURES[_sectors(story.person)[0]]
    target = _rupiah(rng.uniform(low, high), 500_000)
    action, who = rng.choice(SECTOR_ACTIONS)
    actions = [
        {"description": "Mencatat pemasukan dan pengeluaran setiap hari di buku kas",
         "who": Who.FAMILY, "due_on": add_months(start, 1)},
        {"description": action, "who": who, "due_on": add_months(start, 3)},
    ]  # fmt: skip
    if story.peer:
        actions.append({
            "description": f"Belajar dari usaha mitra pendamping {story.peer.name}",
            "who": Who.PEER, "due_on": add_months(start, 2),
        })  # fmt: skip
    else:
        actions.append({"description": "Menabung Rp 1.000.000 untuk tambahan modal",
                        "who": Who.FAMILY, "due_on": add_months(start, 6)})  # fmt: skip
    # Drafted when the mentor first meets the family, a few days after the assignment.
    versions = [(start + timedelta(days=rng.randint(3, 12)), actions)]
    months = months_between(start, story.end)
    review = None
    if story.plan_waiting and months >= 6:
        review = today - timedelta(days=rng.randint(0, 5))  # revised at the last visit
    elif months > REVIEW_MONTHS:
        review = add_months(start, REVIEW_MONTHS) - timedelta(days=rng.randint(0, 5))
    if review:
        more = actions + [
            {"description": "Mengajukan KUR mikro ke bank", "who": Who.FAMILY,
             "due_on": add_months(review, 2)},
            {"description": "Berjualan lewat WhatsApp Business dan marketplace",
             "who": Who.FAMILY, "due_on": add_months(review, 3)},
        ]  # fmt: skip
        versions.append((review, more))
    goals = _plan_goals(story, rng, target)
    for number, (drafted, plan_actions) in enumerate(versions, start=1):
        if number > 1:
            goals = dict(goals, business_goal=goals["business_goal"].replace(
                _rp(target), _rp(_rupiah(target * 1.3, 500_000))))  # fmt: skip
        plan = mentoring_plan_create(actor=actor, person=story.person, actions=plan_actions,
                                     today=today, **goals)  # fmt: skip
        # The service stamps the real time; the version was written on the day it was drafted.
        MentoringPlan.objects.filter(pk=plan.pk).update(
            created_at=timezone.make_aware(datetime.combine(drafted, time(10)))
        )
        plan.refresh_from_db()
        result.plans += 1
        if story.plan_waiting and number == len(versions):
            continue
        agreed = min(drafted + timedelta(days=rng.randint(2, 15)), today)
        mentoring_plan_agree(actor=actor, plan=plan, agreed_on=agreed,
                             agreement_note=rng.choice(AGREEMENT_NOTES), today=today)  # fmt: skip
        result.plans_agreed += 1


@dataclass(frozen=True)
class VisitPlan:
    visited_on: date
    next_on: date
    review: bool = False


def visit_dates(started: date, end: date, rng: random.Random) -> list[VisitPlan]:
    """Visits at the cadence from the start of practice (monthly in the first year, then
    every two months), each a few days before it falls due, up to `end`: the next visit
    agreed at the last one is after `end`, so nobody is late on that day."""
    visits: list[VisitPlan] = []
    on = add_months(started, 1) - timedelta(days=rng.randint(0, 8))
    while on <= end:
        following = add_months(on, cadence_months(started, on)) - timedelta(days=rng.randint(0, 6))
        review = months_between(started, on) == REVIEW_MONTHS
        visits.append(VisitPlan(on, following, review))
        on = following
    return visits


def _visits_load(story: Story, actor, result) -> None:
    """The visits up to today (graduation); an overdue family missed the latest ones, so
    its next visit was due at least LATE_BY days ago."""
    rng = _rng(story.person.nik, "visits")
    plans = visit_dates(story.started, story.end, rng)
    if story.overdue:
        while plans and plans[-1].next_on > story.today - timedelta(days=LATE_BY):
            plans.pop()
    sector = _sectors(story.person)[0]
    kinds = dict(VISIT_KINDS)
    if story.peer:
        kinds[Visit.Kind.GROUP] = 10
    for number, visit in enumerate(plans):
        kind = Visit.Kind.HOME if number == 0 else rng.choices(list(kinds), list(kinds.values()))[0]
        if number == 0:
            topics = "Kunjungan pertama: rencana pendampingan dan buku kas harian"
        elif visit.review:
            topics = "Evaluasi satu tahun: omzet, tabungan, rencana pendampingan berikutnya"
        elif kind == Visit.Kind.GROUP:
            topics = f"Pertemuan kelompok di rumah mitra pendamping {story.peer.name}"
        elif story.business_fate == Business.Status.PAUSED and visit.visited_on >= _paused(story):
            topics = PAUSED_TOPIC
        else:
            topics = "; ".join(rng.sample(TOPICS + SECTOR_TOPICS[sector], 2))
        visit_record(
            actor=actor, person=story.person, kind=kind, visited_on=visit.visited_on,
            topics=topics, problems=rng.choice(PROBLEMS) if rng.random() < 0.35 else "",
            agreed_actions=rng.choice(ACTIONS_AGREED) if rng.random() < 0.6 else "",
            next_visit_on=visit.next_on, today=story.today,
        )  # fmt: skip
        result.visits += 1


# --- Decent life and graduation ------------------------------------------------------------


def _indicators(story: Story, rng, thresholds: dict[str, float], on: date) -> dict:
    """The family's life improving with the business: each indicator is met once the
    months of practice pass the family's own threshold."""
    progress = months_between(story.started, on) / 18
    met = {name: progress >= limit for name, limit in thresholds.items()}
    children = school_age_children(story.person, on)
    if not children:
        met["children_in_school"] = None
    else:
        met["children_in_school"] = not any(
            c.school_status == c.School.DROPPED_OUT for c in children
        )
    return met


def _checks_load(story: Story, actor, result) -> None:
    """Decent-life checks at the start of practice and every six months; a graduating
    family's last one, all met, a few days before the graduation."""
    rng = _rng(story.person.nik, "checks")
    sakinah = story.person.quadrant in ("III", "IV")
    thresholds = {
        "house_fit": 0.0 if rng.random() < 0.85 else rng.uniform(0.6, 1.5),
        "income_covers_needs": rng.uniform(0.1, 0.8),
        "can_pay_treatment": rng.uniform(0.0, 0.7),
        "savings_for_investment": rng.uniform(0.5, 1.3),
        "routine_charity": rng.uniform(0.0, 0.3) if sakinah else rng.uniform(0.3, 1.1),
    }
    dates = []
    k = 0
    while (on := add_months(story.started, 6 * k) + timedelta(days=rng.randint(0, 6))) <= story.end:
        dates.append(on)
        k += 1
    final = None
    if story.graduated_on:
        final = story.graduated_on - timedelta(days=rng.randint(5, 20))
        dates = [d for d in dates if d < final - timedelta(days=45)]
    for on in dates:
        indicators = _indicators(story, rng, thresholds, on)
        decent_life_check_record(actor=actor, person=story.person, checked_on=on,
                                 notes=rng.choice(CHECK_NOTES), today=story.today,
                                 **indicators)  # fmt: skip
        result.decent_life_checks += 1
    if final:
        indicators = dict.fromkeys(thresholds, True)
        has_children = bool(school_age_children(story.person, final))
        indicators["children_in_school"] = True if has_children else None
        decent_life_check_record(actor=actor, person=story.person, checked_on=final,
                                 notes="Semua indikator terpenuhi; siap mandiri",
                                 today=story.today, **indicators)  # fmt: skip
        result.decent_life_checks += 1


def _graduate(story: Story, coordinator, officers, instrument, result) -> None:
    """A self assessment in quadrant IV, then the coordinator's confirmation on the day of
    graduation (the criteria as they stood that day), then the sustainability checks due
    since."""
    person, rng = story.person, _rng(story.person.nik, "graduation")
    officer = officers.get(person.village.district_id) or coordinator
    current = person.current_assessment
    assessment_record(
        actor=officer, person=person,
        assessed_on=story.graduated_on - timedelta(days=rng.randint(10, 30)), source="self",
        answers=answers_for_quadrant(rng, "IV", DEFAULT_INSTRUMENT), instrument=instrument,
        business_interests=list(current.business_interests) if current else [],
        skills_abroad=current.skills_abroad if current else "",
        capital_available=_rupiah(rng.uniform(10, 40) * 1e6, 500_000),
    )  # fmt: skip
    graduation_confirm(
        actor=coordinator, person=person, on=story.graduated_on,
        note="Usaha stabil, keluarga mandiri; diundang menjadi mitra pendamping",
        today=story.graduated_on,
    )  # fmt: skip
    result.graduated += 1
    person.refresh_from_db()
    k = 1
    while (on := add_months(story.graduated_on, 6 * k) + timedelta(days=rng.randint(0, 10))) \
            <= story.today:  # fmt: skip
        gone = _gone_abroad(story.plan, on) if k == 1 and story.migration_reported else ""
        sustainability_check_record(
            actor=officer, person=person, checked_on=on, business_operating=True,
            migrated_again=bool(gone), migrated_who=gone,
            notes="Usaha tetap berjalan, omzet stabil", today=story.today,
        )  # fmt: skip
        result.sustainability_checks += 1
        k += 1


def _gone_abroad(plan: PersonPlan, on: date) -> str:
    """Who of the household left to work abroad: a grown-up child, else the spouse."""
    adults = [
        m
        for m in plan.household
        if m.relation == "child" and m.birth_date and (on - m.birth_date).days >= 19 * 365
    ]
    if adults:
        return f"Anak, {adults[0].full_name}: ke Taiwan sebagai operator pabrik"
    spouse = next((m for m in plan.household if m.relation == "spouse"), None)
    if spouse:
        return f"Pasangan, {spouse.full_name}: berangkat lagi ke Malaysia"
    return "Adik: ke Hong Kong sebagai pekerja rumah tangga"
