from django.apps import apps
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.text import capfirst

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import role_required
from vereinsforum.audit.models import AuditEntry

PAGE_SIZE = 50


def _type_label(label: str) -> str:
    try:
        return capfirst(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label  # a model that no longer exists: its entries stay readable


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
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "filters": filters,
            "types": sorted(((t, _type_label(t)) for t in types), key=lambda t: t[1].lower()),
        },
    )
