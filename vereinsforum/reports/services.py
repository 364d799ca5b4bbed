"""Writes for council papers. Each runs in a transaction, validates and audits.

An issued paper is frozen: every service here refuses to change it, and a correction is
a new paper with the practice suffix (VO/0985/07/1-A) that points back with `corrects`.
"""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.lib.actors import Actor, user_of
from vereinsforum.organisations.models import Organisation, OrganisationKind
from vereinsforum.programmes.models import Programme
from vereinsforum.reports import references
from vereinsforum.reports.drafting import draft_explanation
from vereinsforum.reports.exporters import EXPORTERS
from vereinsforum.reports.models import (
    Report,
    ReportAttachment,
    ReportFile,
    ReportStatus,
)

#: The fields staff write; the rest (status, figures, snapshot …) only services set.
EDITABLE = (
    "paper_type",
    "reference",
    "title",
    "date",
    "division",
    "department",
    "officer_name",
    "officer_phone",
    "officer_fax",
    "officer_email",
    "committee",
    "meeting",
    "meeting_date",
    "resolution_quality",
    "public",
    "reason",
    "proposal",
    "signatory",
    "explanation",
)
#: What the frozen snapshot keeps beside the files.
SNAPSHOT_FIELDS = (*EDITABLE, "body", "programme", "corrects", "figures", "drafted_as_of")

#: Attachments the council's information system accepts, by extension, with their
#: signatures (the first bytes), so a renamed executable is not published as a PDF.
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def body_of(department: Organisation) -> Organisation:
    """The city a department belongs to: the top of its organisation tree."""
    body = department
    seen = set()
    while body.parent_id and body.pk not in seen:
        seen.add(body.pk)
        body = body.parent
    return body


def _refuse_if_issued(report: Report) -> None:
    if report.status == ReportStatus.ISSUED:
        raise ValidationError(
            _(
                "%(reference)s has been issued and can no longer be changed; write a correction "
                "instead."
            )
            % {"reference": report.reference}
        )


def _check_fields(report: Report) -> None:
    if report.department.kind != OrganisationKind.DEPARTMENT:
        raise ValidationError({"department": _("Choose a department of the city.")})
    if report.committee.kind != OrganisationKind.COMMITTEE:
        raise ValidationError({"committee": _("Choose a council committee.")})
    if report.meeting_id:
        if report.meeting.kind != "committee":
            raise ValidationError({"meeting": _("Choose a committee meeting.")})
        if timezone.localtime(report.meeting.start).date() != report.meeting_date:
            raise ValidationError(
                {"meeting_date": _("The meeting date must be the date of the chosen meeting.")}
            )
    if report.corrects_id is None and not references.is_original(report.reference):
        raise ValidationError(
            {
                "reference": _("Use the city's scheme VO/NNNN/YY, e.g. %(example)s.")
                % {"example": references.next_free_reference(report.body, report.date)}
            }
        )
    clash = Report.objects.filter(body=report.body, reference=report.reference)
    if report.pk:
        clash = clash.exclude(pk=report.pk)
    if clash.exists():
        raise ValidationError(
            {
                "reference": _(
                    "%(reference)s is already taken; the next free number is %(suggestion)s."
                )
                % {
                    "reference": report.reference,
                    "suggestion": references.next_free_reference(report.body, report.date),
                }
            }
        )


def _save(report: Report) -> None:
    report.full_clean(validate_unique=False, validate_constraints=False)
    _check_fields(report)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        # Two people took the same number at the same moment: the database decides.
        raise ValidationError(
            {"reference": _("%(reference)s is already taken.") % {"reference": report.reference}}
        ) from exc


@transaction.atomic
def report_create(*, actor: Actor, programme: Programme, data: dict[str, Any]) -> Report:
    refused = set(data) - set(EDITABLE)
    if refused:
        raise ValidationError(
            _("These fields cannot be set: %(fields)s") % {"fields": ", ".join(sorted(refused))}
        )
    report = Report(programme=programme, **data)
    report.reference = (report.reference or "").strip()
    if not report.department_id:
        raise ValidationError({"department": _("Choose a department of the city.")})
    report.body = body_of(report.department)
    _save(report)
    audit_record(
        actor=actor,
        action="report.create",
        target=report,
        changes=diff({}, snapshot(report, data.keys())),
    )
    return report


@transaction.atomic
def report_update(*, actor: Actor, report: Report, data: dict[str, Any]) -> Report:
    refused = set(data) - set(EDITABLE)
    if refused:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(refused))}
        )
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_issued(report)
    before = snapshot(report, data.keys())
    for key, value in data.items():
        setattr(report, key, value.strip() if key == "reference" else value)
    if report.corrects_id and report.reference != before.get("reference", report.reference):
        raise ValidationError({"reference": _("A correction keeps its number.")})
    if not report.department_id:
        raise ValidationError({"department": _("Choose a department of the city.")})
    report.body = body_of(report.department)
    _save(report)
    changes = diff(before, snapshot(report, data.keys()))
    if changes:
        audit_record(actor=actor, action="report.update", target=report, changes=changes)
    return report


