"""A change of time or venue is mailed to everyone still coming, with an updated calendar entry."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from vereinsforum.audit.models import AuditEntry
from vereinsforum.events import notifications
from vereinsforum.events.mail import outbox_deliver
from vereinsforum.events.models import (
    MailKind,
    MailStatus,
    OutboxMessage,
    RegistrationStatus,
    change_notice_key,
)
from vereinsforum.events.services.administration import LocationInput, event_cancel, event_update
from vereinsforum.events.services.door import registration_check_in
from vereinsforum.events.services.registration import registration_cancel, registration_create
from vereinsforum.events.tests.factories import EventFactory, LocationFactory
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"


def _register(event, person, org=None):
    org = org or person.affiliations.get().organisation
    return registration_create(actor=TEST, event=event, person=person, organisation=org)


def _notices():
    return OutboxMessage.objects.filter(kind=MailKind.CHANGED)


def _vevent(message):
    (vevent,) = Calendar.from_ical(message.attachment).walk("VEVENT")
    return vevent


@pytest.fixture
def people(member):
    """One person per association, so no seat cap gets in the way."""

    def make(n, language="de"):
        return [member(factories.OrganisationFactory(), language=language) for _ in range(n)]

    return make


@pytest.fixture
def full_event(programme, people, coordinator):
    """Capacity 3: one registered, one attended, one offered, one waitlisted, one cancelled."""
    event = EventFactory(programme=programme, capacity=3)
    registered, attended, leaving, offered, waiting = people(5)
    rows = {
        "registered": _register(event, registered),
        "attended": _register(event, attended),
        "cancelled": _register(event, leaving),
        "offered": _register(event, offered),
        "waitlisted": _register(event, waiting),
    }
    registration_check_in(actor=coordinator, registration=rows["attended"])
    registration_cancel(actor=TEST, registration=rows["cancelled"])  # frees a seat: offered
    for key, row in rows.items():
        row.refresh_from_db()
        assert row.status == key
    OutboxMessage.objects.all().delete()
    return event, rows


# ---- who is told, and when ------------------------------------------------------------------


def test_a_new_start_tells_everyone_still_coming_and_nobody_else(full_event, coordinator):
    event, rows = full_event
    old_start = event.start
    event_update(
        actor=coordinator,
        event=event,
        start=old_start + timedelta(days=1),
        end=old_start + timedelta(days=1, hours=3),
    )
    notices = _notices()
    assert {m.registration_id for m in notices} == {
        rows[key].pk for key in ("registered", "offered", "waitlisted")
    }
    assert {m.to_email for m in notices} == {
        rows[key].person.email for key in ("registered", "offered", "waitlisted")
    }
    event.refresh_from_db()
    assert event.sequence == 1
    assert {m.dedupe_key for m in notices} == {
        change_notice_key(rows[key].pk, 1) for key in ("registered", "offered", "waitlisted")
    }
    assert OutboxMessage.objects.change_notices(event).count() == 3
    # the registrations themselves stay exactly as they were
    for key, row in rows.items():
        row.refresh_from_db()
        assert row.status == key
    entry = AuditEntry.objects.filter(action="event.update").latest("pk")
    assert entry.changes["sequence"] == [0, 1]
    assert entry.changes["change_notices"] == [None, 3]


def test_a_new_venue_is_a_change_too(full_event, coordinator):
    event, rows = full_event
    old_venue = event.location
    new_venue = LocationFactory(name="Bürgerzentrum Elberfeld", street="Hofaue 51")
    event_update(actor=coordinator, event=event, location=new_venue)
    message = _notices().get(registration=rows["registered"])
    assert "Bürgerzentrum Elberfeld, Hofaue 51" in message.body_text
    assert old_venue.name in message.body_text
    assert "venue" in message.body_text or "Veranstaltungsort" in message.body_text


def test_a_venue_entered_as_new_is_a_change(full_event, coordinator):
    event, rows = full_event
    event_update(
        actor=coordinator,
        event=event,
        location=None,
        new_location=LocationInput(name="Rathaus Barmen", street="Johannes-Rau-Platz 1"),
    )
    assert _notices().count() == 3
    assert "Rathaus Barmen" in _notices().get(registration=rows["offered"]).body_text


@pytest.mark.parametrize(
    "edit",
    [
        {"title": "Neuer Titel"},
        {"capacity": 5},
        {"description": "Mit Kinderbetreuung", "offer_hours": 24},
        {},  # saved unchanged
    ],
    ids=["title", "capacity", "description", "nothing"],
)
def test_edits_that_change_neither_time_nor_venue_send_nothing(full_event, coordinator, edit):
    event, _rows = full_event
    event_update(actor=coordinator, event=event, **edit)
    assert not _notices().exists()
    event.refresh_from_db()
    assert event.sequence == 0


def test_the_same_minute_again_is_no_change(full_event, coordinator):
    """The edit form sends whole minutes: the seconds it drops are no move of the event."""
    event, _rows = full_event
    event.start = event.start.replace(second=42, microsecond=123)
    event.save()
    event_update(actor=coordinator, event=event, start=event.start.replace(second=0, microsecond=0))
    assert not _notices().exists()


def test_an_event_that_is_over_is_corrected_without_mail(full_event, coordinator):
    event, _rows = full_event
    after = event.end + timedelta(days=1)
    event_update(actor=coordinator, event=event, at=after, start=event.start - timedelta(hours=1))
    assert not _notices().exists()
    event.refresh_from_db()
    assert event.sequence == 1  # calendars still learn the corrected time


def test_a_refused_edit_stores_no_notice(full_event, coordinator):
    event, _rows = full_event
    with pytest.raises(ValidationError):
        # moving it is fine, but 3 seats are taken: the whole edit is refused
        event_update(
            actor=coordinator,
            event=event,
            start=event.start + timedelta(days=1),
            end=event.end + timedelta(days=1),
            capacity=1,
        )
    assert not _notices().exists()
    event.refresh_from_db()
    assert event.sequence == 0


def test_a_person_without_e_mail_is_skipped_and_not_counted(programme, member, coordinator):
    event = EventFactory(programme=programme, capacity=5)
    org = factories.OrganisationFactory()
    silent = member(org)
    silent.email = ""
    silent.save()
    _register(event, silent, org)
    _register(event, member(factories.OrganisationFactory()))
    OutboxMessage.objects.all().delete()
    event = event_update(actor=coordinator, event=event, start=event.start - timedelta(hours=2))
    assert _notices().count() == 1
    assert OutboxMessage.objects.change_notices(event).count() == 1


# ---- the message ----------------------------------------------------------------------------


def test_the_notice_is_in_the_persons_language_with_old_and_new(
    programme, people, coordinator, django_capture_on_commit_callbacks
):
    day = timezone.localdate() + timedelta(days=12)
    old_start = timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))
    event = EventFactory(
        programme=programme,
        start=old_start,
        end=old_start + timedelta(hours=2),
        title_i18n={"tr": "Muhasebe eğitimi"},
    )
    (person,) = people(1, language="tr")
    _register(event, person)
    OutboxMessage.objects.all().delete()
    new_start = old_start + timedelta(days=2, hours=4)
    with django_capture_on_commit_callbacks(execute=True):
        event_update(
            actor=coordinator, event=event, start=new_start, end=new_start + timedelta(hours=2)
        )
    message = _notices().get()
    assert message.language == "tr"
    assert message.subject == "Değişiklik: Muhasebe eğitimi"
    assert "Sayın" in message.body_text
    assert "Muhasebe eğitimi" in message.body_text
    assert "saati değişti" in message.body_text
    # old and new date in the Turkish date format, in the office's time zone
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("tr"):
        old_text = date_format(timezone.localtime(old_start), "DATETIME_FORMAT")
        new_text = date_format(timezone.localtime(new_start), "DATETIME_FORMAT")
    assert old_text != new_text
    before, now = message.body_text.split("Şimdi:")
    assert old_text in before and new_text not in before
    assert new_text in now
    assert 'lang="tr"' in message.body_html and new_text in message.body_html
    (sent,) = mail.outbox
    assert sent.extra_headers["Content-Language"] == "tr"
    assert sent.subject == message.subject
    assert sent.alternatives[0][1] == "text/html"
    name, content, mimetype = sent.attachments[0]
    assert name == f"veranstaltung-{event.pk}.ics" and mimetype == "text/calendar"


def test_arabic_notice_renders_right_to_left(full_event, coordinator, member):
    event, _rows = full_event
    person = member(factories.OrganisationFactory(), language="ar")
    event_update(actor=coordinator, event=event, capacity=4)  # the seat goes to the waitlist
    registration = _register(event, person)
    OutboxMessage.objects.all().delete()
    event_update(actor=coordinator, event=event, start=event.start - timedelta(hours=1))
    message = _notices().get(registration=registration)
    assert 'dir="rtl"' in message.body_html
    assert message.subject.startswith("تغيير")


def test_the_offer_notice_keeps_the_accept_link(full_event, coordinator):
    event, rows = full_event
    event_update(actor=coordinator, event=event, start=event.start - timedelta(hours=1))
    offered = _notices().get(registration=rows["offered"])
    assert f"/veranstaltungen/angebot/{rows['offered'].code}/" in offered.body_text
    registered = _notices().get(registration=rows["registered"])
    assert rows["registered"].code not in registered.body_text


def test_the_ics_replaces_the_entry_same_uid_higher_sequence(
    programme, people, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory(programme=programme, capacity=1)
    seated, waiting = people(2)
    with django_capture_on_commit_callbacks(execute=True):  # confirmations render on commit
        _register(event, seated)
        _register(event, waiting)
    confirmation = OutboxMessage.objects.get(kind=MailKind.CONFIRMATION, to_email=seated.email)
    first = _vevent(confirmation)
    assert int(first["SEQUENCE"]) == 0
    new_start = event.start + timedelta(days=7)
    event_update(
        actor=coordinator, event=event, start=new_start, end=new_start + timedelta(hours=3)
    )
    notice = _notices().get(to_email=seated.email)
    changed = _vevent(notice)
    assert str(changed["UID"]) == str(first["UID"])
    assert int(changed["SEQUENCE"]) == 1
    assert changed.decoded("DTSTART") == new_start.replace(microsecond=0)
    assert changed["STATUS"] == "CONFIRMED"
    assert Calendar.from_ical(notice.attachment)["METHOD"] == "PUBLISH"
    # a waiting place is only a tentative entry
    assert _vevent(_notices().get(to_email=waiting.email))["STATUS"] == "TENTATIVE"
    # a second move goes higher still, and each revision has its own notice
    event_update(actor=coordinator, event=event, location=LocationFactory())
    latest = _notices().filter(to_email=seated.email).order_by("-pk").first()
    assert int(_vevent(latest)["SEQUENCE"]) == 2
    assert _notices().filter(to_email=seated.email).count() == 2


def test_cancelling_after_a_change_still_outranks_the_changed_entry(full_event, coordinator):
    event, rows = full_event
    event_update(actor=coordinator, event=event, start=event.start - timedelta(hours=1))
    event_cancel(actor=coordinator, event=event)
    cancellation = OutboxMessage.objects.get(
        kind=MailKind.CANCELLATION, registration=rows["registered"]
    )
    assert int(_vevent(cancellation)["SEQUENCE"]) == 2
    assert _vevent(cancellation)["STATUS"] == "CANCELLED"


# ---- outbox: failure, retry, idempotency ----------------------------------------------------


def test_a_failing_mail_server_delays_the_notice_but_loses_nothing(
    full_event, coordinator, caplog, django_capture_on_commit_callbacks
):
    event, rows = full_event
    new_start = event.start + timedelta(days=1)
    with (
        mock.patch(
            "vereinsforum.events.mail.EmailMultiAlternatives.send",
            side_effect=ConnectionRefusedError("smtp down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        event_update(
            actor=coordinator, event=event, start=new_start, end=new_start + timedelta(hours=3)
        )
    event.refresh_from_db()
    assert event.start == new_start  # the change itself is saved
    for key, row in rows.items():
        row.refresh_from_db()
        assert row.status == key
    notices = list(_notices())
    assert len(notices) == 3
    assert all(m.status == MailStatus.PENDING and m.attempts == 1 for m in notices)
    assert all("smtp down" in m.last_error for m in notices)
    assert "failed" in caplog.text
    assert not mail.outbox
    assert outbox_deliver()["sent"] == 0  # waiting for the back-off
    _notices().update(next_attempt_at=timezone.now())
    call_command("events_send_outbox")
    assert set(_notices().values_list("status", flat=True)) == {MailStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.to_email for m in notices)


def test_the_same_revision_is_never_mailed_twice(full_event, coordinator):
    event, rows = full_event
    event_update(actor=coordinator, event=event, start=event.start - timedelta(hours=1))
    event.refresh_from_db()
    registration = rows["registered"]
    registration.event = event
    again = notifications.notify_change(
        registration,
        old_start=event.start,
        old_end=event.end,
        old_location=event.location,
        time_changed=True,
        venue_changed=False,
    )
    assert again is None
    assert _notices().filter(registration=registration).count() == 1


# ---- the edit page --------------------------------------------------------------------------


def _form_data(event, **overrides):
    start = timezone.localtime(event.start)
    end = timezone.localtime(event.end)
    data = {
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "start": start.strftime(FMT),
        "end": end.strftime(FMT),
        "location": event.location_id or "",
        "capacity": event.capacity or "",
        "offer_hours": event.offer_hours,
        "audience": event.audience,
    }
    data.update(overrides)
    return data


def test_the_edit_page_warns_before_and_counts_after(client, full_event, coordinator):
    event, _rows = full_event
    client.force_login(coordinator)
    url = f"/veranstaltungen/{event.pk}/bearbeiten/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="change-notice"' in page
    assert "informs the 3 people with a seat, an offer or a waiting place" in page or (
        "werden die 3 Personen" in page
    )
    new_start = timezone.localtime(event.start) + timedelta(days=1)
    response = client.post(
        url,
        _form_data(
            event,
            start=new_start.strftime(FMT),
            end=(new_start + timedelta(hours=3)).strftime(FMT),
        ),
        follow=True,
    )
    body = response.content.decode()
    assert _notices().count() == 3
    assert "3 people with a seat, an offer or a waiting place are informed" in body or (
        "3 Personen mit einem Platz, einem Angebot oder einem Wartelistenplatz" in body
    )


def test_saving_the_edit_page_with_a_new_title_only_mails_nobody(client, full_event, coordinator):
    event, _rows = full_event
    client.force_login(coordinator)
    response = client.post(
        f"/veranstaltungen/{event.pk}/bearbeiten/",
        _form_data(event, title="Öffentlichkeitsarbeit II"),
        follow=True,
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.title == "Öffentlichkeitsarbeit II"
    assert not _notices().exists()
    body = response.content.decode()
    assert "informed" not in body and "informiert" not in body


def test_no_warning_when_nobody_is_registered(client, programme, coordinator):
    event = EventFactory(programme=programme)
    client.force_login(coordinator)
    page = client.get(f"/veranstaltungen/{event.pk}/bearbeiten/").content.decode()
    assert 'id="change-notice"' not in page


@pytest.mark.parametrize("who", ["representative", "outsider"])
def test_no_one_outside_staff_can_move_an_event_and_mail_people(client, request, full_event, who):
    event, _rows = full_event
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        f"/veranstaltungen/{event.pk}/bearbeiten/",
        _form_data(event, start=timezone.localtime(event.start + timedelta(days=3)).strftime(FMT)),
    )
    assert response.status_code == 403
    assert not _notices().exists()
    event.refresh_from_db()
    assert event.sequence == 0
    assert RegistrationStatus.WAITLISTED in event.registrations.values_list("status", flat=True)
