"""The council papers' services: numbering, issuing and freezing, corrections, attachments."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from vereinsforum.audit.models import AuditEntry
from vereinsforum.programmes.models import Step
from vereinsforum.programmes.services import participation_step_record
from vereinsforum.reports import references
from vereinsforum.reports.drafting.changes import figure_changes
from vereinsforum.reports.models import Report, ReportStatus
from vereinsforum.reports.services import (
    ReportFields,
    report_attachment_add,
    report_correct,
    report_create,
    report_delete,
    report_draft,
    report_issue,
    report_update,
)
from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def test_next_free_reference_follows_the_highest_number_of_the_year(
    coordinator, programme, report_fields, city
):
    assert references.next_free_reference(city, date(2007, 1, 1)) == "VO/0001/07"
    report_create(actor=coordinator, programme=programme, fields=report_fields)
    report_create(
        actor=coordinator,
        programme=programme,
        fields=replace(report_fields, reference="VO/0012/07"),
    )
    report_create(
        actor=coordinator,
        programme=programme,
        fields=replace(report_fields, reference="VO/0999/06"),
    )
    assert references.next_free_reference(city, date(2007, 12, 1)) == "VO/0986/07"
    assert references.next_free_reference(city, date(2006, 12, 1)) == "VO/1000/06"
    assert references.next_free_reference(city, date(2008, 1, 2)) == "VO/0001/08"


def test_reference_is_unique_per_body_with_a_suggestion(
    draft_report, coordinator, programme, report_fields
):
    with pytest.raises(ValidationError) as exc:
        report_create(actor=coordinator, programme=programme, fields=report_fields)
    assert "VO/0986/07" in str(exc.value.message_dict["reference"])
    # Another city may use the same number.
    other_city = factories.OrganisationFactory(kind="other", name="Stadt Solingen")
    other_department = factories.DepartmentFactory(parent=other_city)
    other = report_create(
        actor=coordinator,
        programme=programme,
        fields=replace(report_fields, department=other_department),
    )
    assert other.body == other_city and other.reference == "VO/0985/07"


def test_reference_must_follow_the_scheme(coordinator, programme, report_fields):
    with pytest.raises(ValidationError) as exc:
        report_create(
            actor=coordinator,
            programme=programme,
            fields=replace(report_fields, reference="0985/2007"),
        )
    assert "VO/0001/07" in str(exc.value.message_dict["reference"])  # the example given
    assert not Report.objects.exists()


def test_only_coordinators_write_papers_whoever_calls_the_service(
    draft_report, programme, report_fields, team_member, representative
):
    """The service asks the actor itself: team members read papers but do not write them,
    and nobody outside the office does; a page in front is not what refuses them."""
    for user in (team_member, representative):
        with pytest.raises(PermissionDenied):
            report_create(
                actor=user,
                programme=programme,
                fields=replace(report_fields, reference="VO/0986/07"),
            )
        with pytest.raises(PermissionDenied):
            report_update(
                actor=user,
                report=draft_report,
                fields=replace(ReportFields.of(draft_report), title="Anders"),
            )
        with pytest.raises(PermissionDenied):
            report_draft(actor=user, report=draft_report)
        with pytest.raises(PermissionDenied):
            report_issue(actor=user, report=draft_report)
        with pytest.raises(PermissionDenied):
            report_delete(actor=user, report=draft_report)
    draft_report.refresh_from_db()
    assert draft_report.title == "Sachstand des Projektes" and not draft_report.is_issued
    assert draft_report.deleted_at is None and Report.objects.count() == 1


def test_create_derives_the_body_and_audits(draft_report, city):
    assert draft_report.body == city
    assert draft_report.status == ReportStatus.DRAFT
    assert AuditEntry.objects.filter(
        action="report.create", target_id=str(draft_report.pk)
    ).exists()


def test_issuing_freezes_text_figures_and_files(draft_report, coordinator):
    report = report_issue(actor=coordinator, report=draft_report)
    assert report.status == ReportStatus.ISSUED and report.issued_by == coordinator
    assert report.issued_at.microsecond == 0
    files = {f.format: f for f in report.files.all()}
    assert set(files) == {"pdf", "docx"}
    for f in files.values():
        content = bytes(f.content)
        assert f.sha256 == hashlib.sha256(content).hexdigest()
        assert f.size == len(content)
    assert files["pdf"].filename == "VO-0985-07.pdf"
    assert report.snapshot["explanation"] == "Erster Absatz.\n\nZweiter Absatz."
    assert report.snapshot["files"] == {k: f.sha256 for k, f in files.items()}

    with pytest.raises(ValidationError):
        report_update(
            actor=coordinator,
            report=report,
            fields=replace(ReportFields.of(report), title="Anders"),
        )
    with pytest.raises(ValidationError):
        report_draft(actor=coordinator, report=report)
    with pytest.raises(ValidationError):
        report_issue(actor=coordinator, report=report)
    with pytest.raises(ValidationError):
        report_attachment_add(
            actor=coordinator,
            report=report,
            title="Nachtrag",
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.7 x"),
        )
    report.refresh_from_db()
    assert report.title == "Sachstand des Projektes"
    assert report.files.count() == 2 and not report.attachments.exists()


def test_issuing_needs_the_sections(coordinator, programme, report_fields):
    report = report_create(
        actor=coordinator,
        programme=programme,
        fields=replace(report_fields, proposal="", explanation=""),
    )
    with pytest.raises(ValidationError) as exc:
        report_issue(actor=coordinator, report=report)
    assert "Begründung" in str(exc.value) or "explanatory" in str(exc.value)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and not report.files.exists()


def test_corrections_are_numbered_with_the_practice_suffix(draft_report, coordinator):
    issued = report_issue(actor=coordinator, report=draft_report)
    first = report_correct(actor=coordinator, report=issued)
    assert first.reference == "VO/0985/07/1-A"
    assert first.corrects == issued and first.status == ReportStatus.DRAFT
    assert first.explanation == issued.explanation
    # Only one open correction at a time.
    with pytest.raises(ValidationError):
        report_correct(actor=coordinator, report=issued)
    # A correction keeps its number.
    with pytest.raises(ValidationError):
        report_update(
            actor=coordinator,
            report=first,
            fields=replace(ReportFields.of(first), reference="VO/0001/07"),
        )
    report_update(
        actor=coordinator,
        report=first,
        fields=replace(ReportFields.of(first), title="Sachstand (berichtigt)"),
    )
    first = report_issue(actor=coordinator, report=first)
    second = report_correct(actor=coordinator, report=first)
    assert second.reference == "VO/0985/07/2-A"
    assert second.root() == issued
    # Drafts cannot be corrected, only edited.
    with pytest.raises(ValidationError):
        report_correct(actor=coordinator, report=second)


def test_a_changed_figure_is_shown_with_old_and_new_value(draft_report, coordinator, programme):
    for org in factories.OrganisationFactory.create_batch(3):
        participation_step_record(
            actor=coordinator,
            programme=programme,
            organisation=org,
            step=Step.INVITED,
            on=date(2007, 4, 23),
        )
    report = report_draft(actor=coordinator, report=draft_report, as_of=date(2007, 11, 12))
    assert report.figures["kick_off.invited"]["value"] == 3
    assert "3 Vereine eingeladen" in report.explanation
    assert figure_changes(report) == []

    late = factories.OrganisationFactory()
    participation_step_record(
        actor=coordinator,
        programme=programme,
        organisation=late,
        step=Step.INVITED,
        on=date(2007, 5, 1),
    )
    # A step after the as-of day does not change the figures of the draft.
    participation_step_record(
        actor=coordinator,
        programme=programme,
        organisation=factories.OrganisationFactory(),
        step=Step.INVITED,
        on=date(2008, 1, 1),
    )
    changes = {c.key: c for c in figure_changes(report)}
    assert set(changes) == {"kick_off.invited"}
    assert (changes["kick_off.invited"].old, changes["kick_off.invited"].new) == (3, 4)
    assert changes["kick_off.invited"].label == "Zur Auftaktveranstaltung eingeladene Vereine"


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"


def test_attachment_is_validated_and_checksummed(draft_report, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as exc:
        report_attachment_add(
            actor=coordinator,
            report=draft_report,
            title="Liste",
            upload=SimpleUploadedFile("liste.exe", b"MZ\x90\x00"),
        )
    assert "file" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        report_attachment_add(
            actor=coordinator,
            report=draft_report,
            title="Liste",
            upload=SimpleUploadedFile("liste.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert ".pdf" in str(exc.value.message_dict["file"])
    with pytest.raises(ValidationError):
        report_attachment_add(
            actor=coordinator,
            report=draft_report,
            title="  ",
            upload=SimpleUploadedFile("liste.pdf", PDF),
        )
    assert not draft_report.attachments.exists()

    attachment = report_attachment_add(
        actor=coordinator,
        report=draft_report,
        title="Teilnehmerliste",
        upload=SimpleUploadedFile("liste.pdf", PDF),
    )
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.size == len(PDF) and attachment.mime_type == "application/pdf"
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
