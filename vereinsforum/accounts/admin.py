from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from vereinsforum.accounts.models import User


def _coordinators_only(request) -> bool:
    return request.user.is_active and getattr(request.user, "is_coordinator", False)


# The admin belongs to coordinators, whatever is_staff says.
admin.site.has_permission = _coordinators_only


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "acting_for", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Vereinsforum"), {"fields": ("role", "acting_for", "person")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Vereinsforum"), {"fields": ("role", "acting_for", "person")}),
    )
    raw_id_fields = ("acting_for", "person")
