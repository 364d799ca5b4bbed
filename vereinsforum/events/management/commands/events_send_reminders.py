from django.core.management.base import BaseCommand

from vereinsforum.events.mail import outbox_deliver
from vereinsforum.events.services.feeds import reminders_send


class Command(BaseCommand):
    help = "Remind everyone holding a seat at an event that starts within the next n days (once)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2, help="days ahead (default 2)")

    def handle(self, *args, days: int = 2, **options):
        count = reminders_send(days=days)
        result = outbox_deliver()
        self.stdout.write(
            f"{count} reminders queued; {result['sent']} sent, {result['failed']} failed."
        )
