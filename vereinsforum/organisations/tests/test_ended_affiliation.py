"""Only a current affiliation gives access (issue 9, defect 1).

Olga was Anadolu's treasurer and has moved to Centro Italiano. Once her role at Anadolu is
ended, Anadolu's representative no longer reads or edits her, no longer sees her attendance
history, cannot name her as Anadolu's delegate (which would block Centro from naming her),
and no longer gets her on Anadolu's invitation mail; the interviewer assigned to Anadolu no
longer sees her either. Each check runs before and after the end, so it shows the access was
there and is gone.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from vereinsforum.events.models import Registration
from vereinsforum.events.notifications import invitation_recipients
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.organisations.models import Person
from vereinsforum.organisations.services import affiliation_end
from vereinsforum.testing import factories


@pytest.fixture
def olga(association):
    person = factories.PersonFactory(first_name="Olga", last_name="Iwanowa")
    # Chair: a role that receives the association's invitations.
    factories.AffiliationFactory(person=person, organisation=association, role="chair")
    return person


def _end(coordinator, person, association):
    affiliation = person.affiliations.get(organisation=association)
    affiliation_end(actor=coordinator, affiliation=affiliation, end=timezone.localdate())


def test_the_representative_loses_the_person_when_the_role_ends(
    client, coordinator, representative, association, olga
):
    client.force_login(representative)
    pages = [
        reverse("organisations:person", args=[olga.pk]),
        reverse("organisations:person_edit", args=[olga.pk]),
        reverse("events:history_person", args=[olga.pk]),
    ]
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]
    assert olga in Person.objects.for_user(representative)

    _end(coordinator, olga, association)

    assert [client.get(url).status_code for url in pages] == [404, 404, 404]
    assert olga not in Person.objects.for_user(representative)
    assert olga not in Person.objects.for_user(representative, "edit")
    # Nor can the representative change her e-mail by posting to the edit page.
    response = client.post(
        pages[1],
        {
            "first_name": "Olga",
            "last_name": "Iwanowa",
            "email": "new@example.org",
            "preferred_language": "de",
        },
    )
    assert response.status_code == 404
    olga.refresh_from_db()
    assert olga.email != "new@example.org"


def test_the_interviewer_loses_the_person_when_the_role_ends(
    coordinator, interviewer, association, olga
):
    assert olga in Person.objects.for_user(interviewer)
    _end(coordinator, olga, association)
    assert olga not in Person.objects.for_user(interviewer)


def test_a_former_member_is_no_delegate_and_their_new_association_can_name_them(
    client, coordinator, representative, outsider, association, other_association, olga
):
    event = EventFactory(capacity=10)
    factories.AffiliationFactory(person=olga, organisation=other_association, role="member")
    client.force_login(representative)
    panel = client.get(reverse("events:detail", args=[event.pk]))
    assert olga in panel.context["swap_people"]

    _end(coordinator, olga, association)

    panel = client.get(reverse("events:detail", args=[event.pk]))
    assert olga not in panel.context["swap_people"]
    assert "Iwanowa" not in panel.content.decode()
    client.post(reverse("events:register", args=[event.pk]), {"person": olga.pk})
    assert not Registration.objects.filter(event=event, person=olga).exists()
    with pytest.raises(ValidationError):
        registration_create(
            actor=representative, event=event, person=olga, organisation=association
        )
    # Her new association registers her without being blocked by the old one.
    registration = registration_create(
        actor=outsider, event=event, person=olga, organisation=other_association
    )
    assert registration.organisation == other_association


def test_a_role_ended_after_the_day_still_counts_for_a_registration_on_that_day(
    coordinator, association, olga
):
    """Staff recording the past: the role held on the day of the registration counts."""
    event = EventFactory(capacity=10, start=timezone.now() + timedelta(days=30))
    affiliation = olga.affiliations.get(organisation=association)
    affiliation_end(actor=coordinator, affiliation=affiliation, end=timezone.localdate())
    with pytest.raises(ValidationError):
        registration_create(actor=coordinator, event=event, person=olga, organisation=association)
    affiliation.refresh_from_db()
    yesterday = timezone.now() - timedelta(days=1)
    registration = registration_create(
        actor=coordinator, event=event, person=olga, organisation=association, at=yesterday
    )
    assert registration.person == olga


def test_invitation_mail_goes_to_current_contacts_only(coordinator, association, olga):
    event = EventFactory(capacity=10)
    (invitation,) = invitation_send(actor=coordinator, event=event, organisations=[association])
    assert olga in invitation_recipients(invitation)
    _end(coordinator, olga, association)
    assert olga not in invitation_recipients(invitation)


def test_a_role_that_starts_later_gives_no_access_yet(client, representative, association):
    later = factories.PersonFactory(last_name="Spaeter")
    factories.AffiliationFactory(
        person=later,
        organisation=association,
        role="member",
        start=timezone.localdate() + timedelta(days=7),
    )
    assert later not in Person.objects.for_user(representative)


def test_a_representative_whose_own_role_ended_no_longer_acts_for_the_association(
    client, coordinator, representative, association
):
    from vereinsforum.organisations.models import Organisation

    client.force_login(representative)
    own_page = reverse("organisations:detail", args=[association.pk])
    assert client.get(own_page).status_code == 200

    _end(coordinator, representative.person, association)

    representative.refresh_from_db()
    assert not Organisation.objects.for_user(representative).exists()
    assert client.get(own_page).status_code == 403
    dashboard = client.get(reverse("web:dashboard"))
    assert dashboard.status_code == 200
    assert dashboard.context["without_access"]
    assert association.name not in dashboard.content.decode()
