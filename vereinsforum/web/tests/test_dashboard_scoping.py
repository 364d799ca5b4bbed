"""The dashboard lists only events the user may open (issue 9, defect 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vereinsforum.events.models import Audience
from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.tests.factories import EventFactory


@pytest.fixture
def chosen_event(programme, coordinator, association):
    event = EventFactory(
        programme=programme, title="Klausur nur für Anadolu", audience=Audience.CHOSEN
    )
    invitation_send(actor=coordinator, event=event, organisations=[association])
    return event


@pytest.mark.parametrize("who", ["outsider", "interviewer", "service_provider"])
def test_an_event_for_a_chosen_audience_is_not_listed_to_those_outside_it(
    client, request, chosen_event, who
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 200
    assert chosen_event not in list(response.context["events"])
    assert chosen_event.title not in response.content.decode()
    # The same answer as the event's own page gives them.
    assert client.get(reverse("events:detail", args=[chosen_event.pk])).status_code == 404


@pytest.mark.parametrize("who", ["representative", "coordinator", "team_member"])
def test_the_invited_association_and_staff_see_it(client, request, chosen_event, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("web:dashboard"))
    assert chosen_event.title in response.content.decode()
