from django.core.paginator import Paginator
from django.shortcuts import render

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import role_required
from vereinsforum.audit import labels
from vereinsforum.audit.models import AuditEntry

PAGE_SIZE = 50


@role_required(Role.COORDINATOR)
def audit_log(request):
    entries = AuditEntry.objects.select_related("actor")
    filters = {
        key: request.GET.get(key, "").strip()
        for key in ("actor", "action", "target_type", "target_id")
    }
    if filters["actor"]:
        entries = entries.by_actor(filters["actor"])
    if filters["action"]:
        entries = entries.filter(action__startswith=filters["action"])
    if filters["target_type"]:
        entries = entries.filter(target_type=filters["target_type"])
    if filters["target_id"]:
        entries = entries.filter(target_id=filters["target_id"])
    types = (
        AuditEntry.objects.order_by("target_type").values_list("target_type", flat=True).distinct()
    )
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.action_label = labels.action_label(entry.action)
        entry.type_label = labels.type_label(entry.target_type)
        entry.change_rows = labels.changes(entry.target_type, entry.changes)
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "filters": filters,
            "types": _by_label((t, labels.type_label(t)) for t in types),
            "actions": _by_label((a, labels.action_label(a)) for a in actions),
        },
    )


def _by_label(pairs) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda pair: pair[1].lower())
