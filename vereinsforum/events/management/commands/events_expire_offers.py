from django.core.management.base import BaseCommand

from vereinsforum.events.services.registration import offers_expire
from vereinsforum.lib.actors import SystemActor


class Command(BaseCommand):
    help = (
        "Pass expired waiting-list offers to the next in line and offer free seats "
        "(run every few minutes, e.g. from cron)."
    )

    def handle(self, *args, **options):
        count = offers_expire(actor=SystemActor("events_expire_offers"))
        self.stdout.write(f"{count} events swept.")
