"""The event list is paged: 50 events a page in each part (upcoming, past), each part by its
own parameter, the filter kept in every page link (issue 14: unpaged, the coordinator's list
at 2,000 events weighed 563 KB)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from vereinsforum.events.models import Audience, Event, EventKind
from vereinsforum.events.views import PAGE_SIZE

pytestmark = pytest.mark.django_db

URL = "/veranstaltungen/"


def _events(programme, count: int, *, past: bool = False, kind=EventKind.TRAINING) -> None:
    now = timezone.now()
    sign = -1 if past else 1
    Event.objects.bulk_create(
        Event(
            programme=programme,
            kind=kind,
            title=f"{kind} {'past' if past else 'next'} {n}",
            start=now + sign * timedelta(days=n + 2),
            end=now + sign * timedelta(days=n + 2) + timedelta(hours=2),
            audience=Audience.PUBLIC,
        )
        for n in range(count)
    )


def _titles(response) -> list[str]:
    return [str(event) for event in response.context["upcoming"]]


def test_fifty_upcoming_events_a_page_in_order(client, programme):
    _events(programme, PAGE_SIZE * 2 + 3)
    first = client.get(URL)
    assert len(first.context["upcoming"]) == PAGE_SIZE
    assert _titles(first)[0] == "training next 0"
    assert 'href="?page=2"' in first.content.decode()
    third = client.get(URL, {"page": 3})
    assert _titles(third) == [f"training next {n}" for n in range(100, 103)]
    assert 'href="?page=2"' in third.content.decode() and "?page=4" not in third.content.decode()
    # a page beyond the last (or not a number) shows the last (or the first), as elsewhere
    assert _titles(client.get(URL, {"page": 99})) == _titles(third)
    assert _titles(client.get(URL, {"page": "x"})) == _titles(first)


def test_the_filter_stays_in_the_page_links(client, programme):
    _events(programme, PAGE_SIZE + 1, kind=EventKind.WORKSHOP)
    _events(programme, PAGE_SIZE + 1)
    response = client.get(URL, {"kind": EventKind.WORKSHOP})
    assert all(event.kind == EventKind.WORKSHOP for event in response.context["upcoming"])
    assert response.context["upcoming"].paginator.count == PAGE_SIZE + 1
    assert 'href="?kind=workshop&amp;page=2"' in response.content.decode()
    second = client.get(URL, {"kind": EventKind.WORKSHOP, "page": 2})
    assert _titles(second) == [f"workshop next {PAGE_SIZE}"]


def test_past_events_are_paged_apart_from_the_upcoming(client, programme):
    _events(programme, PAGE_SIZE + 1)
    _events(programme, PAGE_SIZE + 5, past=True)
    response = client.get(URL, {"page": 2, "past_page": 2})
    assert _titles(response) == [f"training next {PAGE_SIZE}"]
    past = [str(event) for event in response.context["past"]]
    assert past == [f"training past {n}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]  # latest first
    html = response.content.decode()
    # each part's links change its own parameter and keep the other's
    assert 'href="?page=1&amp;past_page=2"' in html
    assert 'href="?page=2&amp;past_page=1"' in html
    assert html.count('<nav class="pagination"') == 2


def test_one_page_needs_no_navigation(client, programme):
    _events(programme, 3)
    assert '<nav class="pagination"' not in client.get(URL).content.decode()
