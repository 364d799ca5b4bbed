"""iCalendar output against RFC 5545 (escaping, components) and RFC 5546 (ORGANIZER)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from icalendar import Calendar

from vereinsforum.events.ical import event_ics, feed_ics, registration_ics
from vereinsforum.events.models import Event, MailKind, OutboxMessage
from vereinsforum.events.services.feeds import calendar_feed_create
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_cancel, registration_create
from vereinsforum.events.tests.factories import EventFactory, LocationFactory
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
#: RFC 5545 CONTROL (all C0 but tab, and DEL); the CRLF line ends are removed before the search.
C0 = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def _unfolded_lines(ics: bytes) -> list[bytes]:
    return ics.replace(b"\r\n ", b"").split(b"\r\n")


def _property(ics: bytes, name: bytes) -> bytes:
    (line,) = [line for line in _unfolded_lines(ics) if line.split(b":")[0].split(b";")[0] == name]
    return line


def _text(value) -> str:
    """RFC 5545 TEXT unescaped (icalendar keeps properties it has no type for verbatim)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(value))


def _register(event, person, org):
    return registration_create(actor=TEST, event=event, person=person, organisation=org)


# ---- X-WR-CALNAME --------------------------------------------------------------------------


def test_calendar_name_is_escaped_per_rfc_5545():
    ics = feed_ics("Anadolu e.V., Köln; Abo\\Termine\nzweite Zeile", [])
    # TEXT escapes backslash, comma and semicolon; a name is one line, so the break is a space
    assert _property(ics, b"X-WR-CALNAME") == (
        b"X-WR-CALNAME:Anadolu e.V.\\, K\xc3\xb6ln\\; Abo\\\\Termine zweite Zeile"
    )
    assert (
        _property(ics, b"NAME") == _property(ics, b"X-WR-CALNAME")[len(b"X-WR-CAL") :]
    )  # RFC 7986
    calendar = Calendar.from_ical(ics)
    expected = "Anadolu e.V., Köln; Abo\\Termine zweite Zeile"
    assert _text(calendar["X-WR-CALNAME"]) == expected
    assert _text(calendar["NAME"]) == expected


def test_an_association_named_with_a_line_break_still_gets_its_feed(client, programme):
    association = factories.OrganisationFactory(name="Anadolu e.V.;\nKöln, Wuppertal")
    feed = calendar_feed_create(actor=TEST, organisation=association)
    response = client.get(f"/veranstaltungen/abos/{feed.token}.ics")
    assert response.status_code == 200
    assert _property(response.content, b"X-WR-CALNAME") == (
        "X-WR-CALNAME:Anadolu e.V.\\; Köln\\, Wuppertal".encode()
    )


# ---- ORGANIZER (RFC 5546: required in PUBLISH and CANCEL) --------------------------------------


def _organizers(ics: bytes | str) -> list:
    if isinstance(ics, str):
        ics = ics.encode()
    return [vevent.get("ORGANIZER") for vevent in Calendar.from_ical(ics).walk("VEVENT")]


def _assert_organised_by_the_office(ics, programme, *, address="termine@wuppertal.example"):
    organizers = _organizers(ics)
    assert organizers
    for organizer in organizers:
        assert organizer is not None
        assert str(organizer) == f"mailto:{address}"
        assert organizer.params["CN"] == programme.lead_department.name


@override_settings(DEFAULT_FROM_EMAIL="Vereinsforum <termine@wuppertal.example>")
def test_every_event_in_every_calendar_names_its_organiser(
    client, programme, association, member, django_capture_on_commit_callbacks
):
    event = EventFactory(programme=programme)
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation renders on commit
        registration = _register(event, member(association), association)
    feed = calendar_feed_create(actor=TEST, organisation=association)

    published = event_ics(event)
    assert Calendar.from_ical(published)["METHOD"] == "PUBLISH"
    _assert_organised_by_the_office(published, programme)
    _assert_organised_by_the_office(registration_ics(registration), programme)
    confirmation = OutboxMessage.objects.get(kind=MailKind.CONFIRMATION)
    _assert_organised_by_the_office(confirmation.attachment, programme)

    registration_cancel(actor=TEST, registration=registration)
    cancellation = OutboxMessage.objects.get(kind=MailKind.CANCELLATION)
    assert Calendar.from_ical(cancellation.attachment)["METHOD"] == "CANCEL"
    _assert_organised_by_the_office(cancellation.attachment, programme)

    _assert_organised_by_the_office(
        client.get("/veranstaltungen/abos/oeffentlich.ics").content, programme
    )
    invited = EventFactory(programme=programme, audience="chosen")  # in the feed, no seat
    invitation_send(actor=TEST, event=invited, organisations=[association])
    _assert_organised_by_the_office(
        client.get(f"/veranstaltungen/abos/{feed.token}.ics").content, programme
    )


