"""The working groups' pages: who sees a group (staff, current member associations) and who
is not told it exists; tasks, uploads and downloads; the staff's forms."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.organisations.services import affiliation_end
from vereinsforum.testing import factories
from vereinsforum.workinggroups.models import Document, Task, TaskStatus, WorkingGroup
from vereinsforum.workinggroups.services import (
    document_upload,
    membership_add,
    membership_end,
    task_create,
    task_status_change,
)


@pytest.fixture
def task(coordinator, group, treasurer):
    return task_create(
        actor=coordinator,
        group=group,
        title="Gliederung des Leitfadens",
        owner=treasurer,
        due_on=date(2007, 11, 30),
    )


@pytest.fixture
def document(coordinator, group):
    return document_upload(
        actor=coordinator,
        group=group,
        title="Tagesordnung 1. Treffen",
        upload=SimpleUploadedFile("Tagesordnung.pdf", b"%PDF-1.4 Tagesordnung"),
    )


def _as(client, user):
    client.force_login(user)
    return client


def test_staff_and_the_member_association_read_the_group(
    client, coordinator, team_member, representative, group, task, document, treasurer
):
    for user in (coordinator, team_member, representative):
        response = _as(client, user).get(reverse("workinggroups:detail", args=[group.pk]))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Erarbeitung eines Leitfadens Vereinsbuchhaltung" in body
        assert treasurer.full_name in body
        assert "Anadolu e.V." in body
        assert "Gliederung des Leitfadens" in body
        assert reverse("workinggroups:document", args=[document.pk]) in body
        # Only staff change the group itself.
        assert (reverse("workinggroups:edit", args=[group.pk]) in body) == (user != representative)
        listing = client.get(reverse("workinggroups:list")).content.decode()
        assert reverse("workinggroups:detail", args=[group.pk]) in listing


def test_an_outsider_is_not_told_the_group_exists(client, outsider, group, task, document):
    client = _as(client, outsider)
    for url in (
        reverse("workinggroups:detail", args=[group.pk]),
        reverse("workinggroups:task_add", args=[group.pk]),
        reverse("workinggroups:task_edit", args=[task.pk]),
        reverse("workinggroups:document", args=[document.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("workinggroups:task_status", args=[task.pk]), {"status": "done"})
    assert response.status_code == 404
    upload = client.post(
        reverse("workinggroups:document_add", args=[group.pk]),
        {"title": "X", "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")},
    )
    assert upload.status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert Document.objects.count() == 1
    assert (
        reverse("workinggroups:detail", args=[group.pk])
        not in client.get(reverse("workinggroups:list")).content.decode()
    )


def test_the_association_of_a_former_member_no_longer_sees_the_group(
    client, coordinator, representative, group, document
):
    membership_end(actor=coordinator, membership=group.memberships.get(), left_on=date(2008, 3, 1))
    client = _as(client, representative)
    assert client.get(reverse("workinggroups:detail", args=[group.pk])).status_code == 404
    assert client.get(reverse("workinggroups:document", args=[document.pk])).status_code == 404


def test_a_representative_whose_own_role_ended_loses_access(
    client, coordinator, representative, group
):
    affiliation = representative.person.affiliations.get()
    affiliation_end(actor=coordinator, affiliation=affiliation, end=date.today())
    response = _as(client, representative).get(reverse("workinggroups:detail", args=[group.pk]))
    assert response.status_code == 403


def test_interviewers_and_the_public_have_no_working_groups(client, interviewer, group):
    url = reverse("workinggroups:detail", args=[group.pk])
    assert client.get(url).status_code == 302  # to the login
    assert _as(client, interviewer).get(url).status_code == 403


def test_representatives_work_on_tasks_but_do_not_manage_the_group(
    client, representative, group, treasurer
):
    client = _as(client, representative)
    response = client.post(
        reverse("workinggroups:task_add", args=[group.pk]),
        {"title": "Kapitel Kassenprüfung", "owner": treasurer.pk, "due_on": "2008-01-31"},
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Kapitel Kassenprüfung")
    assert (task.owner, task.due_on) == (treasurer, date(2008, 1, 31))
    for name in ("edit", "member_add", "meeting_add"):
        assert client.get(reverse(f"workinggroups:{name}", args=[group.pk])).status_code == 403


def test_htmx_status_change_returns_only_the_row(client, representative, task):
    response = _as(client, representative).post(
        reverse("workinggroups:task_status", args=[task.pk]),
        {"status": "in_progress"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tr class="kern-table__row" id="task-{task.pk}">')
    assert "<html" not in body
    assert 'data-status="in_progress"' in body
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    entry = AuditEntry.objects.get(action="task.status_change")
    assert entry.actor == representative


def test_an_unknown_status_is_refused(client, representative, task):
    response = _as(client, representative).post(
        reverse("workinggroups:task_status", args=[task.pk]),
        {"status": "abandoned"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_download_is_an_attachment_with_the_stored_bytes(client, representative, document):
    response = _as(client, representative).get(
        reverse("workinggroups:document", args=[document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 Tagesordnung"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="Tagesordnung.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_links_a_document_by_its_media_address(client, coordinator, group, document):
    body = _as(client, coordinator).get(reverse("workinggroups:detail", args=[group.pk]))
    assert "/media/" not in body.content.decode()
    assert document.file.name not in body.content.decode()


def test_a_refused_upload_shows_the_german_reason_on_the_page(client, representative, group):
    response = _as(client, representative).post(
        reverse("workinggroups:document_add", args=[group.pk]),
        {"title": "Programm", "file": SimpleUploadedFile("setup.exe", b"MZ\x90\x00")},
    )
    assert response.status_code == 400
    assert "Dieser Dateityp wird nicht angenommen" in response.content.decode()
    assert not Document.objects.filter(title="Programm").exists()


def test_a_representative_uploads_for_their_group(client, representative, group):
    response = _as(client, representative).post(
        reverse("workinggroups:document_add", args=[group.pk]),
        {
            "title": "Kassenbuch-Vorlage",
            "file": SimpleUploadedFile("kasse.png", b"\x89PNG\r\n\x1a\n.."),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Kassenbuch-Vorlage")
    assert document.uploaded_by == representative
    assert document.content_type == "image/png"


def test_staff_form_a_group_and_add_a_member(
    client, coordinator, programme, other_association, measure
):
    contact = factories.AffiliationFactory(
        organisation=other_association, role="treasurer", start=date(2007, 1, 1)
    )
    client = _as(client, coordinator)
    response = client.post(
        reverse("workinggroups:create"),
        {
            "name": "AG Räume",
            "mandate": "Gemeinsame Nutzung von Räumen",
            "lead": contact.person.pk,
            "fields": [programme.fields.get(key="premises").pk],
            "measure": measure.pk,
            "formed_on": "2008-02-13",
        },
    )
    group = WorkingGroup.objects.get(name="AG Räume")
    assert response.status_code == 302
    assert response["Location"] == reverse("workinggroups:detail", args=[group.pk])
    response = client.post(
        reverse("workinggroups:member_add", args=[group.pk]),
        {"affiliation": contact.pk, "joined_on": "2008-02-13"},
    )
    assert response.status_code == 302
    membership = group.memberships.get()
    assert (membership.person, membership.organisation) == (contact.person, other_association)
    # Joining before the group was formed is refused on the form.
    again = client.post(
        reverse("workinggroups:member_add", args=[group.pk]),
        {"affiliation": contact.pk, "joined_on": "2008-01-01"},
    )
    assert again.status_code == 400


def test_members_of_one_group_do_not_see_another(
    client, coordinator, programme, representative, outsider, other_association, group
):
    contact = factories.AffiliationFactory(
        organisation=other_association, role="treasurer", start=date(2007, 1, 1)
    ).person
    theirs = WorkingGroup.objects.create(
        programme=programme, name="AG Centro", formed_on=date(2008, 1, 1)
    )
    membership_add(
        actor=coordinator,
        group=theirs,
        person=contact,
        organisation=other_association,
        joined_on=date(2008, 1, 1),
    )
    mine = _as(client, representative).get(reverse("workinggroups:list")).content.decode()
    assert "AG Centro" not in mine
    assert group.name in mine
    response = client.get(reverse("workinggroups:detail", args=[theirs.pk]))
    assert response.status_code == 404
    theirs_list = _as(client, outsider).get(reverse("workinggroups:list")).content.decode()
    assert "AG Centro" in theirs_list
    assert not re.search(re.escape(group.name), theirs_list)


def test_staff_schedule_a_meeting_that_invites_the_members(client, coordinator, group, association):
    from vereinsforum.events.models import EventKind, Invitation

    response = _as(client, coordinator).post(
        reverse("workinggroups:meeting_add", args=[group.pk]),
        {
            "title": "AG Buchhaltung – Treffen",
            "start": "2099-03-04T18:00",
            "end": "2099-03-04T20:00",
        },
    )
    assert response.status_code == 302
    event = group.meetings.get()
    assert (event.kind, event.title) == (EventKind.WORKING_GROUP, "AG Buchhaltung – Treffen")
    assert list(Invitation.objects.filter(event=event).values_list("organisation", flat=True)) == [
        association.pk
    ]
    body = client.get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    assert reverse("events:detail", args=[event.pk]) in body


def test_staff_end_a_membership_and_it_shows_as_former(client, coordinator, group, treasurer):
    membership = group.memberships.get()
    client = _as(client, coordinator)
    response = client.post(reverse("workinggroups:member_remove", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.left_on is not None
    page = client.get(reverse("workinggroups:detail", args=[group.pk]))
    assert list(page.context["former_members"]) == [membership]
    assert list(page.context["members"]) == []
    assert treasurer.full_name in page.content.decode()


def test_the_owner_finds_their_open_task_on_the_dashboard(
    client, coordinator, representative, group, association
):
    membership_add(
        actor=coordinator,
        group=group,
        person=representative.person,
        organisation=association,
        joined_on=date(2007, 10, 10),
    )
    task_create(
        actor=coordinator, group=group, title="Kassenprüfung klären", owner=representative.person
    )
    body = _as(client, representative).get(reverse("web:dashboard")).content.decode()
    assert "Kassenprüfung klären" in body
    assert reverse("workinggroups:detail", args=[group.pk]) in body


def test_a_non_ascii_file_name_is_kept_for_the_download(client, coordinator, group):
    document = document_upload(
        actor=coordinator,
        group=group,
        title="Übersicht",
        upload=SimpleUploadedFile("Übersicht Kasse.pdf", b"%PDF-1.4"),
    )
    response = _as(client, coordinator).get(reverse("workinggroups:document", args=[document.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%C3%9Cbersicht%20Kasse.pdf" in disposition


def test_tasks_to_do_come_first_then_the_done_ones(client, coordinator, group):
    done = task_create(actor=coordinator, group=group, title="Erledigt", due_on=date(2007, 11, 1))
    task_status_change(actor=coordinator, task=done, status=TaskStatus.DONE)
    later = task_create(actor=coordinator, group=group, title="Später", due_on=date(2008, 5, 1))
    undated = task_create(actor=coordinator, group=group, title="Irgendwann")
    sooner = task_create(actor=coordinator, group=group, title="Bald", due_on=date(2008, 1, 1))
    page = _as(client, coordinator).get(reverse("workinggroups:detail", args=[group.pk]))
    assert list(page.context["tasks"]) == [sooner, later, undated, done]
