"""Council papers: staff pages (coordinators write, team members read) and the public list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import EDIT, get_for_user, role_required
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.lib.params import positive_int
from vereinsforum.organisations.models import Organisation, OrganisationKind
from vereinsforum.programmes.models import Programme
from vereinsforum.reports import references
from vereinsforum.reports.drafting.changes import figure_changes
from vereinsforum.reports.exporters import EXPORTERS
from vereinsforum.reports.forms import AttachmentForm, DraftForm, ReportForm
from vereinsforum.reports.models import (
    PaperType,
    Report,
    ReportAttachment,
    ReportFile,
    ResolutionQuality,
)
from vereinsforum.reports.services import (
    body_of,
    report_attachment_add,
    report_attachment_remove,
    report_correct,
    report_create,
    report_delete,
    report_draft,
    report_issue,
    report_update,
)

staff_only = role_required(Role.COORDINATOR, Role.TEAM_MEMBER)
coordinator_only = role_required(Role.COORDINATOR)


def _file_response(filename: str, content_type: str, content: bytes, *, download: bool):
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---- staff ----------------------------------------------------------------------------------


@staff_only
def report_list(request):
    reports = (
        Report.objects.for_user(request.user)
        .select_related("committee", "corrects")
        .prefetch_related("files")
        .order_by("-date", "-id")
    )
    return render(request, "reports/report_list.html", {"reports": reports})


def _initial(programme: Programme) -> dict:
    department = programme.lead_department
    today = timezone.localdate()
    parent = department.parent
    division = parent.name if parent is not None else ""
    return {
        "paper_type": PaperType.BERICHT,
        "reference": references.next_free_reference(body_of(department), today),
        "date": today,
        "division": division.removeprefix("Geschäftsbereich ").strip(),
        "department": department,
        "committee": Organisation.objects.filter(kind=OrganisationKind.COMMITTEE).first(),
        "resolution_quality": ResolutionQuality.ENTGEGENNAHME,
        "public": True,
    }


@coordinator_only
def report_create_view(request):
    programme = Programme.current()
    if programme is None:
        raise Http404
    form = ReportForm(request.POST or None, programme=programme, initial=_initial(programme))
    if request.method == "POST" and form.is_valid():
        try:
            report = report_create(
                actor=request.user, programme=programme, fields=form.report_fields()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The paper has been created."))
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_form.html", {"form": form, "report": None})


@staff_only
@require_GET
def reference_suggestion(request):
    """htmx: the next free number for the body of the chosen department and the date."""
    department_id = positive_int(request.GET.get("department"))
    department = (
        Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT, pk=department_id).first()
        if department_id
        else None
    )
    try:
        on = timezone.datetime.fromisoformat(request.GET.get("date", "")).date()
    except ValueError:
        on = timezone.localdate()
    suggestion = references.next_free_reference(body_of(department), on) if department else ""
    return render(request, "reports/report_form.html#suggestion", {"suggestion": suggestion})


@staff_only
def report_detail(request, pk: int):
    report = get_for_user(
        request.user,
        Report.objects.select_related("department", "committee", "meeting", "corrects"),
        pk=pk,
    )
    may_edit = request.user.is_coordinator
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "may_edit": may_edit,
            "attachment_form": AttachmentForm() if may_edit and not report.is_issued else None,
            "corrections": report.corrections.alive().order_by("reference"),
            "formats": list(EXPORTERS),
        },
    )


@staff_only
@require_GET
def report_figure_changes(request, pk: int):
    """htmx: figures that moved since the draft was written (recomputed, so loaded lazily)."""
    report = get_for_user(request.user, Report.objects.all(), pk=pk)
    return render(
        request,
        "reports/report_detail.html#figure-changes",
        {"report": report, "changes": figure_changes(report)},
    )


@coordinator_only
def report_edit(request, pk: int):
    report = get_for_user(request.user, Report.objects.all(), EDIT, pk=pk)
    if report.is_issued:
        messages.error(
            request,
            _(
                "%(reference)s has been issued and can no longer be changed; write a correction "
                "instead."
            )
            % {"reference": report.reference},
        )
        return redirect("reports:detail", pk=pk)
    form = ReportForm(
        request.POST or None,
        instance=report,
        programme=report.programme,
        correction=bool(report.corrects_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            # A correction's number field is disabled: the form hands back the one it has.
            report_update(
                actor=request.user, report=Report.objects.get(pk=pk), fields=form.report_fields()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("reports:detail", pk=pk)
    return render(request, "reports/report_form.html", {"form": form, "report": report})


@coordinator_only
def report_draft_view(request, pk: int):
    report = get_for_user(request.user, Report.objects.all(), EDIT, pk=pk)
    if report.is_issued:
        messages.error(request, _("An issued paper cannot be drafted again."))
        return redirect("reports:detail", pk=pk)
    form = DraftForm(request.POST or None, initial={"as_of": report.drafted_as_of or report.date})
    if request.method == "POST" and form.is_valid():
        try:
            report_draft(actor=request.user, report=report, as_of=form.cleaned_data["as_of"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The explanatory statement has been drafted from the data.")
            )
            return redirect("reports:edit", pk=pk)
    return render(request, "reports/report_draft.html", {"form": form, "report": report})


@coordinator_only
def report_issue_view(request, pk: int):
    report = get_for_user(request.user, Report.objects.all(), EDIT, pk=pk)
    if report.is_issued:
        messages.info(request, _("This paper has already been issued."))
        return redirect("reports:detail", pk=pk)
    error = None
    if request.method == "POST":
        try:
            report_issue(actor=request.user, report=report)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The paper has been issued and frozen."))
            return redirect("reports:detail", pk=pk)
    return render(
        request,
        "reports/report_issue.html",
        {"report": report, "error": error, "changes": figure_changes(report)},
    )


@coordinator_only
@require_POST
def report_correct_view(request, pk: int):
    report = get_for_user(request.user, Report.objects.all(), EDIT, pk=pk)
    try:
        correction = report_correct(actor=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:detail", pk=pk)
    messages.success(
        request,
        _("Correction %(reference)s has been created as a draft.")
        % {"reference": correction.reference},
    )
    return redirect("reports:detail", pk=correction.pk)


@coordinator_only
def report_delete_view(request, pk: int):
    report = get_for_user(request.user, Report.objects.all(), EDIT, pk=pk)
    if request.method == "POST":
        report_delete(actor=request.user, report=report)
        messages.success(
            request, _("%(reference)s has been deleted.") % {"reference": report.reference}
        )
        return redirect("reports:list")
    return render(request, "reports/report_delete.html", {"report": report})


@staff_only
@require_GET
def report_file(request, pk: int, format: str):  # noqa: A002 - the URL's name for it
    """The frozen file of an issued paper, or a preview rendered now for a draft."""
    report = get_for_user(request.user, Report.objects.all(), pk=pk)
    if format not in EXPORTERS:
        raise Http404
    if report.is_issued:
        stored = get_object_or_404(ReportFile, report=report, format=format)
        return _file_response(
            stored.filename, stored.mime_type, bytes(stored.content), download=True
        )
    filename, content_type, content = EXPORTERS[format].render(report)
    return _file_response(f"Entwurf-{filename}", content_type, content, download=True)


@coordinator_only
@require_POST
def attachment_add(request, pk: int):
    report = get_for_user(request.user, Report.objects.all(), EDIT, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report_attachment_add(
                actor=request.user,
                report=report,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The attachment has been added."))
            return redirect("reports:detail", pk=pk)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "may_edit": True,
            "attachment_form": form,
            "corrections": report.corrections.alive(),
            "formats": list(EXPORTERS),
        },
        status=400,
    )


@coordinator_only
@require_POST
def attachment_remove(request, pk: int, attachment_pk: int):
    report = get_for_user(request.user, Report.objects.all(), EDIT, pk=pk)
    attachment = get_object_or_404(ReportAttachment, report=report, pk=attachment_pk)
    try:
        report_attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The attachment has been removed."))
    return redirect("reports:detail", pk=pk)


@staff_only
@require_GET
def attachment_download(request, pk: int, attachment_pk: int):
    report = get_for_user(request.user, Report.objects.all(), pk=pk)
    attachment = get_object_or_404(ReportAttachment, report=report, pk=attachment_pk)
    return _attachment_response(attachment, download=True)


def _attachment_response(attachment: ReportAttachment, *, download: bool):
    with attachment.file.open("rb") as handle:
        content = handle.read()
    name = (attachment.file.name or "").rsplit("/", 1)[-1]
    return _file_response(name, attachment.mime_type, content, download=download)


# ---- public ---------------------------------------------------------------------------------


@require_GET
def public_list(request):
    reports = (
        Report.objects.published()
        .select_related("committee")
        .prefetch_related("files", "attachments")
        .order_by("-date", "-id")
    )
    return render(request, "reports/public_list.html", {"reports": reports})


@require_GET
def public_file(request, pk: int, format: str, download: bool = False):  # noqa: A002
    """A frozen file of a published paper; inline to read, or as a download."""
    stored = get_object_or_404(
        ReportFile, report__in=Report.objects.published(), report_id=pk, format=format
    )
    return _file_response(
        stored.filename, stored.mime_type, bytes(stored.content), download=download
    )


@require_GET
def public_attachment(request, pk: int, attachment_pk: int, download: bool = False):
    attachment = get_object_or_404(
        ReportAttachment, report__in=Report.objects.published(), report_id=pk, pk=attachment_pk
    )
    return _attachment_response(attachment, download=download)