@override_settings(DEFAULT_FROM_EMAIL="termine@wuppertal.example")
def test_the_organiser_name_is_a_parameter_that_survives_quotes_and_colons(programme):
    programme.lead_department.name = 'Ressort 204: Zuwanderung, "Integration"\x0b'
    programme.lead_department.save()
    event = EventFactory(programme=programme)
    (organizer,) = _organizers(event_ics(event))
    assert organizer.params["CN"] == 'Ressort 204: Zuwanderung, "Integration"'
    assert str(organizer) == "mailto:termine@wuppertal.example"


def test_a_feed_reads_each_programme_once(programme, django_assert_max_num_queries):
    other = factories.ProgrammeFactory(slug="zweites-programm")
    events = [EventFactory(programme=p) for p in (programme, other, programme, other)]
    ids = [e.pk for e in events]
    queryset = Event.objects.filter(pk__in=ids).select_related("location")
    with django_assert_max_num_queries(2):
        ics = feed_ics("Alle", queryset)
    assert [o.params["CN"] for o in _organizers(ics)] == [
        e.programme.lead_department.name for e in sorted(events, key=lambda e: e.start)
    ]


# ---- components and time zones -------------------------------------------------------------


def test_an_empty_feed_is_a_calendar_with_a_component(client, programme):
    response = client.get("/veranstaltungen/abos/oeffentlich.ics")
    calendar = Calendar.from_ical(response.content)
    assert calendar.walk("VEVENT") == []
    assert calendar.subcomponents, "RFC 5545: a VCALENDAR holds at least one component"
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Berlin"


def test_times_are_local_with_their_time_zone_defined(programme):
    start = datetime(2007, 10, 10, 18, 0, tzinfo=BERLIN)  # summer time: 16:00 UTC
    event = EventFactory(programme=programme, start=start, end=start.replace(hour=21))
    winter = EventFactory(
        programme=programme,
        start=datetime(2008, 1, 15, 9, 30, tzinfo=BERLIN),
        end=datetime(2008, 1, 15, 12, 0, tzinfo=BERLIN),
    )
    for ics, starts in (
        (event_ics(event), [b"DTSTART;TZID=Europe/Berlin:20071010T180000"]),
        (
            feed_ics("Alle", [event, winter]),
            [
                b"DTSTART;TZID=Europe/Berlin:20071010T180000",
                b"DTSTART;TZID=Europe/Berlin:20080115T093000",
            ],
        ),
    ):
        assert [line for line in _unfolded_lines(ics) if line.startswith(b"DTSTART;")] == starts
        calendar = Calendar.from_ical(ics)
        assert calendar.get_missing_tzids() == set()
        (vtimezone,) = calendar.walk("VTIMEZONE")
        # the definition covers the events, so a client without tzdata reads the same hour
        for vevent in calendar.walk("VEVENT"):
            local = vevent.decoded("DTSTART")
            moment = local.replace(tzinfo=vtimezone.to_tz())
            assert moment.utcoffset() == local.astimezone(BERLIN).utcoffset()
    assert Calendar.from_ical(event_ics(event)).walk("VEVENT")[0].decoded("DTSTART") == start


# ---- control characters --------------------------------------------------------------------


def test_control_characters_never_reach_a_calendar(programme, association, member):
    location = LocationFactory(name="Saal\x0b 1", street="Neumarkt\x01 10")
    event = EventFactory(
        programme=programme,
        title="Schulung\x0b\x01 Vereinsrecht",
        title_i18n={},
        description="Erste Zeile\x07\nZweite\x1b Zeile",
        location=location,
    )
    registration = _register(event, member(association), association)
    for ics in (
        event_ics(event),
        registration_ics(registration),
        feed_ics("Anadolu\x0c e.V.", [event]),
    ):
        assert not C0.search(ics.replace(b"\r\n", b""))
        (vevent,) = Calendar.from_ical(ics).walk("VEVENT")
        assert str(vevent["SUMMARY"]) == "Schulung Vereinsrecht"
        assert str(vevent["DESCRIPTION"]) == "Erste Zeile\nZweite Zeile"
        assert str(vevent["LOCATION"]).startswith("Saal 1, Neumarkt 10")
