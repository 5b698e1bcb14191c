"""`purna load-demo`: demo data for Kabupaten Ponorogo (see purna/demo/README.md)."""

import time

from django.core.management.base import BaseCommand, CommandError

from purna.accounts.models import Role, User
from purna.areas.models import District, Regency
from purna.demo.helpdesk import ticket_counts
from purna.demo.load import (
    PASSWORD,
    USERS,
    DemoNotReady,
    demo_load,
    quadrant_counts,
    status_counts,
)

TICKET_STATES = (
    ("new", "new"),
    ("acknowledged", "acknowledged"),
    ("in_progress", "in progress"),
    ("waiting", "waiting for the submitter"),
    ("resolved", "resolved"),
    ("closed", "closed"),
)
TICKET_KINDS = (
    ("complaint", "complaints"),
    ("help", "requests for help"),
    ("consultation", "consultations"),
    ("abuse", "reports of abuse or fraud"),
)


class Command(BaseCommand):
    help = (
        "Load demo data for Kabupaten Ponorogo: about 200 returnees with households, "
        "migration history, consent, assessments and progress along their pathways, cohorts "
        "(finished, under way, starting soon) and field tests, mentors and a year of mentoring "
        "(plans, visits, businesses with monthly figures, decent-life checks), a few families "
        "independent, helpdesk tickets of the last six weeks in every kind and state, four "
        "institutions and a user per role. "
        "Safe to run again: what exists is left as it is."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = demo_load()
        except DemoNotReady as exc:
            raise CommandError(f"Cannot load the demo: {exc}. Run `purna migrate` first.") from exc
        seconds = time.monotonic() - started

        if not result.changed:
            self.stdout.write("The demo data is already there: nothing changed.")
        else:
            self._summary(result, seconds)
        self.stdout.write("")
        self._logins()

    def _summary(self, result, seconds: float) -> None:
        write = self.stdout.write
        write(self.style.SUCCESS(f"Demo data loaded for Kabupaten Ponorogo in {seconds:.1f} s."))
        if result.institutions or result.users:
            write(f"  {result.institutions} institutions, users {', '.join(result.users) or '-'}")
        skipped = f" ({result.people_skipped} already registered)" if result.people_skipped else ""
        write(f"  {result.people} returnees{skipped}, {result.household} household members, "
              f"{result.episodes} migration episodes")  # fmt: skip
        sources = ", ".join(f"{n} {source}" for source, n in result.assessments.most_common())
        write(f"  {sum(result.assessments.values())} assessments: {sources or '-'}")
        counts = quadrant_counts(result.niks)
        quadrants = ", ".join(f"{q} {counts[q]}" for q in ("I", "II", "III", "IV"))
        write(f"  current quadrant: {quadrants}; not yet identified {counts['']}")
        if result.modules:
            write(f"  {result.modules} optional modules added to the catalogue")
        write(f"  {result.steps} module states recorded, {result.optional_attached} optional "
              f"modules attached, {result.withdrawn} withdrawn")  # fmt: skip
        statuses = status_counts(result.niks)
        write("  status: " + ", ".join(f"{status} {n}" for status, n in statuses.items() if n))
        programme = result.programme
        if programme and programme.changed:
            p = programme
            write(f"  {p.cohorts} cohorts: {p.enrolments} enrolments ({p.waitlisted} on a waiting "
                  f"list, {p.family} with a family member attending), {p.roll_calls} roll calls, "
                  f"{p.completions} completed")  # fmt: skip
            write(f"  {p.field_tests} field tests ({p.confirmed} confirmed: peer mentors), "
                  f"{p.reminders} session reminders queued")  # fmt: skip
        mentoring = result.mentoring
        if mentoring and mentoring.changed:
            self._mentoring_summary(mentoring)
        helpdesk = result.helpdesk
        if helpdesk and helpdesk.changed:
            self._helpdesk_summary(helpdesk)

    def _mentoring_summary(self, m) -> None:
        write = self.stdout.write
        write(f"  mentors: {m.staff_mentors} staff, {m.peer_mentors} peer mentors; "
              f"{sum(m.assignments.values())} assignments ({m.assignments['staff']} staff, "
              f"{m.assignments['peer']} peer)")  # fmt: skip
        skipped = f" ({m.families_skipped} already accompanied)" if m.families_skipped else ""
        write(f"  {m.families} families in practice or mentoring{skipped}: {m.plans} plan "
              f"versions ({m.plans_agreed} agreed), {m.visits} visits, {m.businesses} "
              f"businesses with {m.records} monthly records, {m.decent_life_checks} "
              f"decent-life checks")  # fmt: skip
        write(f"  {m.graduated} graduated (independent), {m.sustainability_checks} "
              f"sustainability checks")  # fmt: skip
        write(f"  today {m.overdue_today} families are overdue for a visit; the login `mentor` "
              f"accompanies {m.mentor_login_families} families, {m.mentor_login_overdue} of "
              f"them overdue")  # fmt: skip

    def _helpdesk_summary(self, h) -> None:
        # Counts only: a ticket's text or its submitter is never printed.
        write = self.stdout.write
        c = ticket_counts()
        states = ", ".join(f"{c['states'][state]} {label}" for state, label in TICKET_STATES)
        kinds = ", ".join(f"{c['kinds'][kind]} {label}" for kind, label in TICKET_KINDS)
        skipped = f" ({h.tickets_skipped} already there)" if h.tickets_skipped else ""
        write(f"  {c['tickets']} tickets{skipped}: {states}")
        write(f"  helpdesk: {kinds} ({c['sensitive']} sensitive); {c['messages']} replies, "
              f"notes and messages; {c['rated']} rated, {c['reopened']} reopened; "
              f"{c['overdue']} overdue today ({h.escalated} escalated now); "
              f"{h.routes} routes added")  # fmt: skip

    def _logins(self) -> None:
        # A peer mentor's login covers the district they live in, known once it is made.
        peers = {
            user.username: tuple(d.code for d in user.districts.all())
            for user in User.objects.filter(
                username__in=[spec.username for spec in USERS if spec.peer]
            ).prefetch_related("districts")
        }
        areas = {
            spec.username: peers[spec.username] if spec.peer else spec.regencies + spec.districts
            for spec in USERS
            if not spec.peer or spec.username in peers
        }
        codes = {code for area in areas.values() for code in area}
        names = dict(Regency.objects.filter(code__in=codes).values_list("code", "name"))
        names |= dict(District.objects.filter(code__in=codes).values_list("code", "name"))
        rows = [("Role", "Username", "Password", "Institution", "Area")]
        for user in USERS:
            if user.username not in areas:
                continue
            area = ", ".join(names.get(code, code) for code in areas[user.username])
            role = str(Role(user.role).label)
            rows.append((role, user.username, PASSWORD, user.institution, area or "all areas"))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        rows.insert(1, tuple("-" * width for width in widths))
        self.stdout.write("Demo logins (a user that already existed keeps its own password):")
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
