"""Writes for council papers. Each runs in a transaction, validates and audits.

An issued paper is frozen: every service here refuses to change it, and a correction is
a new paper with the practice suffix (VO/0985/07/1-A) that points back with `corrects`.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.audit.services import audit_record, diff, snapshot
from vereinsforum.events.models import EventKind
from vereinsforum.lib.actors import Actor, SystemActor, user_of
from vereinsforum.organisations.models import Organisation, OrganisationKind
from vereinsforum.programmes.models import Programme
from vereinsforum.reports import references
from vereinsforum.reports.drafting.explanation import draft_explanation
from vereinsforum.reports.exporters import EXPORTERS
from vereinsforum.reports.models import (
    PaperType,
    Report,
    ReportAttachment,
    ReportFile,
    ReportStatus,
    ResolutionQuality,
)
from vereinsforum.reports.scoping import may_write_reports

if TYPE_CHECKING:
    from vereinsforum.events.models import Event


@dataclass(frozen=True, kw_only=True)
class ReportFields:
    """What staff write on a paper; the rest (status, figures, snapshot …) only services set.

    The defaults are the model's: a report (Bericht), public, with the optional texts empty.
    """

    paper_type: PaperType = PaperType.BERICHT
    reference: str
    title: str
    date: datetime.date
    division: str = ""
    department: Organisation
    officer_name: str = ""
    officer_phone: str = ""
    officer_fax: str = ""
    officer_email: str = ""
    committee: Organisation
    meeting: Event | None = None
    meeting_date: datetime.date
    resolution_quality: ResolutionQuality
    public: bool = True
    reason: str = ""
    proposal: str = ""
    signatory: str = ""
    explanation: str = ""

    @classmethod
    def of(cls, report: Report) -> ReportFields:
        """The paper's fields as they stand, to change some with `dataclasses.replace`."""
        return cls(
            paper_type=PaperType(report.paper_type),
            reference=report.reference,
            title=report.title,
            date=report.date,
            division=report.division,
            department=report.department,
            officer_name=report.officer_name,
            officer_phone=report.officer_phone,
            officer_fax=report.officer_fax,
            officer_email=report.officer_email,
            committee=report.committee,
            meeting=report.meeting,
            meeting_date=report.meeting_date,
            resolution_quality=ResolutionQuality(report.resolution_quality),
            public=report.public,
            reason=report.reason,
            proposal=report.proposal,
            signatory=report.signatory,
            explanation=report.explanation,
        )


#: The fields staff write, in the order the form shows them.
EDITABLE = tuple(f.name for f in dataclass_fields(ReportFields))
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
    seen: set[int] = set()
    while body.pk not in seen and (parent := body.parent) is not None:
        seen.add(body.pk)
        body = parent
    return body


def _require_writer(actor: Actor) -> None:
    """Refuse unless `actor` may write council papers: a coordinator, or a command or the
    demo (a SystemActor). The pages check the same before they call a service."""
    if isinstance(actor, SystemActor):
        return
    if not may_write_reports(user_of(actor)):
        raise PermissionDenied


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
    meeting = report.meeting
    if meeting is not None:
        if meeting.kind != EventKind.COMMITTEE:
            raise ValidationError({"meeting": _("Choose a committee meeting.")})
        if timezone.localtime(meeting.start).date() != report.meeting_date:
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


def _write(report: Report, fields: ReportFields) -> None:
    for name in EDITABLE:
        setattr(report, name, getattr(fields, name))
    report.reference = fields.reference.strip()
    report.body = body_of(fields.department)


@transaction.atomic
def report_create(*, actor: Actor, programme: Programme, fields: ReportFields) -> Report:
    _require_writer(actor)
    report = Report(programme=programme)
    _write(report, fields)
    _save(report)
    audit_record(
        actor=actor,
        action="report.create",
        target=report,
        changes=diff({}, snapshot(report, EDITABLE)),
    )
    return report


@transaction.atomic
def report_update(*, actor: Actor, report: Report, fields: ReportFields) -> Report:
    """Write `fields` over the draft (use `ReportFields.of(report)` to change only some)."""
    _require_writer(actor)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_issued(report)
    before = snapshot(report, EDITABLE)
    _write(report, fields)
    if report.corrects_id and report.reference != before["reference"]:
        raise ValidationError({"reference": _("A correction keeps its number.")})
    _save(report)
    changes = diff(before, snapshot(report, EDITABLE))
    if changes:
        audit_record(actor=actor, action="report.update", target=report, changes=changes)
    return report


@transaction.atomic
def report_draft(*, actor: Actor, report: Report, as_of: date | None = None) -> Report:
    """Write the Begründung from the data as of `as_of` (default: the paper's date)."""
    _require_writer(actor)
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
    _require_writer(actor)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_issued(report)
    if report.deleted_at:
        raise ValidationError(_("A deleted paper cannot be issued."))
    missing = [
        # Columns of the report itself, never the reverse side of a relation.
        str(cast(models.Field, Report._meta.get_field(name)).verbose_name)
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
    _require_writer(actor)
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
    _require_writer(actor)
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


def _check_upload(upload: UploadedFile) -> tuple[str, str, bytes]:
    """The upload's name, its MIME type and its content, once its type is accepted."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "file": _("This file type is not accepted. Allowed: %(types)s.")
                % {"types": ", ".join(sorted(ATTACHMENT_TYPES)).upper()}
            }
        )
    if (upload.size or 0) > MAX_ATTACHMENT_BYTES:
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
    return name, mime_type, content


@transaction.atomic
def report_attachment_add(
    *, actor: Actor, report: Report, title: str, upload: UploadedFile
) -> ReportAttachment:
    _require_writer(actor)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_if_issued(report)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the attachment a title.")})
    name, mime_type, content = _check_upload(upload)
    attachment = ReportAttachment(
        report=report,
        title=title,
        mime_type=mime_type,
        size=len(content),
        sha256=_sha256(content),
    )
    attachment.file.save(name, ContentFile(content), save=False)
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
    _require_writer(actor)
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
