"""`manage.py load_demo`: the Wuppertal 2007 scenario, one app's `demo.load(ctx)` after the
other in story order, each in its own transaction and idempotent (a second run keeps what is
there). `--reset` wipes the database first, through the project's `flush`."""

from __future__ import annotations

import importlib

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from vereinsforum.demo.context import DemoContext

#: The scenario in story order. Each module has `load(ctx)` and is idempotent on its own.
STEPS = (
    "vereinsforum.demo.scenario",
    "vereinsforum.accounts.demo",
    "vereinsforum.events.demo",
    "vereinsforum.needs.demo",
    "vereinsforum.tandems.demo",
    "vereinsforum.offers.demo",
    "vereinsforum.forum.demo",
    "vereinsforum.measures.demo",
    "vereinsforum.workinggroups.demo",
    "vereinsforum.guides.demo",
    "vereinsforum.reports.demo",
    "vereinsforum.oparl.demo",
    "vereinsforum.privacy.demo",
)


class Command(BaseCommand):
    help = "Load the Wuppertal 2007 demo scenario (“Mehr PS für Integrationsarbeit”)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Wipe the whole database (including the audit log) and load the demo anew.",
        )

    def handle(self, *args, reset: bool = False, **options):
        if reset:
            self._wipe()
        ctx = DemoContext(stdout=self.stdout)
        for dotted in STEPS:
            try:
                module = importlib.import_module(dotted)
            except ModuleNotFoundError as exc:
                if exc.name != dotted:
                    raise
                continue
            with transaction.atomic():
                module.load(ctx)
        self.stdout.write(self.style.SUCCESS("Demo scenario loaded."))
        self._print_logins()

    def _print_logins(self) -> None:
        from vereinsforum.demo.scenario import DEMO_LOGINS, DEMO_PASSWORD

        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, who in DEMO_LOGINS:
            self.stdout.write(f"  {username:<14} {role.label:<28} {who}")
        self.stdout.write("  (ohne Login)   Öffentlichkeit / public")
        from vereinsforum.accounts.demo import DEMO_TOTP_SECRET, DEMO_USERNAME

        self.stdout.write(
            f"\nCoordinators confirm each login with a TOTP code. Demo key of {DEMO_USERNAME}"
            f" (demo only):\n  {DEMO_TOTP_SECRET}\n"
            f"  add it to any authenticator app, or: oathtool --totp -b {DEMO_TOTP_SECRET}"
        )

    def _wipe(self) -> None:
        # The project's `flush` (vereinsforum/audit/management/commands/flush.py) lifts the
        # append-only triggers for this one sanctioned wipe and puts them back afterwards.
        call_command("flush", interactive=False, verbosity=0)
