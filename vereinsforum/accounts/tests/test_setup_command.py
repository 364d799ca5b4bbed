"""`vereinsforum setup`: the first coordinator of a fresh install, from prompts, piped answers
or options; refused once one exists (unless --force); audited without a name."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from vereinsforum.accounts.models import Role, User
from vereinsforum.accounts.otp import second_factor_required
from vereinsforum.audit.models import AuditEntry
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Integration braucht Zeit 2007"  # noqa: S105


def setup(*args, stdin: str = "", env_password: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        if env_password is not None:
            monkeypatch.setenv("VEREINSFORUM_SETUP_PASSWORD", env_password)
        else:
            monkeypatch.delenv("VEREINSFORUM_SETUP_PASSWORD", raising=False)
    call_command("setup", *args, stdout=out)
    return out.getvalue()


def test_the_first_coordinator_from_piped_answers(monkeypatch, settings):
    settings.SITE_URL = "https://vereinsforum.stadt.example"
    output = setup(
        stdin=f"koordination\nmia@stadt.example\nMia\nMusterfrau\n{PASSWORD}\n{PASSWORD}\n",
        monkeypatch=monkeypatch,
    )
    user = User.objects.get(username="koordination")
    assert (user.role, user.email, user.person.full_name) == (
        Role.COORDINATOR,
        "mia@stadt.example",
        "Mia Musterfrau",
    )
    assert user.check_password(PASSWORD) and user.is_coordinator
    # The first login leads through setting up the app: coordinators must use it.
    assert second_factor_required(user)
    # The next steps, with the site's addresses.
    assert "https://vereinsforum.stadt.example/konto/login/" in output
    assert f"https://vereinsforum.stadt.example{reverse('programmes:setup')}" in output
    assert f"https://vereinsforum.stadt.example{reverse('accounts:users')}" in output
    entry = AuditEntry.objects.get(action="account.create_coordinator")
    assert (entry.actor_label, entry.target_repr) == ("vereinsforum setup", f"User #{user.pk}")
    assert "Musterfrau" not in repr(list(AuditEntry.objects.values()))


def test_without_questions_from_options_and_the_environment(monkeypatch):
    setup(
        "--no-input",
        "--username=stadt",
        "--email=stadt@example.org",
        "--first-name=Ali",
        "--last-name=Kaya",
        env_password=PASSWORD,
        monkeypatch=monkeypatch,
    )
    assert User.objects.get(username="stadt").check_password(PASSWORD)


def test_without_questions_a_missing_option_or_password_is_an_error(monkeypatch):
    with pytest.raises(CommandError, match="--email"):
        setup("--no-input", "--username=stadt", env_password=PASSWORD, monkeypatch=monkeypatch)
    with pytest.raises(CommandError, match="VEREINSFORUM_SETUP_PASSWORD"):
        setup(
            "--no-input",
            "--username=stadt",
            "--email=stadt@example.org",
            "--first-name=Ali",
            "--last-name=Kaya",
            monkeypatch=monkeypatch,
        )
    assert not User.objects.exists()


def test_a_weak_password_is_refused(monkeypatch):
    with pytest.raises(CommandError):
        setup(
            "--no-input",
            "--username=stadt",
            "--email=stadt@example.org",
            "--first-name=Ali",
            "--last-name=Kaya",
            env_password="12345678",
            monkeypatch=monkeypatch,
        )
    assert not User.objects.exists()


def test_once_a_coordinator_exists_only_with_force(monkeypatch, coordinator):
    args = (
        "--no-input",
        "--username=notfall",
        "--email=notfall@stadt.example",
        "--first-name=Not",
        "--last-name=Fall",
    )
    with pytest.raises(CommandError, match="--force"):
        setup(*args, env_password=PASSWORD, monkeypatch=monkeypatch)
    assert not User.objects.filter(username="notfall").exists()
    # The way back in when no coordinator can log in any more.
    setup(*args, "--force", env_password=PASSWORD, monkeypatch=monkeypatch)
    assert User.objects.get(username="notfall").is_coordinator


def test_a_taken_login_name_or_address_is_refused(monkeypatch):
    factories.UserFactory(username="stadt", role=Role.TEAM_MEMBER, email="team@stadt.example")
    for username, email in (("stadt", "neu@stadt.example"), ("neu", "team@stadt.example")):
        with pytest.raises(CommandError):
            setup(
                "--no-input",
                f"--username={username}",
                f"--email={email}",
                "--first-name=Ali",
                "--last-name=Kaya",
                env_password=PASSWORD,
                monkeypatch=monkeypatch,
            )
    assert not User.objects.filter(role=Role.COORDINATOR).exists()


def test_piped_answers_that_run_out_end_with_a_message(monkeypatch):
    with pytest.raises(CommandError, match="Password"):
        setup(stdin="stadt\nstadt@example.org\nAli\nKaya\n", monkeypatch=monkeypatch)
