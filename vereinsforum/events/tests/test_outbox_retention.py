"""Sent mail is personal data kept only as long as needed: a retention period, then purged;
and a person's mail goes with their erasure."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from vereinsforum.events.mail import outbox_deliver, outbox_erase, outbox_purge
from vereinsforum.events.models import MailKind, MailStatus, OutboxMessage
from vereinsforum.events.services.registration import registration_create
from vereinsforum.lib.actors import TEST

pytestmark = pytest.mark.django_db

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture
def file_outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


def _message(to="someone@example.org", **fields) -> OutboxMessage:
    fields = {"subject": "s", "body_text": "b", **fields}
    return OutboxMessage.objects.create(
        kind=MailKind.REMINDER, to_email=to, language="de", **fields
    )


def _age(path, days: float) -> None:
    then = (timezone.now() - timedelta(days=days)).timestamp()
    os.utime(path, (then, then))


def test_sent_and_given_up_mail_older_than_the_retention_is_purged(settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    now = timezone.now()
    old_sent = _message(status=MailStatus.SENT, sent_at=now - timedelta(days=31))
    new_sent = _message(status=MailStatus.SENT, sent_at=now - timedelta(days=29))
    old_failed = _message(status=MailStatus.FAILED, next_attempt_at=now - timedelta(days=40))
    new_failed = _message(status=MailStatus.FAILED, next_attempt_at=now - timedelta(days=2))
    # Still to be delivered, however old: a mail server that was down must not lose it.
    pending = _message(created=now - timedelta(days=90), next_attempt_at=now)

    assert outbox_purge(now=now)["messages"] == 2

    left = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert left == {new_sent.pk, new_failed.pk, pending.pk}
    assert old_sent.pk not in left and old_failed.pk not in left


def test_the_file_outbox_keeps_only_the_retention_period(settings, file_outbox):
    settings.OUTBOX_RETENTION_DAYS = 30
    old = file_outbox / "20070101-120000-1.log"
    recent = file_outbox / "20070102-120000-2.log"
    other = file_outbox / "README"  # not the backend's: left alone
    for path in (old, recent, other):
        path.write_text("To: someone@example.org\n\nHallo")
    _age(old, 31)
    _age(recent, 3)
    _age(other, 400)

    assert outbox_purge()["files"] == 1

    assert not old.exists() and recent.exists() and other.exists()


def test_the_periodic_command_purges_with_the_setting_or_its_option(settings, capsys):
    settings.OUTBOX_RETENTION_DAYS = 30
    now = timezone.now()
    _message(status=MailStatus.SENT, sent_at=now - timedelta(days=10))
    call_command("events_purge_outbox")
    assert OutboxMessage.objects.count() == 1
    call_command("events_purge_outbox", days=7)
    assert OutboxMessage.objects.count() == 0
    assert "1 messages" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("events_purge_outbox", days=-1)


def test_queued_mail_knows_its_person(event, association, member):
    person = member(association)
    registration_create(actor=TEST, event=event, person=person, organisation=association)
    (message,) = OutboxMessage.objects.filter(kind=MailKind.CONFIRMATION)
    assert message.person == person


def test_erasing_a_persons_mail_takes_rows_and_files_and_leaves_the_others(
    event, association, member, file_outbox, settings
):
    person = member(association)
    other = member(association)
    for who in (person, other):
        registration_create(actor=TEST, event=event, person=who, organisation=association)
    outbox_deliver()
    # A row from before messages were linked to their person: found by its address.
    legacy = _message(to=person.email.upper(), status=MailStatus.SENT, sent_at=timezone.now())
    # Mail to someone else that names the person, e.g. a copy to the association.
    naming = _message(to="verein@example.org", body_text=f"Gemeldet: {person.full_name}")
    files = sorted(file_outbox.glob("*.log"))
    assert len(files) == 2 and not mail.outbox  # the file backend wrote them

    result = outbox_erase(person=person, terms=[person.full_name, person.email])

    assert result == {"messages": 3, "files": 1}
    assert not OutboxMessage.objects.filter(pk__in=[legacy.pk, naming.pk]).exists()
    assert not OutboxMessage.objects.filter(person=person).exists()
    assert OutboxMessage.objects.filter(person=other).count() == 1
    (kept,) = file_outbox.glob("*.log")
    assert other.email in kept.read_text()
