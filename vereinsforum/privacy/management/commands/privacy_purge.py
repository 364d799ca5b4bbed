from django.core.management.base import BaseCommand

from vereinsforum.lib.actors import SystemActor
from vereinsforum.privacy.retention import BY_KEY, retention_purge


class Command(BaseCommand):
    help = (
        "Remove or pseudonymise personal data that has outlived its retention period, per "
        "data category, and report what it removed. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="only count what would be removed"
        )

    def handle(self, *args, dry_run: bool = False, **options):
        result = retention_purge(actor=SystemActor("privacy_purge"), dry_run=dry_run)
        verb = "due" if dry_run else "removed"
        for key, count in result.counts.items():
            self.stdout.write(f"{BY_KEY[key].label}: {count} {verb} (kept {result.days[key]} days)")
        if dry_run:
            self.stdout.write("Dry run: nothing was removed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{result.total} removed in all."))
