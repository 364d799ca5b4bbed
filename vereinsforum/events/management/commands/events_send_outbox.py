from django.core.management.base import BaseCommand

from vereinsforum.events.mail import outbox_deliver


class Command(BaseCommand):
    help = "Send the messages waiting in the outbox, including retries of failed attempts."

    def handle(self, *args, **options):
        result = outbox_deliver()
        self.stdout.write(f"{result['sent']} sent, {result['failed']} failed (will be retried).")
