"""The import wizard (upload → map → preview → apply) and the export catalogue.

Staff (coordinators and team members) upload, map and preview; applying creates and
changes organisations and people, which on the pages only coordinators do, so applying is
for coordinators only. The dry run shows nothing a team member could not read anyway.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinsforum.accounts.models import STAFF_ROLES, Role
from vereinsforum.accounts.scoping import acting_user, role_required
from vereinsforum.lib.tabular import EXPORTERS
from vereinsforum.transfer import storage
from vereinsforum.transfer.exports import EXPORTS_BY_SLUG, available_exports
from vereinsforum.transfer.forms import UploadForm
from vereinsforum.transfer.mapping import IGNORE, TARGETS, guess_mapping
from vereinsforum.transfer.models import ImportRun
from vereinsforum.transfer.reading import TableError, read_table
from vereinsforum.transfer.services import (
    Action,
    Decision,
    ImportFailed,
    import_apply,
    import_rows,
    mapping_check,
)

staff_only = role_required(*STAFF_ROLES)


def _steps() -> list[tuple[int, str]]:
    return [(1, _("Upload")), (2, _("Columns")), (3, _("Preview and apply"))]


def is_transfer_staff(user) -> bool:
    return acting_user(user) and user.role in STAFF_ROLES


# ---- catalogue ------------------------------------------------------------------------------


def _linked_exports(user) -> list[dict]:
    """The exports other apps offer on their pages, linked here with the same URLs (and so
    the same checks)."""
    links = []
    if apps.is_installed("vereinsforum.needs"):
        from vereinsforum.needs.models import Wave

        for wave in Wave.objects.order_by("-period_start", "-pk"):
            files = []
            if user.is_coordinator:
                files.append((_("Survey answers"), "needs:export", {"what": "antworten"}))
            files.append((_("Survey aggregates"), "needs:export", {"what": "kennzahlen"}))
            if apps.is_installed("vereinsforum.tandems"):
                files.append((_("Tandems"), "tandems:export", {}))
            for title, name, kwargs in files:
                try:
                    urls = {
                        fmt: reverse(name, kwargs={"pk": wave.pk, **kwargs, "fmt": fmt})
                        for fmt in EXPORTERS
                    }
                except NoReverseMatch:
                    continue
                links.append({"title": title, "context": wave.title, "urls": urls})
    if apps.is_installed("vereinsforum.offers"):
        try:
            urls = {fmt: reverse("offers:coverage_export", args=[fmt]) for fmt in EXPORTERS}
        except NoReverseMatch:
            urls = {}
        if urls:
            links.append({"title": _("Coverage of the offers"), "context": "", "urls": urls})
    return links


@staff_only
def index(request):
    exports = [
        {
            "export": e,
            "urls": {
                fmt: reverse("transfer:export", kwargs={"what": e.slug, "fmt": fmt})
                for fmt in EXPORTERS
            },
        }
        for e in available_exports()
    ]
    return render(
        request,
        "transfer/index.html",
        {
            "exports": exports,
            "linked": _linked_exports(request.user),
            "runs": ImportRun.objects.select_related("imported_by")[:5],
            "may_apply": request.user.is_coordinator,
        },
    )


@staff_only
def export(request, what: str, fmt: str):
    entry = EXPORTS_BY_SLUG.get(what)
    exporter = EXPORTERS.get(fmt)
    if entry is None or exporter is None or entry not in available_exports():
        raise Http404
    filename, content_type, content = exporter.render(entry.build(request.user))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- import wizard --------------------------------------------------------------------------


def _upload_or_restart(request):
    found = storage.current(request.session)
    if found is None:
        messages.info(request, _("Please upload the file (again): no import is waiting."))
        return None, None, redirect("transfer:import_upload")
    info, content = found
    try:
        table = read_table(content)
    except TableError:
        storage.discard(request.session)
        return None, None, redirect("transfer:import_upload")
    return info, table, None


@staff_only
def import_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        info = storage.store(
            request.session, form.content, filename=upload.name, source=form.table.source
        )
        storage.update(request.session, mapping=guess_mapping(form.table.header))
        del info
        return redirect("transfer:import_mapping")
    return render(
        request,
        "transfer/import_upload.html",
        {
            "form": form,
            "waiting": storage.current(request.session) is not None,
            "steps": _steps(),
        },
    )


@staff_only
def import_mapping(request):
    info, table, restart = _upload_or_restart(request)
    if restart:
        return restart
    mapping = info.get("mapping") or guess_mapping(table.header)
    error = ""
    if request.method == "POST":
        mapping = [request.POST.get(f"column-{i}", IGNORE) for i in range(len(table.header))]
        try:
            mapping_check(mapping, table.header)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            storage.update(request.session, mapping=mapping, decisions={})
            return redirect("transfer:import_preview")
    columns = [
        {
            "index": i,
            "header": header,
            "chosen": mapping[i] if i < len(mapping) else IGNORE,
            "examples": [cells[i] for _line, cells in table.rows[:3] if cells[i]],
        }
        for i, header in enumerate(table.header)
    ]
    return render(
        request,
        "transfer/import_mapping.html",
        {
            "info": info,
            "table": table,
            "columns": columns,
            "targets": TARGETS,
            "error": error,
            "steps": _steps(),
        },
        status=400 if error else 200,
    )


def _decisions(request) -> dict[str, str]:
    prefix = "decision:"
    return {
        key[len(prefix) :]: value
        for key, value in request.POST.items()
        if key.startswith(prefix) and value in Decision.values
    }


def _render_preview(request, info, table, result, *, status=200):
    earlier = ImportRun.objects.filter(digest=table.digest).first()
    return render(
        request,
        "transfer/import_preview.html",
        {
            "info": info,
            "result": result,
            "groups": result.groups,
            "duplicates": [g for g in result.groups if g.is_duplicate and g.action != Action.ERROR],
            "decisions": Decision.choices,
            "earlier": earlier,
            "may_apply": request.user.is_coordinator and result.ok,
            "steps": _steps(),
        },
        status=status,
    )


@staff_only
def import_preview(request):
    info, table, restart = _upload_or_restart(request)
    if restart:
        return restart
    if not info.get("mapping"):
        return redirect("transfer:import_mapping")
    if request.method == "POST":
        storage.update(request.session, decisions=_decisions(request))
        return redirect("transfer:import_preview")
    try:
        result = import_rows(
            actor=request.user,
            table=table,
            mapping=info["mapping"],
            decisions=info.get("decisions") or {},
            dry_run=True,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("transfer:import_mapping")
    return _render_preview(request, info, table, result)


@role_required(Role.COORDINATOR)
@require_POST
def import_apply_view(request):
    info, table, restart = _upload_or_restart(request)
    if restart:
        return restart
    decisions = _decisions(request)
    storage.update(request.session, decisions=decisions)
    try:
        run, result = import_apply(
            actor=request.user,
            table=table,
            mapping=info.get("mapping") or [],
            decisions=decisions,
            digest=table.digest,
        )
    except ImportFailed as exc:
        return _render_preview(request, info, table, exc.result, status=400)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("transfer:import_mapping")
    storage.discard(request.session)
    c = result.counts
    messages.success(
        request,
        _(
            "Import done. Organisations: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged, %(skipped)s skipped. Contacts: %(people)s created, "
            "%(people_updated)s updated; roles added: %(roles)s."
        )
        % {
            "created": c["organisations_created"],
            "updated": c["organisations_updated"],
            "unchanged": c["organisations_unchanged"],
            "skipped": c["organisations_skipped"],
            "people": c["people_created"],
            "people_updated": c["people_updated"],
            "roles": c["roles_added"],
        },
    )
    return redirect("transfer:index")


@staff_only
@require_POST
def import_discard(request):
    storage.discard(request.session)
    messages.info(request, _("The uploaded file has been deleted."))
    return redirect("transfer:import_upload")
