"""External lists: pagination in a stable order, and the four time filters."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

from vereinsforum.events.models import Event
from vereinsforum.organisations.models import Organisation, OrganisationKind
from vereinsforum.testing.factories import OrganisationFactory

BERLIN = ZoneInfo("Europe/Berlin")


def _path(url: str) -> str:
    from django.conf import settings

    return url.removeprefix(settings.SITE_URL)


def body_list(client, world, name: str, query: str = ""):
    url = f"/oparl/v1/body/{world.city.pk}/{name}"
    return client.get(f"{url}?{query}" if query else url)


def ids(page: dict) -> list[str]:
    return [item["id"] for item in page["data"]]


@pytest.fixture
def many_departments(world):
    return [
        OrganisationFactory(kind=OrganisationKind.DEPARTMENT, parent=world.division, name=f"R {n}")
        for n in range(7)
    ]


def test_pages_follow_links_next_in_a_stable_order_without_gaps(world, client, many_departments):
    first = body_list(client, world, "organization", "elementsPerPage=4").json()
    assert first["pagination"] == {
        "totalElements": 12,
        "elementsPerPage": 4,
        "currentPage": 1,
        "totalPages": 3,
    }
    assert "prev" not in first["links"]
    seen, page = [], first
    while True:
        seen += ids(page)
        if "next" not in page["links"]:
            break
        assert "elementsPerPage=4" in page["links"]["next"]
        page = client.get(_path(page["links"]["next"])).json()
    assert page["links"]["self"] == first["links"]["last"]
    assert page["links"]["prev"].endswith("page=2")
    assert len(seen) == len(set(seen)) == 12
    # Organisations by id first, then the forum: the same order on every request.
    org_pks = sorted(
        Organisation.objects.filter(
            pk__in=[int(i.rsplit("/", 1)[1]) for i in seen if i.rsplit("/", 1)[1].isdigit()]
        ).values_list("pk", flat=True)
    )
    assert seen[:11] == [f"{seen[0].rsplit('/', 1)[0]}/{pk}" for pk in org_pks]
    assert seen[11].endswith(f"/organization/forum-{world.forum.pk}")
    again = body_list(client, world, "organization", "elementsPerPage=4&page=2").json()
    assert ids(again) == seen[4:8]


def test_page_errors_are_json(world, client):
    too_far = body_list(client, world, "paper", "page=9")
    assert too_far.status_code == 404
    assert too_far.json()["error"]["parameter"] == "page"
    bad = body_list(client, world, "paper", "page=zwei")
    assert bad.status_code == 400
    assert bad.json()["error"]["parameter"] == "page"
    assert bad.headers["Access-Control-Allow-Origin"] == "*"
    assert body_list(client, world, "paper", "elementsPerPage=0").status_code == 400


def test_page_size_is_capped(world, client):
    page = body_list(client, world, "organization", "elementsPerPage=5000").json()
    assert page["pagination"]["elementsPerPage"] == 100


def _set_times(event: Event, created: datetime, modified: datetime) -> None:
    Event.objects.filter(pk=event.pk).update(created=created, modified=modified)


@pytest.fixture
def timed_meetings(world):
    """The three meetings created and modified on known days of 2020."""
    days = {}
    for n, event in enumerate([*world.sessions, world.committee_meeting]):
        created = datetime(2020, 1, 10 + n, 12, 0, 0, 500000, tzinfo=BERLIN)
        _set_times(event, created, created + timedelta(days=10))
        days[event.pk] = created
    # The meetings' modified also follows their agenda and reports: pin those too.
    from vereinsforum.forum.models import ForumSession
    from vereinsforum.reports.models import Report

    ForumSession.objects.update(modified=datetime(2019, 1, 1, tzinfo=BERLIN))
    Report.objects.update(modified=datetime(2019, 1, 1, tzinfo=BERLIN))
    return days


def meeting_ids(client, world, query: str) -> set[int]:
    response = body_list(client, world, "meeting", query)
    assert response.status_code == 200, response.content
    return {int(i.rsplit("/", 1)[1]) for i in ids(response.json())}


def test_created_and_modified_filters(world, client, timed_meetings):
    first, second, committee = [*world.sessions, world.committee_meeting]
    since = quote("2020-01-11T00:00:00+01:00")
    assert meeting_ids(client, world, f"created_since={since}") == {second.pk, committee.pk}
    until = quote("2020-01-11T23:59:59+01:00")
    assert meeting_ids(client, world, f"created_until={until}") == {first.pk, second.pk}
    assert meeting_ids(client, world, f"created_since={since}&created_until={until}") == {second.pk}
    modified = quote("2020-01-22T00:00:00+01:00")
    assert meeting_ids(client, world, f"modified_since={modified}") == {committee.pk}
    assert meeting_ids(client, world, f"modified_until={modified}") == {first.pk, second.pk}


def test_until_includes_the_second_clients_see(world, client, timed_meetings):
    first = world.sessions[0]
    shown = client.get(f"/oparl/v1/meeting/{first.pk}").json()["created"]
    assert shown == "2020-01-10T12:00:00+01:00"  # stored with .5 s, shown to the second
    assert first.pk in meeting_ids(client, world, f"created_until={quote(shown)}")
    assert first.pk in meeting_ids(client, world, f"created_since={quote(shown)}")


def test_filters_travel_with_the_page_links(world, client, timed_meetings):
    since = "2020-01-01T00:00:00+01:00"
    page = body_list(client, world, "meeting", f"modified_since={quote(since)}&elementsPerPage=1")
    links = page.json()["links"]
    for name in ("first", "next", "last", "self"):
        assert "modified_since=2020-01-01T00%3A00%3A00%2B01%3A00" in links[name], name
    follow = client.get(_path(links["next"])).json()
    assert follow["pagination"]["totalElements"] == 3


def test_an_unencoded_plus_is_still_understood(world, client, timed_meetings):
    # "+01:00" typed into a browser arrives as " 01:00".
    assert meeting_ids(client, world, "created_since=2020-01-12T00:00:00+01:00") == {
        world.committee_meeting.pk
    }


@pytest.mark.parametrize("value", ["gestern", "2020-01-11", "2020-13-01T00:00:00+01:00", ""])
@pytest.mark.parametrize(
    "parameter", ["created_since", "created_until", "modified_since", "modified_until"]
)
def test_bad_filter_values_get_a_clear_400(world, client, parameter, value):
    response = body_list(client, world, "meeting", f"{parameter}={quote(value)}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert parameter in error["message"] and "ISO 8601" in error["message"]


def test_error_messages_follow_the_requested_language(world, client):
    response = body_list(
        client,
        world,
        "meeting",
        "created_since=x",
    )
    german = client.get(
        f"/oparl/v1/body/{world.city.pk}/meeting?created_since=x", HTTP_ACCEPT_LANGUAGE="de"
    ).json()["error"]["message"]
    english = client.get(
        f"/oparl/v1/body/{world.city.pk}/meeting?created_since=x", HTTP_ACCEPT_LANGUAGE="en"
    ).json()["error"]["message"]
    assert response.status_code == 400
    assert german != english
    assert english.startswith("created_since must be")


def test_every_body_list_accepts_the_filters(world, client):
    body = client.get(f"/oparl/v1/body/{world.city.pk}").json()
    future = quote("2999-01-01T00:00:00+01:00")
    lists = [
        body[k]
        for k in (
            "organization",
            "person",
            "meeting",
            "paper",
            "agendaItem",
            "consultation",
            "file",
            "locationList",
            "legislativeTermList",
            "membership",
        )
    ]
    for url in [*lists, f"{body['system']}".replace("/system", "/bodies")]:
        everything = client.get(_path(url)).json()
        assert everything["pagination"]["totalElements"] > 0, url
        none = client.get(f"{_path(url)}?created_since={future}").json()
        assert none["data"] == [] and none["pagination"]["totalElements"] == 0, url
        past = client.get(f"{_path(url)}?modified_until={quote('2000-01-01T00:00:00+01:00')}")
        assert past.json()["data"] == [], url
