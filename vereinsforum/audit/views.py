from django.core.paginator import Paginator
from django.shortcuts import render

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import role_required
from vereinsforum.audit.models import AuditEntry


@role_required(Role.COORDINATOR)
def audit_log(request):
    entries = AuditEntry.objects.all()
    filters = {
        "actor": request.GET.get("actor", "").strip(),
        "action": request.GET.get("action", "").strip(),
        "target_type": request.GET.get("target_type", "").strip(),
    }
    if filters["actor"]:
        entries = entries.filter(actor_label__icontains=filters["actor"])
    if filters["action"]:
        entries = entries.filter(action__startswith=filters["action"])
    if filters["target_type"]:
        entries = entries.filter(target_type=filters["target_type"])
    types = (
        AuditEntry.objects.order_by("target_type").values_list("target_type", flat=True).distinct()
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "audit/log.html", {"page": page, "filters": filters, "types": list(types)}
    )
