"""Calendar files and feeds, and the outbox: .ics that parse, secret feeds that can be
revoked, mail retried and given up without losing a registration, reminders sent once.
"""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from vereinsforum.events.mail import MAX_ATTEMPTS, outbox_deliver
from vereinsforum.events.models import MailKind, MailStatus, OutboxMessage, RegistrationStatus
from vereinsforum.events.services.feeds import (
    calendar_feed_create,
    calendar_feed_revoke,
    reminders_send,
)
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_cancel, registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import TEST

pytestmark = pytest.mark.django_db


def _register(event, person, org):
    return registration_create(actor=TEST, event=event, person=person, organisation=org)


def _events_in(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def test_confirmation_carries_an_ics_that_parses(
    event, association, member, django_capture_on_commit_callbacks
):
    person = member(association, language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(event, person, association)
    (sent,) = mail.outbox
    assert sent.to == [person.email]
    assert sent.extra_headers["Content-Language"] == "ru"
    assert sent.subject.startswith("Подтверждение")
    name, content, mimetype = sent.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    (vevent,) = _events_in(content.encode())
    assert vevent["UID"] == f"event-{event.pk}@127.0.0.1"
    assert vevent.decoded("DTSTART") == event.start.replace(microsecond=0)
    assert str(vevent["SUMMARY"]) == event.title  # no Russian title: German fallback
    assert registration.code in sent.body
    html = sent.alternatives[0][0]
    assert "data:image/png;base64," in html  # the QR code


def test_cancellation_ics_cancels_the_entry(event, association, member):
    registration = _register(event, member(association), association)
    registration_cancel(actor=TEST, registration=registration)
    message = OutboxMessage.objects.get(kind=MailKind.CANCELLATION)
    calendar = Calendar.from_ical(message.attachment)
    assert calendar["METHOD"] == "CANCEL"
    assert _events_in(message.attachment.encode())[0]["STATUS"] == "CANCELLED"


def test_public_feed_lists_public_events_only(client, programme):
    public = EventFactory(programme=programme, audience="public")
    EventFactory(programme=programme, audience="chosen", title="Geheim")
    response = client.get("/veranstaltungen/abos/oeffentlich.ics")
    assert response["Content-Type"].startswith("text/calendar")
    summaries = [str(e["SUMMARY"]) for e in _events_in(response.content)]
    assert summaries == [public.title]


def test_association_feed_is_secret_and_revocable(client, programme, association, member):
    invited = EventFactory(programme=programme, audience="chosen", title="Eingeladen")
    EventFactory(programme=programme, audience="chosen", title="Fremd")
    invitation_send(actor=TEST, event=invited, organisations=[association])
    feed = calendar_feed_create(actor=TEST, organisation=association)
    response = client.get(f"/veranstaltungen/abos/{feed.token}.ics")
    assert [str(e["SUMMARY"]) for e in _events_in(response.content)] == ["Eingeladen"]
    assert client.get("/veranstaltungen/abos/not-a-token.ics").status_code == 404
    calendar_feed_revoke(actor=TEST, feed=feed)
    assert client.get(f"/veranstaltungen/abos/{feed.token}.ics").status_code == 404


def test_person_feed_uses_the_persons_language(client, programme, association, member):
    event = EventFactory(programme=programme, title_i18n={"tr": "Eğitim"})
    person = member(association, language="tr")
    _register(event, person, association)
    feed = calendar_feed_create(actor=TEST, person=person)
    (vevent,) = _events_in(client.get(f"/veranstaltungen/abos/{feed.token}.ics").content)
    assert str(vevent["SUMMARY"]) == "Eğitim"


def test_representative_manages_only_own_feeds(client, representative, outsider):
    client.force_login(representative)
    client.post("/veranstaltungen/abos/", {"action": "organisation"})
    feed = representative.acting_for.calendar_feeds.get()
    client.force_login(outsider)
    response = client.post("/veranstaltungen/abos/", {"action": "revoke", "feed": feed.pk})
    assert response.status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_sending_failure_is_logged_retried_and_loses_no_registration(
    event, association, member, caplog, django_capture_on_commit_callbacks
):
    person = member(association)
    with (
        mock.patch(
            "vereinsforum.events.mail.EmailMultiAlternatives.send",
            side_effect=ConnectionRefusedError("smtp down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        registration = _register(event, person, association)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    message = OutboxMessage.objects.get(registration=registration)
    assert message.status == MailStatus.PENDING
    assert message.attempts == 1
    assert "smtp down" in message.last_error
    assert "failed" in caplog.text
    # not due yet: the retry waits for its back-off
    assert outbox_deliver()["sent"] == 0
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    call_command("events_send_outbox")
    message.refresh_from_db()
    assert message.status == MailStatus.SENT
    assert len(mail.outbox) == 1


def test_message_is_given_up_after_max_attempts(event, association, member):
    _register(event, member(association), association)
    message = OutboxMessage.objects.get()
    with mock.patch(
        "vereinsforum.events.mail.EmailMultiAlternatives.send", side_effect=OSError("down")
    ):
        for _ in range(MAX_ATTEMPTS):
            OutboxMessage.objects.update(next_attempt_at=timezone.now())
            outbox_deliver()
    message.refresh_from_db()
    assert message.status == MailStatus.FAILED
    assert message.attempts == MAX_ATTEMPTS


def test_reminders_go_once_n_days_before(programme, association, member):
    soon = EventFactory(programme=programme, start=timezone.now() + timedelta(days=1, hours=2))
    later = EventFactory(programme=programme, start=timezone.now() + timedelta(days=9))
    person = member(association, language="ar")
    _register(soon, person, association)
    _register(later, member(association), association)
    assert reminders_send(days=2) == 1
    assert reminders_send(days=2) == 0
    reminder = OutboxMessage.objects.get(kind=MailKind.REMINDER)
    assert reminder.to_email == person.email
    assert reminder.subject.startswith("تذكير")
    assert 'dir="rtl"' in reminder.body_html
    call_command("events_send_reminders", days=2)
    assert OutboxMessage.objects.filter(kind=MailKind.REMINDER).count() == 1


def test_invitation_goes_to_the_association_speakers_in_their_language(
    programme, association, member
):
    event = EventFactory(programme=programme, audience="chosen")
    chair = member(association, language="tr", role="chair")
    member(association, role="member")  # plain members get no invitation
    invitation_send(actor=TEST, event=event, organisations=[association])
    (message,) = OutboxMessage.objects.filter(kind=MailKind.INVITATION)
    assert message.to_email == chair.email
    assert message.subject.startswith("Davet")
