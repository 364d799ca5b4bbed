"""Council submissions (reports): read, and their files rendered as on the pages.

Staff read every report that is not deleted (`Report.objects.for_user`); everybody else reads
the published ones (issued, public), as the public list shows them. Files: an issued paper's
frozen file; a draft (staff only) is rendered now, as the staff page's preview does.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from vereinsforum.accounts.models import STAFF_ROLES
from vereinsforum.accounts.scoping import acting_user
from vereinsforum.api.core import Id, PageParams, page_of, paginate
from vereinsforum.reports.exporters import EXPORTERS
from vereinsforum.reports.models import (
    PaperType,
    Report,
    ReportFile,
    ReportFileFormat,
    ReportStatus,
)

router = Router(tags=["reports"])

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ReportOut(Schema):
    id: int
    reference: str
    title: str
    paper_type: PaperType
    # dt.date: a field named `date` hides the type for the annotations after it.
    date: dt.date
    status: ReportStatus
    public: bool
    issued_at: datetime | None
    meeting_date: dt.date
    formats: list[str]


ReportPage = page_of(ReportOut, "ReportPage")


def _reports(user):
    if acting_user(user) and user.role in STAFF_ROLES:
        return Report.objects.for_user(user)
    return Report.objects.published()


def report_out(report: Report) -> dict:
    return {
        "id": report.pk,
        "reference": report.reference,
        "title": report.title,
        "paper_type": report.paper_type,
        "date": report.date,
        "status": report.status,
        "public": report.public,
        "issued_at": report.issued_at,
        "meeting_date": report.meeting_date,
        "formats": list(EXPORTERS),
    }


@router.get("/reports", response=ReportPage, summary="Council submissions")
def report_list(request, params: Query[PageParams]):
    reports = _reports(request.user).order_by("-date", "-pk")
    return paginate(request, reports, params, report_out)


@router.get("/reports/{pk}", response=ReportOut, summary="One council submission")
def report_detail(request, pk: Id):
    return report_out(get_object_or_404(_reports(request.user), pk=pk))


@router.get(
    "/reports/{pk}/files/{format}",
    summary="A council submission as PDF or DOCX",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file (issued: as issued; a draft: rendered now)",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in MEDIA_TYPES.values()
                },
            }
        }
    },
)
def report_file(request, pk: Id, format: ReportFileFormat):  # noqa: A002 - the URL's name
    report = get_object_or_404(_reports(request.user), pk=pk)
    if format not in EXPORTERS:
        raise Http404
    if report.status == ReportStatus.ISSUED:
        stored = get_object_or_404(ReportFile, report=report, format=format)
        filename, content_type, content = stored.filename, stored.mime_type, bytes(stored.content)
    else:
        filename, content_type, content = EXPORTERS[format].render(report)
        filename = f"Entwurf-{filename}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
