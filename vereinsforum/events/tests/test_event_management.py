"""Staff create, edit and cancel events in the app: services, pages and their permissions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.models import (
    Event,
    Invitation,
    Location,
    MailKind,
    OutboxMessage,
    Registration,
    RegistrationStatus,
)
from vereinsforum.events.services.administration import (
    LocationInput,
    event_cancel,
    event_create,
    event_update,
    location_create,
)
from vereinsforum.events.services.registration import registration_cancel, registration_create
from vereinsforum.events.tests.factories import EventFactory, LocationFactory
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"


def _register(event, person, org):
    return registration_create(actor=TEST, event=event, person=person, organisation=org)


def _statuses(event):
    return list(event.registrations.order_by("pk").values_list("status", flat=True))


# ---- services -------------------------------------------------------------------------------


def test_event_create_with_a_new_venue_translations_and_invitations(programme, coordinator):
    start = timezone.now() + timedelta(days=20)
    orgs = [factories.OrganisationFactory() for _ in range(2)]
    field = programme.fields.first() or factories.FieldFactory(programme=programme)
    event = event_create(
        actor=coordinator,
        programme=programme,
        kind="training",
        title="Buchhaltung für Vereine",
        title_i18n={"tr": "Dernekler için muhasebe"},
        start=start,
        end=start + timedelta(hours=3),
        capacity=12,
        seats_per_association=2,
        audience="chosen",
        fields=[field],
        associations=orgs,
        new_location=LocationInput(
            name="Bürgerzentrum", street="Hofaue 51", accessibility="Aufzug"
        ),
    )
    assert event.location.name == "Bürgerzentrum"
    assert event.location.accessibility == "Aufzug"
    assert list(event.fields.all()) == [field]
    assert set(Invitation.objects.filter(event=event).values_list("organisation", flat=True)) == {
        o.pk for o in orgs
    }
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"event.create", "location.create", "invitation.send"} <= actions


def test_event_create_reports_every_rule_at_once_and_creates_nothing(programme, coordinator):
    start = timezone.now() + timedelta(days=20)
    with pytest.raises(ValidationError) as info:
        event_create(
            actor=coordinator,
            programme=programme,
            kind="training",
            title="Schulung",
            start=start,
            end=start - timedelta(hours=1),
            registration_opens=start - timedelta(days=1),
            registration_closes=start - timedelta(days=2),
            new_location=LocationInput(name="", street="Hofaue 51"),
        )
    errors = info.value.message_dict
    assert errors["end"] == ["The event must end after it starts."]
    assert errors["registration_closes"] == ["Registration must close after it opens."]
    assert errors["location_name"] == ["Please give the venue a name."]
    assert not Event.objects.exists()
    assert not Location.objects.exists()


def test_registration_window_must_lie_before_the_start(programme, coordinator):
    start = timezone.now() + timedelta(days=20)
    with pytest.raises(ValidationError) as info:
        event_create(
            actor=coordinator,
            programme=programme,
            kind="training",
            title="Schulung",
            start=start,
            end=start + timedelta(hours=1),
            registration_opens=start + timedelta(hours=1),
            registration_closes=start + timedelta(hours=2),
        )
    errors = info.value.message_dict
    assert errors["registration_opens"] == ["Registration must open before the event starts."]
    assert errors["registration_closes"] == ["Registration must close by the start of the event."]


def test_location_create_needs_a_name(coordinator):
    with pytest.raises(ValidationError, match="name"):
        location_create(actor=coordinator, name="  ")
    venue = location_create(actor=coordinator, name="Rathaus", accessibility="Rampe")
    assert venue.address == "Wuppertal"
    assert AuditEntry.objects.filter(action="location.create").count() == 1


def test_lowering_capacity_below_the_seats_taken_is_refused_and_cancels_nobody(
    programme, member, coordinator
):
    event = EventFactory(programme=programme, capacity=3)
    for _ in range(3):
        org = factories.OrganisationFactory()
        _register(event, member(org), org)
    with pytest.raises(ValidationError) as info:
        event_update(actor=coordinator, event=event, capacity=2)
    assert "3 seats are already taken" in info.value.message_dict["capacity"][0]
    event.refresh_from_db()
    assert event.capacity == 3
    assert _statuses(event) == ["registered"] * 3
    # down to exactly the seats taken is fine
    event_update(actor=coordinator, event=event, capacity=3, title="Neu")
    assert AuditEntry.objects.filter(action="event.update").exists()


def test_raising_capacity_offers_the_freed_seats_in_fair_order(programme, member, coordinator):
    event = EventFactory(programme=programme, capacity=1, offer_hours=12)
    first_org, second_org, third_org = (factories.OrganisationFactory() for _ in range(3))
    _register(event, member(first_org), first_org)
    # first_org already has a seat, so its second person waits behind the others
    same_org_waiting = _register(event, member(first_org), first_org)
    second = _register(event, member(second_org, language="ru"), second_org)
    third = _register(event, member(third_org), third_org)
    assert {same_org_waiting.status, second.status, third.status} == {"waitlisted"}

    event_update(actor=coordinator, event=event, capacity=3)

    for row in (same_org_waiting, second, third):
        row.refresh_from_db()
    assert second.status == third.status == RegistrationStatus.OFFERED
    assert same_org_waiting.status == RegistrationStatus.WAITLISTED
    assert second.offer_expires - second.offered_at == timedelta(hours=12)
    offer = OutboxMessage.objects.get(registration=second, kind=MailKind.OFFER)
    assert offer.language == "ru"


def test_lowering_the_seat_cap_below_an_associations_delegates_is_refused(
    programme, member, coordinator
):
    event = EventFactory(programme=programme, capacity=10, seats_per_association=3)
    org = factories.OrganisationFactory(name="Anadolu e.V.")
    for _ in range(2):
        _register(event, member(org), org)
    with pytest.raises(ValidationError) as info:
        event_update(actor=coordinator, event=event, seats_per_association=1)
    assert (
        "Anadolu e.V. has already named 2 delegates"
        in (info.value.message_dict["seats_per_association"][0])
    )
    event_update(actor=coordinator, event=event, seats_per_association=2)
    event.refresh_from_db()
    assert event.seats_per_association == 2


def test_event_update_invites_only_new_associations(programme, association, coordinator):
    event = EventFactory(programme=programme, audience="chosen")
    other = factories.OrganisationFactory()
    event_update(actor=coordinator, event=event, associations=[association])
    event_update(actor=coordinator, event=event, associations=[association, other])
    assert event.invitations.count() == 2
    assert OutboxMessage.objects.filter(kind=MailKind.INVITATION).count() == (
        OutboxMessage.objects.filter(kind=MailKind.INVITATION).values("invitation").count()
    )


def test_event_cancel_cancels_and_notifies_everyone_and_keeps_the_rows(
    programme, member, coordinator
):
    event = EventFactory(programme=programme, capacity=1)
    org_a, org_b, org_c = (factories.OrganisationFactory() for _ in range(3))
    seated = _register(event, member(org_a, language="tr"), org_a)
    waiting = _register(event, member(org_b), org_b)
    gone = _register(event, member(org_c), org_c)
    registration_cancel(actor=TEST, registration=gone)
    mails_before = OutboxMessage.objects.filter(kind=MailKind.CANCELLATION).count()

    count = event_cancel(actor=coordinator, event=event, note="Der Saal ist nicht verfügbar.")

    assert count == 2
    event.refresh_from_db()
    assert event.is_cancelled
    for row in (seated, waiting):
        row.refresh_from_db()
        assert row.status == RegistrationStatus.CANCELLED
        assert row.cancel_reason == "event_cancelled"
    assert Registration.objects.filter(event=event).count() == 3
    mails = OutboxMessage.objects.filter(kind=MailKind.CANCELLATION).order_by("pk")
    assert mails.count() == mails_before + 2
    turkish = mails.get(registration=seated)
    assert turkish.language == "tr"
    assert "Der Saal ist nicht verfügbar." in turkish.body_text
    assert "METHOD:CANCEL" in turkish.attachment
    assert AuditEntry.objects.filter(action="event.cancel").count() == 1
    # nothing moves any more: no offers, no new registrations, no second cancel, no edits
    assert not OutboxMessage.objects.filter(kind=MailKind.OFFER, registration=waiting).exists()
    with pytest.raises(ValidationError, match="cancelled"):
        _register(event, member(org_c), org_c)
    with pytest.raises(ValidationError, match="already cancelled"):
        event_cancel(actor=coordinator, event=event)
    with pytest.raises(ValidationError, match="cannot be changed"):
        event_update(actor=coordinator, event=event, capacity=5)


def test_an_event_that_has_begun_cannot_be_cancelled(programme, coordinator):
    event = EventFactory(
        programme=programme,
        start=timezone.now() - timedelta(hours=1),
        end=timezone.now() + timedelta(hours=1),
    )
    with pytest.raises(ValidationError, match="already begun"):
        event_cancel(actor=coordinator, event=event)
    event.refresh_from_db()
    assert not event.is_cancelled


# ---- pages ----------------------------------------------------------------------------------


def _post_data(programme, **overrides):
    start = timezone.localtime(timezone.now() + timedelta(days=30)).replace(second=0, microsecond=0)
    data = {
        "programme": programme.pk,
        "kind": "training",
        "title": "Öffentlichkeitsarbeit",
        "title_en": "Public relations",
        "title_ar": "العلاقات العامة",
        "description": "Pressearbeit für Vereine",
        "start": start.strftime(FMT),
        "end": (start + timedelta(hours=3)).strftime(FMT),
        "location_name": "Bürgerzentrum Elberfeld",
        "location_street": "Hofaue 51",
        "location_postcode": "42103",
        "location_city": "Wuppertal",
        "location_accessibility": "Stufenloser Zugang",
        "capacity": "18",
        "seats_per_association": "2",
        "offer_hours": "48",
        "audience": "enrolled",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["representative", "interviewer", "outsider", "service_provider"])
def test_only_staff_reach_the_event_pages(client, request, who, programme):
    event = EventFactory(programme=programme, audience="public")
    client.force_login(request.getfixturevalue(who))
    for path in (
        "/veranstaltungen/neu/",
        f"/veranstaltungen/{event.pk}/bearbeiten/",
        f"/veranstaltungen/{event.pk}/absagen/",
    ):
        assert client.get(path).status_code == 403, path
    assert client.post("/veranstaltungen/neu/", _post_data(programme)).status_code == 403
    assert client.post(f"/veranstaltungen/{event.pk}/absagen/", {}).status_code == 403
    assert (
        client.post(
            f"/veranstaltungen/{event.pk}/bearbeiten/", _post_data(programme, capacity="99")
        ).status_code
        == 403
    )
    event.refresh_from_db()
    assert (event.capacity, event.is_cancelled, Event.objects.count()) == (2, False, 1)
    assert "/veranstaltungen/neu/" not in client.get("/veranstaltungen/").content.decode()


def test_the_public_is_sent_to_the_login(client, programme):
    event = EventFactory(programme=programme, audience="public")
    response = client.post(f"/veranstaltungen/{event.pk}/absagen/", {})
    assert response.status_code == 302
    assert "/login" in response["Location"] or "anmelden" in response["Location"]
    assert client.get("/veranstaltungen/neu/").status_code == 302
    event.refresh_from_db()
    assert not event.is_cancelled


@pytest.mark.parametrize("who", ["coordinator", "team_member"])
def test_staff_create_an_event_with_a_new_venue(client, request, who, programme):
    client.force_login(request.getfixturevalue(who))
    page = client.get("/veranstaltungen/").content.decode()
    assert 'href="/veranstaltungen/neu/"' in page
    response = client.post("/veranstaltungen/neu/", _post_data(programme))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/veranstaltungen/{event.pk}/"
    assert event.title_i18n == {"en": "Public relations", "ar": "العلاقات العامة"}
    assert (event.capacity, event.seats_per_association) == (18, 2)
    assert event.location.name == "Bürgerzentrum Elberfeld"
    assert event.location.accessibility == "Stufenloser Zugang"
    assert event.end - event.start == timedelta(hours=3)


def test_bad_input_is_explained_in_german_and_keeps_every_value(client, coordinator, programme):
    from django.utils import translation

    client.force_login(coordinator)
    data = _post_data(programme, end=_post_data(programme)["start"], title_tr="Halkla ilişkiler")
    data["end"] = timezone.localtime(timezone.now() + timedelta(days=29)).strftime(FMT)
    with translation.override("de"):
        response = client.post("/veranstaltungen/neu/", data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Die Veranstaltung muss nach ihrem Beginn enden." in body
    for value in ("Halkla ilişkiler", "Bürgerzentrum Elberfeld", "Stufenloser Zugang", "Hofaue 51"):
        assert value in body
    assert f'value="{data["start"]}"' in body
    assert not Event.objects.exists()
    assert not Location.objects.exists()


def test_edit_page_lowering_capacity_shows_the_error_and_keeps_the_registrations(
    client, coordinator, programme, member
):
    event = EventFactory(programme=programme, capacity=2, location=LocationFactory())
    for _ in range(2):
        org = factories.OrganisationFactory()
        _register(event, member(org), org)
    client.force_login(coordinator)
    page = client.get(f"/veranstaltungen/{event.pk}/bearbeiten/").content.decode()
    assert f'value="{event.title}"' in page
    assert 'value="Training (' in page  # the English title from the factory
    data = _post_data(programme, capacity="1", location=event.location.pk)
    for key in [k for k in data if k.startswith("location_")]:
        data[key] = ""
    data["title"] = "Geänderter Titel"
    response = client.post(f"/veranstaltungen/{event.pk}/bearbeiten/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 seats are already taken" in body or "2 Plätze sind bereits vergeben" in body
    assert 'value="Geänderter Titel"' in body
    event.refresh_from_db()
    assert event.capacity == 2 and event.title != "Geänderter Titel"
    assert _statuses(event) == ["registered", "registered"]


def test_choosing_a_venue_and_entering_a_new_one_is_refused(client, coordinator, programme):
    venue = LocationFactory()
    client.force_login(coordinator)
    response = client.post("/veranstaltungen/neu/", _post_data(programme, location=venue.pk))
    assert response.status_code == 200
    assert not Event.objects.exists()
    assert Location.objects.count() == 1


def test_cancel_page_cancels_and_says_so(client, coordinator, programme, member):
    event = EventFactory(programme=programme, capacity=5)
    org = factories.OrganisationFactory()
    registration = _register(event, member(org), org)
    client.force_login(coordinator)
    page = client.get(f"/veranstaltungen/{event.pk}/absagen/").content.decode()
    assert "1 Person hat einen Platz" in page or "1 person holds a seat" in page
    response = client.post(f"/veranstaltungen/{event.pk}/absagen/", {"note": "Krankheit"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    detail = client.get(f"/veranstaltungen/{event.pk}/").content.decode()
    assert 'id="event-cancelled"' in detail and "Krankheit" in detail
    assert f"/veranstaltungen/{event.pk}/bearbeiten/" not in detail
    edit = client.get(f"/veranstaltungen/{event.pk}/bearbeiten/")
    assert edit.status_code == 302


def test_a_cancelled_event_is_no_longer_counted_in_the_summary_or_the_session_numbers(
    programme, coordinator
):
    from vereinsforum.events.summary import events_summary

    first = EventFactory(programme=programme, kind="forum_session", title="Forum 1")
    dropped = EventFactory(
        programme=programme,
        kind="forum_session",
        title="Forum 2",
        start=first.start + timedelta(days=30),
        end=first.end + timedelta(days=30),
    )
    last = EventFactory(
        programme=programme,
        kind="forum_session",
        title="Forum 3",
        start=first.start + timedelta(days=60),
        end=first.end + timedelta(days=60),
    )
    training = EventFactory(programme=programme, kind="training")
    before = events_summary(programme)
    assert [row["event"] for row in before["forum_sessions"]] == [first, dropped, last]
    assert [row["event"] for row in before["trainings"]] == [training]

    event_cancel(actor=coordinator, event=dropped)
    event_cancel(actor=coordinator, event=training)

    after = events_summary(programme)
    assert [(row["event"], row["number"]) for row in after["forum_sessions"]] == [
        (first, 1),
        (last, 2),
    ]
    assert after["trainings"] == []
    assert list(Event.objects.forum_sessions(programme)) == [first, last]
    assert Event.objects.filter(pk=dropped.pk).exists()  # kept on record
