"""The working groups' services: forming a group, members, meetings, tasks, documents,
erasure, and what the audit log keeps of them."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from vereinsforum.audit.labels import ACTION_LABELS
from vereinsforum.audit.models import AuditEntry
from vereinsforum.events.models import EventKind, Invitation
from vereinsforum.measures.progress import measure_progress
from vereinsforum.organisations.services import person_pseudonymise
from vereinsforum.testing import factories
from vereinsforum.workinggroups.models import Document, Membership, Task, TaskStatus
from vereinsforum.workinggroups.services import (
    ERASED,
    document_delete,
    document_upload,
    meeting_create,
    membership_add,
    membership_end,
    task_create,
    task_status_change,
    task_update,
    working_group_update,
)
from vereinsforum.workinggroups.uploads import MAX_BYTES


def _docx(text: str = "Tagesordnung") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _actions(target) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_forming_a_group_is_audited_and_labelled(group):
    entries = AuditEntry.objects.filter(target_type="workinggroups.workinggroup")
    assert list(entries.order_by("pk").values_list("action", flat=True)) == [
        "working_group.create",
        "working_group.member_add",
    ]
    assert {"working_group.create", "working_group.member_add"} <= ACTION_LABELS.keys()


def test_the_mandate_is_not_written_into_the_audit_log(coordinator, group):
    working_group_update(
        actor=coordinator,
        group=group,
        name=group.name,
        formed_on=group.formed_on,
        mandate="Olga Iwanowa schreibt Kapitel 2.",
        lead=group.lead,
        fields=group.fields.all(),
        measure=group.measure,
    )
    entry = AuditEntry.objects.filter(action="working_group.update").get()
    assert "Olga" not in str(entry.changes)
    assert entry.changes["mandate"][1] == "•••"


def test_a_member_must_hold_a_role_in_the_association_they_join_for(
    coordinator, group, other_association
):
    stranger = factories.PersonFactory()
    with pytest.raises(ValidationError) as caught:
        membership_add(
            actor=coordinator, group=group, person=stranger, organisation=other_association
        )
    assert "person" in caught.value.message_dict
    assert group.memberships.count() == 1


def test_a_person_is_a_current_member_only_once(coordinator, group, treasurer, association):
    with pytest.raises(ValidationError):
        membership_add(actor=coordinator, group=group, person=treasurer, organisation=association)
    # The database refuses it too, whatever a service might miss.
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            group=group, person=treasurer, organisation=association, joined_on=date(2008, 1, 1)
        )


def test_leaving_keeps_the_row_and_the_person_may_join_again(
    coordinator, group, treasurer, association
):
    membership = group.memberships.get()
    membership_end(actor=coordinator, membership=membership, left_on=date(2008, 3, 1))
    assert group.current_memberships().count() == 0
    assert group.memberships.get().left_on == date(2008, 3, 1)
    again = membership_add(
        actor=coordinator,
        group=group,
        person=treasurer,
        organisation=association,
        joined_on=date(2008, 6, 1),
    )
    assert list(group.current_memberships()) == [again]
    with pytest.raises(ValidationError):
        membership_end(actor=coordinator, membership=membership)


def test_a_meeting_to_come_is_a_working_group_event_inviting_the_members(
    coordinator, group, association, other_association
):
    start = timezone.now() + timedelta(days=10)
    event = meeting_create(
        actor=coordinator,
        group=group,
        title="Arbeitsgruppe – 2. Treffen",
        start=start,
        end=start + timedelta(hours=2),
    )
    assert event.kind == EventKind.WORKING_GROUP
    assert list(group.meetings.all()) == [event]
    assert list(event.fields.values_list("key", flat=True)) == ["bookkeeping"]
    invited = set(Invitation.objects.filter(event=event).values_list("organisation", flat=True))
    assert invited == {association.pk}
    assert "working_group.meeting_add" in _actions(group)


def test_a_past_meeting_entered_afterwards_invites_nobody(coordinator, group):
    start = timezone.make_aware(datetime(2007, 11, 7, 18))
    event = meeting_create(
        actor=coordinator, group=group, title="1. Treffen", start=start, end=start + timedelta(2)
    )
    assert not Invitation.objects.filter(event=event).exists()


def test_task_status_records_the_day_it_was_done_and_forgets_it_when_reopened(
    coordinator, group, treasurer
):
    task = task_create(
        actor=coordinator,
        group=group,
        title="Gliederung",
        owner=treasurer,
        due_on=date(2007, 11, 30),
    )
    task = task_status_change(
        actor=coordinator, task=task, status=TaskStatus.DONE, on=date(2007, 11, 28)
    )
    assert (task.status, task.done_on) == (TaskStatus.DONE, date(2007, 11, 28))
    task = task_status_change(actor=coordinator, task=task, status=TaskStatus.IN_PROGRESS)
    assert (task.status, task.done_on) == (TaskStatus.IN_PROGRESS, None)
    entries = AuditEntry.objects.filter(action="task.status_change", target_id=str(task.pk))
    assert [e.changes["status"] for e in entries.order_by("pk")] == [
        ["open", "done"],
        ["done", "in_progress"],
    ]
    # The database keeps done and its date together.
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, done_on=None)


def test_a_task_belongs_to_the_lead_or_a_current_member(coordinator, group, other_association):
    outsider_person = factories.AffiliationFactory(organisation=other_association).person
    with pytest.raises(ValidationError) as caught:
        task_create(actor=coordinator, group=group, title="Kapitel 3", owner=outsider_person)
    assert "owner" in caught.value.message_dict
    task = task_create(actor=coordinator, group=group, title="Kapitel 3")
    task_update(actor=coordinator, task=task, title="Kapitel 3 (Kasse)", owner=group.lead)
    entry = AuditEntry.objects.get(action="task.update")
    assert entry.changes["title"] == ["•••", "•••"]


def test_a_document_is_stored_under_a_random_name_with_its_checksum(coordinator, group, settings):
    content = _docx()
    document = document_upload(
        actor=coordinator,
        group=group,
        title="Tagesordnung",
        upload=SimpleUploadedFile("Tagesordnung Olga.docx", content),
    )
    assert document.filename == "Tagesordnung Olga.docx"
    assert "Olga" not in document.file.name
    assert document.file.name.startswith("workinggroups/")
    assert (settings.PRIVATE_ROOT / document.file.name).read_bytes() == content
    # Not under MEDIA_ROOT, which runserver with DEBUG serves to anyone.
    assert not (settings.MEDIA_ROOT / document.file.name).exists()
    assert document.size == len(content)
    assert document.content_type.endswith("wordprocessingml.document")
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018 - no public address exists
    assert _actions(document) == ["document.upload"]


@pytest.mark.parametrize(
    ("name", "content", "german"),
    [
        ("tool.exe", b"MZ\x90\x00", "Dieser Dateityp wird nicht angenommen"),
        ("tool.pdf", b"MZ\x90\x00 not a pdf", "passt nicht zu ihrem Typ"),
        # A zip renamed .docx: the signature matches, but it holds no Word document.
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 30, "passt nicht zu ihrem Typ"),
        ("big.pdf", b"%PDF-" + b"0" * MAX_BYTES, "größer als 10 MB"),
    ],
    ids=["type", "signature", "zip", "size"],
)
def test_a_refused_upload_says_why_in_german_and_stores_nothing(
    coordinator, group, settings, name, content, german
):
    with translation.override("de"), pytest.raises(ValidationError) as caught:
        document_upload(
            actor=coordinator, group=group, title="X", upload=SimpleUploadedFile(name, content)
        )
    assert german in " ".join(caught.value.message_dict["file"])
    assert not Document.objects.exists()
    assert not (settings.PRIVATE_ROOT / "workinggroups").exists()


def test_deleting_a_document_removes_its_file_once_committed(
    coordinator, group, settings, django_capture_on_commit_callbacks
):
    document = document_upload(
        actor=coordinator,
        group=group,
        title="Agenda",
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 agenda"),
    )
    path = settings.PRIVATE_ROOT / document.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(actor=coordinator, document=document)
    assert not Document.objects.exists()
    assert "document.delete" in _actions(document)
    assert not path.exists()


def test_erasure_keeps_the_rows_and_blanks_the_name_out_of_the_group_texts(
    coordinator, group, treasurer
):
    name = treasurer.full_name
    working_group_update(
        actor=coordinator,
        group=group,
        name=group.name,
        formed_on=group.formed_on,
        mandate=f"Kapitel 1 schreibt {name}.",
        lead=treasurer,
        fields=group.fields.all(),
        measure=group.measure,
    )
    task = task_create(actor=coordinator, group=group, title=f"{name.upper()} fragt nach")
    document = document_upload(
        actor=coordinator,
        group=group,
        title=f"Entwurf von {name}",
        upload=SimpleUploadedFile(f"{name}.pdf", b"%PDF-1.4"),
    )
    person_pseudonymise(actor=coordinator, person=treasurer)
    group.refresh_from_db()
    task.refresh_from_db()
    document.refresh_from_db()
    assert group.mandate == f"Kapitel 1 schreibt {ERASED}."
    assert task.title == f"{ERASED} fragt nach"
    assert (document.title, document.filename) == (f"Entwurf von {ERASED}", f"{ERASED}.pdf")
    # The rows stay and point at the person, whose name is gone.
    assert group.lead_id == treasurer.pk
    assert group.memberships.get().person_id == treasurer.pk
    with translation.override("en"):
        assert group.lead.full_name == f"Erased person #{treasurer.pk}"


@pytest.fixture
def english():
    """The progress part's label, read in English."""
    with translation.override("en"):
        yield


def test_progress_counts_the_tasks_of_the_measures_groups(english, coordinator, group, measure):
    assert [p.label for p in measure_progress(measure).parts if "task" in p.label.lower()] == [
        "Working group tasks done"
    ]
    tasks = [task_create(actor=coordinator, group=group, title=f"Kapitel {i}") for i in range(5)]
    for task in tasks[:2]:
        task_status_change(actor=coordinator, task=task, status=TaskStatus.DONE)
    task_status_change(actor=coordinator, task=tasks[2], status=TaskStatus.IN_PROGRESS)
    part = next(p for p in measure_progress(measure).parts if p.label == "Working group tasks done")
    assert (part.done, part.total) == (2, 5)
    assert part.url == f"/arbeitsgruppen/{group.pk}/"


def test_a_measure_without_a_group_gets_no_task_part(english, programme):
    from vereinsforum.measures.models import Measure, MeasureKind

    bare = Measure.objects.create(programme=programme, kind=MeasureKind.TRAINING, title="Kurs")
    assert [p for p in measure_progress(bare).parts if p.label == "Working group tasks done"] == []