@transaction.atomic
def report_draft(*, actor: Actor, report: Report, as_of: date | None = None) -> Report:
    """Write the Begründung from the data as of `as_of` (default: the paper's date)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_issued(report)
    as_of = as_of or report.date
    draft = draft_explanation(report.programme, as_of=as_of)
    before = snapshot(report, ["explanation", "drafted_as_of"])
    report.explanation = draft.text
    report.figures = draft.figures
    report.drafted_as_of = as_of
    report.save(update_fields=["explanation", "figures", "drafted_as_of", "modified"])
    audit_record(
        actor=actor,
        action="report.draft",
        target=report,
        changes={
            **diff(before, snapshot(report, ["explanation", "drafted_as_of"])),
            "figures": [None, {k: v["value"] for k, v in draft.figures.items()}],
        },
    )
    return report


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def report_issue(*, actor: Actor, report: Report) -> Report:
    """Freeze the paper: the text, the figures and the rendered files with their SHA-256."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_issued(report)
    if report.deleted_at:
        raise ValidationError(_("A deleted paper cannot be issued."))
    missing = [
        str(Report._meta.get_field(name).verbose_name)
        for name in ("title", "reason", "proposal", "signatory", "explanation")
        if not getattr(report, name).strip()
    ]
    if missing:
        raise ValidationError(
            _("Fill in before issuing: %(fields)s") % {"fields": ", ".join(missing)}
        )
    report.status = ReportStatus.ISSUED
    report.issued_at = timezone.now().replace(microsecond=0)
    report.issued_by = user_of(actor)
    files = []
    for exporter in EXPORTERS.values():
        filename, content_type, content = exporter.render(report)
        files.append(
            ReportFile(
                report=report,
                format=exporter.format,
                filename=filename,
                mime_type=content_type,
                content=content,
                size=len(content),
                sha256=_sha256(content),
            )
        )
    report.snapshot = {
        **snapshot(report, SNAPSHOT_FIELDS),
        "issued_at": report.issued_at.isoformat(),
        "files": {f.format: f.sha256 for f in files},
        "attachments": {a.title: a.sha256 for a in report.attachments.all()},
    }
    report.save()
    ReportFile.objects.bulk_create(files)
    audit_record(
        actor=actor,
        action="report.issue",
        target=report,
        changes={
            "status": [ReportStatus.DRAFT.value, ReportStatus.ISSUED.value],
            "files": [None, report.snapshot["files"]],
        },
    )
    return report


@transaction.atomic
def report_correct(*, actor: Actor, report: Report) -> Report:
    """A new draft that corrects an issued paper: VO/0985/07 → VO/0985/07/1-A, /2-A …"""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.ISSUED:
        raise ValidationError(_("Only an issued paper can be corrected; edit the draft instead."))
    open_draft = Report.objects.alive().filter(corrects=report, status=ReportStatus.DRAFT).first()
    if open_draft:
        raise ValidationError(
            _("A correction of this paper is already being drafted: %(reference)s.")
            % {"reference": open_draft.reference}
        )
    root = report.root()
    taken = set(Report.objects.filter(body=report.body).values_list("reference", flat=True))
    correction = Report(
        programme=report.programme,
        body=report.body,
        corrects=report,
        reference=references.correction_reference(root.reference, taken),
        figures=report.figures,
        drafted_as_of=report.drafted_as_of,
        **{name: getattr(report, name) for name in EDITABLE if name != "reference"},
    )
    correction.date = timezone.localdate() if timezone.localdate() > report.date else report.date
    _save(correction)
    for attachment in report.attachments.all():
        ReportAttachment.objects.create(
            report=correction,
            title=attachment.title,
            file=attachment.file.name,
            mime_type=attachment.mime_type,
            size=attachment.size,
            sha256=attachment.sha256,
        )
    audit_record(
        actor=actor,
        action="report.correct",
        target=correction,
        changes={"corrects": [None, report.reference]},
    )
    return correction


@transaction.atomic
def report_delete(*, actor: Actor, report: Report) -> Report:
    """Soft delete: the paper stays in the database (OParl reports it as deleted)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.deleted_at:
        return report
    report.deleted_at = timezone.now().replace(microsecond=0)
    report.save(update_fields=["deleted_at", "modified"])
    audit_record(
        actor=actor,
        action="report.delete",
        target=report,
        changes={"deleted_at": [None, report.deleted_at.isoformat()]},
    )
    return report


def _check_upload(upload: UploadedFile) -> tuple[str, bytes]:
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "file": _("This file type is not accepted. Allowed: %(types)s.")
                % {"types": ", ".join(sorted(ATTACHMENT_TYPES)).upper()}
            }
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(mb)d MB.")
                % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
            }
        )
    content = b"".join(upload.chunks())
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    mime_type, signatures = ATTACHMENT_TYPES[extension]
    if not content.startswith(signatures):
        raise ValidationError(
            {
                "file": _("The content of the file does not match its type (.%(ext)s).")
                % {"ext": extension}
            }
        )
    return mime_type, content


@transaction.atomic
def report_attachment_add(
    *, actor: Actor, report: Report, title: str, upload: UploadedFile
) -> ReportAttachment:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_issued(report)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the attachment a title.")})
    mime_type, content = _check_upload(upload)
    from django.core.files.base import ContentFile

    attachment = ReportAttachment(
        report=report,
        title=title,
        mime_type=mime_type or mimetypes.guess_type(upload.name)[0],
        size=len(content),
        sha256=_sha256(content),
    )
    attachment.file.save(upload.name, ContentFile(content), save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="report_attachment.add",
        target=report,
        changes={"attachment": [None, f"{title} ({attachment.sha256[:12]})"]},
    )
    return attachment


@transaction.atomic
def report_attachment_remove(*, actor: Actor, attachment: ReportAttachment) -> None:
    report = Report.objects.select_for_update().get(pk=attachment.report_id)
    _refuse_if_issued(report)
    title = attachment.title
    # The file itself stays: an issued paper this draft corrects may still point at it.
    attachment.delete()
    audit_record(
        actor=actor,
        action="report_attachment.remove",
        target=report,
        changes={"attachment": [title, None]},
    )
