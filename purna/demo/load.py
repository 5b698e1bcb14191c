"""Writing the demo: institutions, a user per role, and the planned returnees.

Everything goes through the real services, so the audit trail, the NIK review flags and
the derived quadrant and status are what the app would have produced. Existing rows are
matched by natural key and left alone: institutions by name, users by username (a
changed password stays changed), people by NIK (skipped with everything they own).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.db import transaction

from purna.accounts.models import Institution, Role, User
from purna.areas.models import District, Regency, Village
from purna.assessment.services import assessment_record, instrument_current
from purna.core.pathways import MENTORING, MODULE_CODES, PEER_MENTOR, PRACTICE
from purna.people.models import HouseholdMember, MigrationEpisode, Person, Status
from purna.people.services import person_create, record_save
from purna.programme.models import Module
from purna.programme.services import optional_module_attach, person_withdraw, plan_step_set

from .generate import OPTIONAL_MODULES, PersonPlan, people_plan

if TYPE_CHECKING:
    from .helpdesk import HelpdeskResult
    from .mentoring import MentoringResult
    from .programme import ProgrammeResult

PONOROGO = "35.02"
PASSWORD = "purna-demo"
# Modules the mentor records; the field officer records the others.
MENTOR_MODULES = frozenset({PRACTICE, MENTORING, PEER_MENTOR})

UMPO = "Universitas Muhammadiyah Ponorogo"
NGO = "LSM Bina Purna"
DISNAKER = "Dinas Tenaga Kerja Kabupaten Ponorogo"
PAGUYUBAN = "Paguyuban Purna Migran Ponorogo"
INSTITUTIONS = {
    UMPO: Institution.Kind.UNIVERSITY,
    NGO: Institution.Kind.NGO,
    DISNAKER: Institution.Kind.GOVERNMENT,
    PAGUYUBAN: Institution.Kind.COMMUNITY,
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    institution: str
    regencies: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    # A peer mentor's login: made by mentoring.py for the returnee it belongs to (their
    # name, their district), not by users_ensure.
    peer: bool = False


USERS = (
    DemoUser("admin", Role.ADMIN, "Admin", "Purna", UMPO),
    DemoUser("koordinator", Role.COORDINATOR, "Dewi", "Lestari", UMPO, regencies=(PONOROGO,)),
    # Kecamatan Ponorogo, Babadan, Jenangan, Siman: the town and its ring.
    DemoUser(
        "petugas",
        Role.FIELD_OFFICER,
        "Sri",
        "Wahyuni",
        NGO,
        districts=("35.02.10", "35.02.16", "35.02.17", "35.02.18"),
    ),  # fmt: skip
    # Slahung, Balong, Kauman, Sukorejo: the south-west.
    DemoUser(
        "petugas2",
        Role.FIELD_OFFICER,
        "Agus",
        "Prasetyo",
        PAGUYUBAN,
        districts=("35.02.01", "35.02.11", "35.02.12", "35.02.15"),
    ),  # fmt: skip
    DemoUser("mentor", Role.MENTOR, "Endang", "Rahayu", NGO, regencies=(PONOROGO,)),
    DemoUser("pemerintah", Role.VIEWER, "Bambang", "Widodo", DISNAKER, regencies=(PONOROGO,)),
    # A returnee of quadrant IV confirmed as peer mentor (mitra pendamping), a member of the
    # returnees' association.
    DemoUser("mitra", Role.PEER_MENTOR, "", "", PAGUYUBAN, peer=True),
)


@dataclass
class LoadResult:
    institutions: int = 0
    users: list[str] = field(default_factory=list)  # usernames created now
    people: int = 0
    people_skipped: int = 0
    household: int = 0
    episodes: int = 0
    assessments: Counter = field(default_factory=Counter)  # by source
    modules: int = 0  # optional modules added to the catalogue
    steps: int = 0  # module states recorded
    optional_attached: int = 0
    withdrawn: int = 0
    niks: list[str] = field(default_factory=list)  # every planned NIK
    programme: ProgrammeResult | None = None  # cohorts and field tests
    mentoring: MentoringResult | None = None  # mentors, visits, businesses, graduations
    helpdesk: HelpdeskResult | None = None  # routes and tickets

    @property
    def changed(self) -> bool:
        return bool(
            self.institutions or self.users or self.modules or self.people
            or (self.programme and self.programme.changed)
            or (self.mentoring and self.mentoring.changed)
            or (self.helpdesk and self.helpdesk.changed)
        )  # fmt: skip


class DemoNotReady(Exception):
    """The database lacks what the demo builds on (run `migrate` first)."""


def demo_plan() -> list[PersonPlan]:
    """The planned returnees for the villages of Kabupaten Ponorogo."""
    villages: dict[str, list[str]] = {}
    for code, district in Village.objects.filter(district__regency_id=PONOROGO).values_list(
        "code", "district_id"
    ):
        villages.setdefault(district, []).append(code)
    if not villages:
        raise DemoNotReady("Kabupaten Ponorogo (35.02) has no villages")
    return people_plan(villages)


@transaction.atomic
def demo_load() -> LoadResult:
    if instrument_current() is None:
        raise DemoNotReady("there is no active instrument")
    if Module.objects.filter(code__in=MODULE_CODES).count() < len(MODULE_CODES):
        raise DemoNotReady("the pathway modules are missing")
    result = LoadResult()
    # Hashed once, and only when a user is created: each hash takes most of a second, and
    # the password is public anyway.
    password = cache(lambda: make_password(PASSWORD))
    result.institutions = institutions_ensure()
    result.users = users_ensure(password)
    result.modules = modules_ensure()
    plans = demo_plan()
    result.niks = [plan.nik for plan in plans]
    people_load(plans, result)
    # Imported here: programme.py, mentoring.py and helpdesk.py build on this module's
    # institutions and users.
    from .helpdesk import helpdesk_load
    from .mentoring import mentoring_load
    from .programme import programme_load

    result.programme = programme_load(plans)
    result.mentoring = mentoring_load(plans, password=password)
    result.users += result.mentoring.logins
    # Last: the tickets of registered returnees go to the mentors assigned above.
    result.helpdesk = helpdesk_load(niks=result.niks)
    return result


def institutions_ensure() -> int:
    created = 0
    for name, kind in INSTITUTIONS.items():
        created += Institution.objects.get_or_create(name=name, defaults={"kind": kind})[1]
    return created


def modules_ensure() -> int:
    """Add the optional modules to the catalogue; one that exists (by code) is not touched."""
    created = 0
    for code, name_id, name_en, description, sessions, hours in OPTIONAL_MODULES:
        created += Module.objects.get_or_create(
            code=code,
            defaults={
                "name_id": name_id, "name_en": name_en, "description": description,
                "planned_sessions": sessions, "planned_hours": hours,
            },
        )[1]  # fmt: skip
    return created


def users_ensure(password: Callable[[], str] | None = None) -> list[str]:
    """Create the demo users that do not exist yet; an existing one is not touched.
    `password` returns the hashed demo password (hashed here when not given)."""
    password = password or cache(lambda: make_password(PASSWORD))
    existing = set(
        User.objects.filter(username__in=[u.username for u in USERS]).values_list(
            "username", flat=True
        )
    )
    institutions = {i.name: i for i in Institution.objects.filter(name__in=INSTITUTIONS)}
    created = []
    for spec in USERS:
        if spec.username in existing or spec.peer:
            continue
        admin = spec.role == Role.ADMIN
        user = User.objects.create(
            username=spec.username, password=password(), role=spec.role,
            first_name=spec.first_name, last_name=spec.last_name,
            institution=institutions[spec.institution], is_staff=admin, is_superuser=admin,
        )  # fmt: skip
        user.regencies.set(Regency.objects.filter(code__in=spec.regencies))
        user.districts.set(District.objects.filter(code__in=spec.districts))
        created.append(spec.username)
    return created


def _recorders() -> tuple[dict[str, User], User | None, User | None]:
    """Who records whom: the field officer of the district, else the coordinator."""
    users = {u.username: u for u in User.objects.filter(username__in=[u.username for u in USERS])}
    by_district = {
        district: users.get(spec.username)
        for spec in USERS
        if spec.role == Role.FIELD_OFFICER
        for district in spec.districts
    }
    return by_district, users.get("koordinator"), users.get("mentor")


def people_load(plans: list[PersonPlan], result: LoadResult) -> None:
    existing = set(
        Person.objects.filter(nik__in=[p.nik for p in plans]).values_list("nik", flat=True)
    )
    villages = Village.objects.in_bulk([p.village for p in plans])
    by_district, coordinator, mentor = _recorders()
    instrument = instrument_current()
    modules = {m.code: m for m in Module.objects.all()}
    for plan in plans:
        if plan.nik in existing:
            result.people_skipped += 1
            continue
        village = villages[plan.village]
        actor = by_district.get(village.district_id) or coordinator
        person = person_create(
            actor=actor, nik=plan.nik, full_name=plan.full_name, sex=plan.sex,
            birth_date=plan.birth_date, village=village, phone=plan.phone,
            consent_scopes=plan.consent_scopes, consent_date=plan.registered_on,
        )  # fmt: skip
        result.people += 1
        for member in plan.household:
            record_save(
                actor=actor, instance=HouseholdMember(person=person), full_name=member.full_name,
                relation=member.relation, sex=member.sex, birth_date=member.birth_date,
                school_status=member.school_status,
            )  # fmt: skip
            result.household += 1
        for episode in plan.episodes:
            record_save(
                actor=actor, instance=MigrationEpisode(person=person),
                destination=episode.destination, sector=episode.sector,
                occupation=episode.occupation, departed_on=episode.departed_on,
                returned_on=episode.returned_on, monthly_remittance=episode.monthly_remittance,
                remittance_uses=list(episode.remittance_uses),
            )  # fmt: skip
            result.episodes += 1
        for planned in plan.assessments:
            assessment_record(
                actor=mentor if planned.source == "mentor" else actor, person=person,
                assessed_on=planned.assessed_on, source=planned.source,
                answers=planned.answers, instrument=instrument,
                business_interests=list(planned.business_interests),
                skills_abroad=planned.skills_abroad, capital_available=planned.capital_available,
            )  # fmt: skip
            result.assessments[planned.source] += 1
        progress_load(plan, person, result, modules=modules, actor=actor,
                      coordinator=coordinator, mentor=mentor)  # fmt: skip


def progress_load(
    plan: PersonPlan,
    person: Person,
    result: LoadResult,
    *,
    modules: dict[str, Module],
    actor: User | None,
    coordinator: User | None,
    mentor: User | None,
) -> None:
    """Optional modules (attached by the coordinator), module states in the planned order,
    then the withdrawal: the services check each step as they would for staff."""
    for code in plan.optional_modules:
        optional_module_attach(actor=coordinator, person=person, module=modules[code])
        result.optional_attached += 1
    for step in plan.steps:
        plan_step_set(
            actor=mentor if step.code in MENTOR_MODULES else actor, person=person,
            module=modules[step.code], state=step.state, reason=step.reason,
        )  # fmt: skip
        result.steps += 1
    if plan.withdrawal:
        w = plan.withdrawal
        person_withdraw(actor=actor, person=person, reason=w.reason, on=w.on, note=w.note)
        result.withdrawn += 1


def quadrant_counts(niks: list[str]) -> dict[str, int]:
    """The current quadrant of the demo people ("" for not yet identified)."""
    counts = Counter(Person.objects.filter(nik__in=niks).values_list("quadrant", flat=True))
    return {q: counts.get(q, 0) for q in ("I", "II", "III", "IV", "")}


def status_counts(niks: list[str]) -> dict[str, int]:
    """The demo people per status, in the order of the programme (every status listed)."""
    counts = Counter(Person.objects.filter(nik__in=niks).values_list("status", flat=True))
    return {status: counts.get(status, 0) for status in Status.values}
