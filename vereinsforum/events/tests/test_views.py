"""The events' pages, each permission boundary with a user from outside: who sees which
event, who may cancel, swap or answer, and what staff pages refuse.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from vereinsforum.events.models import Registration, RegistrationStatus
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.lib.actors import TEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def chosen(programme, association):
    event = EventFactory(programme=programme, audience="chosen", capacity=5, title="Nur geladen")
    invitation_send(actor=TEST, event=event, organisations=[association])
    return event


def test_public_sees_only_public_events(client, programme, chosen):
    public = EventFactory(programme=programme, audience="public", title="Offen für alle")
    page = client.get("/veranstaltungen/").content.decode()
    assert public.title in page
    assert chosen.title not in page
    assert client.get(f"/veranstaltungen/{chosen.pk}/").status_code == 404
    assert client.get(f"/veranstaltungen/{public.pk}/").status_code == 200


def test_outsider_cannot_see_an_event_their_association_is_not_invited_to(
    client, chosen, representative, outsider
):
    client.force_login(outsider)
    assert client.get(f"/veranstaltungen/{chosen.pk}/").status_code == 404
    assert chosen.title not in client.get("/veranstaltungen/").content.decode()
    client.force_login(representative)
    assert client.get(f"/veranstaltungen/{chosen.pk}/").status_code == 200


def test_htmx_registration_returns_the_panel_with_seats_left(client, chosen, representative):
    client.force_login(representative)
    response = client.post(
        f"/veranstaltungen/{chosen.pk}/anmelden/",
        {"person": representative.person.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="registration-panel"')
    assert "4 von 5 Plätzen frei" in body
    assert 'data-status="registered"' in body
    assert Registration.objects.get(event=chosen).person == representative.person


def test_bad_registration_input_gives_a_translated_error_and_changes_nothing(
    client, chosen, representative, outsider
):
    client.force_login(representative)
    response = client.post(
        f"/veranstaltungen/{chosen.pk}/anmelden/",
        {"person": outsider.person.pk},  # not a member of the association
        HTTP_HX_REQUEST="true",
    )
    assert "Bitte wählen Sie eine delegierte Person Ihres Vereins." in response.content.decode()
    assert not Registration.objects.exists()


def test_outsider_cannot_cancel_or_swap_another_associations_registration(
    client, chosen, association, representative, outsider
):
    registration = registration_create(
        actor=TEST, event=chosen, person=representative.person, organisation=association
    )
    client.force_login(outsider)
    assert client.post(f"/veranstaltungen/anmeldung/{registration.pk}/abmelden/").status_code == 404
    assert (
        client.post(
            f"/veranstaltungen/anmeldung/{registration.pk}/tauschen/",
            {"person": outsider.person.pk},
        ).status_code
        == 404
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.person == representative.person


def test_representative_cancels_own_registration(client, chosen, association, representative):
    registration = registration_create(
        actor=TEST, event=chosen, person=representative.person, organisation=association
    )
    client.force_login(representative)
    client.post(f"/veranstaltungen/anmeldung/{registration.pk}/abmelden/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_representative_answers_own_invitation_only(client, chosen, representative, outsider):
    invitation = chosen.invitations.get()
    client.force_login(outsider)
    response = client.post(
        f"/veranstaltungen/einladung/{invitation.pk}/antwort/", {"status": "declined"}
    )
    assert response.status_code == 404
    client.force_login(representative)
    client.post(f"/veranstaltungen/einladung/{invitation.pk}/antwort/", {"status": "declined"})
    invitation.refresh_from_db()
    assert invitation.status == "declined"


@pytest.mark.parametrize(
    "path",
    [
        "{pk}/einladungen/",
        "{pk}/anmeldungen/",
        "{pk}/einlass/",
        "{pk}/einlass/ohne-anmeldung/",
        "{pk}/einlass/liste/",
    ],
)
def test_staff_pages_refuse_representatives_and_service_providers(
    client, chosen, representative, service_provider, team_member, path
):
    url = "/veranstaltungen/" + path.format(pk=chosen.pk)
    for user in (representative, service_provider):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(team_member)
    assert client.get(url).status_code == 200


def test_staff_registers_on_behalf(client, chosen, association, coordinator, member):
    person = member(association)
    client.force_login(coordinator)
    client.post(
        f"/veranstaltungen/{chosen.pk}/anmeldungen/",
        {"organisation": association.pk, "person": person.pk},
    )
    registration = Registration.objects.get(event=chosen)
    assert registration.source == "on_behalf"
    assert registration.registered_by == coordinator


def test_offer_link_accepts_only_an_open_offer(client, programme, association, member):
    event = EventFactory(programme=programme, capacity=1)
    holder = registration_create(
        actor=TEST, event=event, person=member(association), organisation=association
    )
    response = client.post(f"/veranstaltungen/angebot/{holder.code}/")
    assert response.status_code == 302  # already holds the seat: straight to the ticket
    assert client.get("/veranstaltungen/angebot/unknown/").status_code == 404


def test_calendar_month_shows_the_events_of_the_month(client, programme):
    start = timezone.now().replace(day=12, hour=10) + timedelta(days=62)
    event = EventFactory(programme=programme, start=start, title="Im Kalender")
    page = client.get(f"/veranstaltungen/kalender/{start.year}/{start.month}/").content.decode()
    assert f'href="/veranstaltungen/{event.pk}/"' in page
    assert client.get("/veranstaltungen/kalender/2008/13/").status_code == 404


def test_dashboard_shows_open_invitation_and_offer_tasks(client, chosen, representative):
    client.force_login(representative)
    page = client.get("/dashboard/").content.decode()
    assert "Einladung beantworten: Nur geladen" in page
