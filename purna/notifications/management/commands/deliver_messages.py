"""`purna deliver-messages`: deliver the due outbox messages now, without the worker."""

from django.core.management.base import BaseCommand, CommandError

from purna.notifications.delivery import BATCH, deliver_due


class Command(BaseCommand):
    help = (
        "Send the outbox messages that are due (email over SMTP, SMS and WhatsApp through "
        "the gateway), with the same retries and backoff as the background worker. Safe to "
        "run beside `purna db_worker` (a message is claimed by one of them only): from cron "
        "every few minutes it is the safety net, or the only sender where no worker runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=BATCH, help=f"at most this many (default {BATCH})"
        )

    def handle(self, *args, limit, **options):
        if limit < 1:
            raise CommandError("--limit must be 1 or more", returncode=2)
        report = deliver_due(limit=limit)
        # Counts only: addresses and texts never go to the terminal or a log.
        self.stdout.write(
            f"sent: {report.sent}, retrying later: {report.retrying}, failed: {report.failed}, "
            f"waiting for a channel to be configured: {report.waiting_for_configuration}"
            + (", more due: run again" if report.more else "")
        )
