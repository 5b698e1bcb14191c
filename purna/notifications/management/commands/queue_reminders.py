"""`purna queue-reminders`: prepare reminders for the coming sessions (run it daily)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from purna.notifications.services import reminders_queue_upcoming


class Command(BaseCommand):
    help = (
        "Queue an SMS reminder in Indonesian for each enrolled returnee (with a phone number "
        "and consent to contact) of every cohort session in the next N days, tomorrow "
        "onwards. Running it again queues nothing twice. The outbox worker (purna db_worker) "
        "or purna deliver-messages sends them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=1, help="how many days ahead (default 1)")

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be 1 or more", returncode=2)
        results = reminders_queue_upcoming(today=timezone.localdate(), days=days)
        # Counts only: message texts and phone numbers never go to the terminal or a log.
        queued = sum(len(r.queued) for _s, r in results)
        cancelled = sum(r.cancelled for _s, r in results)
        no_phone = sum(r.without_phone for _s, r in results)
        no_consent = sum(r.without_consent for _s, r in results)
        self.stdout.write(
            f"sessions: {len(results)}, reminders queued: {queued}, cancelled: {cancelled}, "
            f"skipped without phone: {no_phone}, skipped without consent to contact: "
            f"{no_consent}"
        )
