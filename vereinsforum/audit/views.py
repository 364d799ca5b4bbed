"""The coordinators' audit log: filtered by actor, action, object and time, readable labels
for actions and fields (labels.py), and the export of what the filter shows."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import role_required
from vereinsforum.audit import labels
from vereinsforum.audit.context import Channel
from vereinsforum.audit.models import AuditEntry, AuditEntryQuerySet
from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.lib.tabular import EXPORTERS, Sheet, TabularExport

PAGE_SIZE = 50


class LogFilter(KernForm):
    """The log's filters, all optional. `action` is a code under today's naming scheme (old
    codes of the same action are found with it) or an entity ("poll", or "poll.")."""

    actor = forms.CharField(required=False, max_length=150)
    action = forms.CharField(required=False, max_length=80)
    channel = forms.ChoiceField(required=False, choices=[("", ""), *Channel.choices])
    target_type = forms.CharField(required=False, max_length=100)
    target_id = forms.CharField(required=False, max_length=64)
    start = forms.DateField(required=False, label=gettext_lazy("From"))
    end = forms.DateField(required=False, label=gettext_lazy("Until"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period lies before its start."))
        return data


def _codes(action: str) -> list[str]:
    """Every code in the log that `action` (today's name, or an entity) stands for."""
    written = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
    if "." not in action or action.endswith("."):
        name = action.rstrip(".")
        return [c for c in written if labels.entity(c) == name]
    return [c for c in written if labels.canonical_action(c) == action]


def filtered(params) -> tuple[AuditEntryQuerySet, LogFilter]:
    form = LogFilter(params)
    entries = AuditEntry.objects.select_related("actor")
    if not form.is_valid():
        # The valid filters still apply; the invalid ones are shown with their error.
        data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    else:
        data = form.cleaned_data
    if data.get("actor"):
        entries = entries.by_actor(data["actor"].strip())
    if data.get("action"):
        entries = entries.filter(action__in=_codes(data["action"].strip()))
    if data.get("channel"):
        entries = entries.filter(channel=data["channel"])
    if data.get("target_type"):
        entries = entries.filter(target_type=data["target_type"])
    if data.get("target_id"):
        entries = entries.filter(target_id=data["target_id"])
    return entries.between(data.get("start"), data.get("end")), form


def _annotate(entries) -> None:
    for entry in entries:
        entry.action_label = labels.action_label(entry.action)
        entry.action_code = labels.canonical_action(entry.action)
        entry.type_label = labels.type_label(entry.target_type)
        entry.channel_label = labels.channel_label(entry.channel)
        entry.change_rows = labels.changes(entry.target_type, entry.changes)


@role_required(Role.COORDINATOR)
def audit_log(request):
    entries, form = filtered(request.GET)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    _annotate(page.object_list)
    types = (
        AuditEntry.objects.order_by("target_type").values_list("target_type", flat=True).distinct()
    )
    written = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
    # One option per action under today's name: old and new codes of it are one choice.
    actions = {labels.canonical_action(a): labels.action_label(a) for a in written}
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "form": form,
            "filters": {name: form[name].value() or "" for name in form.fields},
            "types": _by_label((t, labels.type_label(t)) for t in types),
            "actions": _by_label(actions.items()),
            "channels": Channel.choices,
            "query": query.urlencode(),
        },
    )


@role_required(Role.COORDINATOR)
def audit_export(request, fmt: str):
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    entries, _form = filtered(request.GET)
    filename, content_type, content = exporter.render(export_table(entries))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_table(entries) -> TabularExport:
    """The entries as the page shows them, one row each, codes beside their labels."""
    header = [
        _("When"),
        _("Who"),
        _("Channel"),
        _("Channel detail"),
        _("Action"),
        _("Action code"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Changes"),
    ]

    def rows():
        for chunk in _chunks(entries.iterator(chunk_size=500), 500):
            _annotate(chunk)
            for e in chunk:
                yield [
                    timezone.localtime(e.at).replace(tzinfo=None, microsecond=0),
                    e.actor_name,
                    e.channel_label,
                    e.channel_detail,
                    e.action_label,
                    e.action_code,
                    e.type_label,
                    e.target_id,
                    e.target_repr,
                    "; ".join(f"{c.field}: {c.before} → {c.after}" for c in e.change_rows),
                ]

    return TabularExport(name="audit-log", sheets=[Sheet(_("Audit log"), header, rows())])


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _by_label(pairs) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda pair: str(pair[1]).lower())
