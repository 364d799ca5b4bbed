"""Soft deletion as OParl requires: the URL stays, answering id, type, created, modified and
`deleted: true`; deleted main objects stay in their lists; modified is the time of deletion."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vereinsforum.events.models import Event
from vereinsforum.lib.actors import TEST
from vereinsforum.oparl.services import publication_basis_revoke, tombstone_record
from vereinsforum.reports.models import Report

BERLIN = ZoneInfo("Europe/Berlin")
STUB_KEYS = {"id", "type", "created", "modified", "deleted"}


def get(client, url: str):
    from django.conf import settings

    response = client.get(url.removeprefix(settings.SITE_URL))
    assert response.status_code == 200, (url, response.content)
    return response.json()


def soft_delete(report: Report, at: datetime) -> None:
    # As the reports app's delete service does: the row stays, deleted_at is set.
    Report.objects.filter(pk=report.pk).update(deleted_at=at, modified=at)


def test_a_deleted_paper_answers_as_a_deleted_stub_and_stays_listed(world, client):
    paper_url = f"/oparl/v1/paper/{world.report.pk}"
    before = client.get(paper_url).json()
    deleted_at = datetime(2030, 5, 1, 9, 30, 15, 123456, tzinfo=BERLIN)
    soft_delete(world.report, deleted_at)

    stub = client.get(paper_url).json()
    assert set(stub) == STUB_KEYS
    assert stub["deleted"] is True
    assert stub["id"] == before["id"] and stub["type"] == before["type"]
    assert stub["created"] == before["created"]
    assert stub["modified"] == "2030-05-01T09:30:15+02:00"

    papers = get(client, f"/oparl/v1/body/{world.city.pk}/paper")["data"]
    assert papers == [stub]
    # A client syncing since just before the deletion learns of it.
    since = quote("2030-05-01T09:00:00+02:00")
    changed = get(client, f"/oparl/v1/body/{world.city.pk}/paper?modified_since={since}")
    assert [p["id"] for p in changed["data"]] == [stub["id"]]


def test_the_files_of_a_deleted_paper_are_deleted_too(world, client):
    soft_delete(world.report, timezone.now())
    pdf = world.files["pdf"]
    stub = client.get(f"/oparl/v1/file/{pdf.pk}").json()
    assert set(stub) == STUB_KEYS and stub["deleted"] is True
    files = get(client, f"/oparl/v1/body/{world.city.pk}/file")["data"]
    assert all(f.get("deleted") is True for f in files) and len(files) == 2
    # The content itself is gone.
    assert client.get(f"/oparl/v1/file/{pdf.pk}/access").status_code == 410
    assert client.get(f"/oparl/v1/file/{pdf.pk}/download").status_code == 410


def test_sub_objects_of_a_deleted_paper_vanish_and_the_meeting_is_modified(world, client):
    meeting_url = f"/oparl/v1/meeting/{world.committee_meeting.pk}"
    before = client.get(meeting_url).json()
    assert [i["name"] for i in before["agendaItem"]] == ["VO/0985/07 Sachstandsbericht"]
    deleted_at = datetime(2031, 1, 2, 3, 4, 5, tzinfo=BERLIN)
    soft_delete(world.report, deleted_at)

    after = client.get(meeting_url).json()
    assert after["agendaItem"] == []
    assert after["modified"] == "2031-01-02T03:04:05+01:00"
    assert client.get(f"/oparl/v1/consultation/{world.report.pk}").status_code == 404
    assert client.get(f"/oparl/v1/agendaitem/report-{world.report.pk}").status_code == 404


def test_a_revoked_person_answers_as_deleted(world, client):
    url = f"/oparl/v1/person/{world.delegate_basis.pk}"
    created = client.get(url).json()["created"]
    publication_basis_revoke(actor=TEST, basis=world.delegate_basis)

    stub = client.get(url).json()
    assert set(stub) == STUB_KEYS and stub["created"] == created
    listed = get(client, f"/oparl/v1/body/{world.city.pk}/person")["data"]
    assert stub in listed
    # The delegate's forum seat is a sub-object: it disappears with the person.
    assert client.get(f"/oparl/v1/membership/forum-{world.seat.pk}").status_code == 404
    forum = get(client, f"/oparl/v1/organization/forum-{world.forum.pk}")
    assert forum["membership"] == []
    # The association was public only through its delegate's seat.
    assert client.get(f"/oparl/v1/organization/{world.association.pk}").status_code == 404
    with pytest.raises(ValidationError):
        publication_basis_revoke(actor=TEST, basis=world.delegate_basis)


def test_an_erased_person_answers_as_deleted(world, client):
    world.delegate.pseudonymised_at = timezone.now()
    world.delegate.first_name = world.delegate.last_name = "–"
    world.delegate.save()
    stub = client.get(f"/oparl/v1/person/{world.delegate_basis.pk}").json()
    assert stub["deleted"] is True and "name" not in stub


def test_a_person_row_removed_entirely_keeps_a_deleted_url(world, client):
    world.delegate.forum_delegations.all().delete()
    world.delegate.delete()
    stub = client.get(f"/oparl/v1/person/{world.delegate_basis.pk}").json()
    assert set(stub) == STUB_KEYS


def test_a_tombstone_keeps_a_hard_deleted_meeting(world, client):
    event = world.sessions[1]
    url = f"/oparl/v1/meeting/{event.pk}"
    created = client.get(url).json()["created"]
    tombstone_record(
        actor=TEST,
        object_type="meeting",
        key=str(event.pk),
        body=world.city,
        created=event.created,
    )
    Event.objects.filter(pk=event.pk).delete()

    stub = client.get(url).json()
    assert set(stub) == STUB_KEYS and stub["created"] == created
    meetings = get(client, f"/oparl/v1/body/{world.city.pk}/meeting")["data"]
    assert meetings[-1] == stub
    assert len(meetings) == 3


def test_only_main_objects_get_tombstones(world):
    with pytest.raises(ValidationError):
        tombstone_record(
            actor=TEST,
            object_type="consultation",
            key="1",
            body=world.city,
            created=timezone.now(),
        )


def test_unknown_objects_are_404_not_deleted(world, client):
    response = client.get("/oparl/v1/paper/999999")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
