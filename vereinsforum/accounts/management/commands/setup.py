"""`vereinsforum setup`: the first coordinator of a fresh install, and what to do next.

Everything else (the programme, its fields, languages, imprint, further accounts) is done
in the app by that coordinator; nothing needs the admin.
"""

from __future__ import annotations

import getpass
import os
import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from vereinsforum.accounts.services import account_create_coordinator
from vereinsforum.lib.actors import SystemActor

#: Where a script puts the password, so that it appears neither in the shell history nor
#: in the process list (an option would).
PASSWORD_ENV = "VEREINSFORUM_SETUP_PASSWORD"  # noqa: S105 - the variable's name


class Command(BaseCommand):
    help = (
        "Create the first coordinator of a fresh install. Asks for what the options do not "
        f"give; the password comes from a prompt or from ${PASSWORD_ENV}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="login name of the coordinator")
        parser.add_argument("--email", help="e-mail address (for password-reset links)")
        parser.add_argument("--first-name", dest="first_name")
        parser.add_argument("--last-name", dest="last_name")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"ask nothing: every option is required, the password comes from ${PASSWORD_ENV}",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "create a coordinator even though an active one exists: the way back in "
                "when no coordinator can log in any more (lost phone and recovery codes)"
            ),
        )

    def handle(self, *args, interactive: bool = True, force: bool = False, **options):
        values = {}
        for key, prompt in (
            ("username", "Login name"),
            ("email", "E-mail address"),
            ("first_name", "First name"),
            ("last_name", "Last name"),
        ):
            value = (options.get(key) or "").strip()
            if not value and interactive:
                value = _answer(input, f"{prompt}: ").strip()
            if not value:
                raise CommandError(f"--{key.replace('_', '-')} is required.")
            values[key] = value
        password = self._password(interactive)
        try:
            user = account_create_coordinator(
                actor=SystemActor("vereinsforum setup"), password=password, force=force, **values
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        site = settings.SITE_URL
        self.stdout.write(self.style.SUCCESS(f"Coordinator “{user.username}” created."))
        self.stdout.write(
            "\nNext steps:\n"
            f"  1. Log in at {site}{reverse('accounts:login')} as {user.username}.\n"
            "  2. Set up two-factor authentication: the first login shows a QR code for an\n"
            "     authenticator app on your phone and ten recovery codes to keep safe.\n"
            f"  3. Follow the guided set-up at {site}{reverse('programmes:setup')}:\n"
            "     the programme, its fields, languages, imprint and privacy details.\n"
            f"  4. Invite the team and the associations at {site}{reverse('accounts:users')}.\n"
        )

    def _password(self, interactive: bool) -> str:
        password = os.environ.get(PASSWORD_ENV, "")
        if password:
            return password
        if not interactive:
            raise CommandError(f"Set ${PASSWORD_ENV} to the password (or leave out --no-input).")
        # Typed at a terminal, the password is not echoed; piped in (answers from a file or
        # a script), it is read as a line like the other answers.
        ask = getpass.getpass if sys.stdin.isatty() else input
        for _attempt in range(3):
            password = _answer(ask, "Password: ")
            if password and password == _answer(ask, "Password (again): "):
                return password
            self.stderr.write("The passwords are empty or do not match. Please try again.")
        raise CommandError("No password given.")


def _answer(ask, prompt: str) -> str:
    try:
        return ask(prompt)
    except EOFError as exc:  # piped answers that ran out
        raise CommandError(f"No answer to “{prompt.rstrip(': ')}”.") from exc
