from django.contrib import admin

from vereinsforum.audit.models import AuditEntry
from vereinsforum.lib.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "target_type", "target_repr")
    list_filter = ("action", "target_type")
