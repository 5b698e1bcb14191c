"""`purna escalate-tickets`: escalate overdue tickets (run it every hour or every day)."""

from django.core.management.base import BaseCommand

from purna.helpdesk.services import tickets_escalate


class Command(BaseCommand):
    help = (
        "Mark overdue helpdesk tickets as escalated and queue an email to the coordinators "
        "of their area (the code, the kind and how late; never the content). Each lateness "
        "escalates once, so running it again sends nothing twice."
    )

    def handle(self, *args, **options):
        # A count only: codes and contents never go to the terminal or a log.
        self.stdout.write(f"tickets escalated: {tickets_escalate()}")
