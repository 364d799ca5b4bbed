from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vereinsforum.events.mail import outbox_purge


class Command(BaseCommand):
    help = (
        "Delete sent or given-up e-mails, and the file outbox's copies, older than "
        "OUTBOX_RETENTION_DAYS. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"keep this many days instead (default {settings.OUTBOX_RETENTION_DAYS})",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        result = outbox_purge(days=days)
        self.stdout.write(f"{result['messages']} messages and {result['files']} files deleted.")
