"""The admin, for coordinators only: accounts read-only there (they change through the
app's pages and services), with one exception: resetting a lost second factor."""

import importlib

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from vereinsforum.accounts.models import User
from vereinsforum.lib.admin import ReadOnlyAdminMixin


def _coordinators_only(request) -> bool:
    return request.user.is_active and getattr(request.user, "is_coordinator", False)


# The admin belongs to coordinators, whatever is_staff says.
admin.site.has_permission = _coordinators_only  # type: ignore[method-assign]  # see above


@admin.register(User)
class UserAdmin(ReadOnlyAdminMixin, BaseUserAdmin):
    """Read-only like every model here: an account edited in the admin could revive an
    erased person's name or hand out a role with no audit entry. Coordinators invite and
    manage accounts on the app's pages (accounts/staff_views.py); `vereinsforum setup`
    makes the first coordinator."""

    list_display = ("username", "email", "role", "acting_for", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Vereinsforum"), {"fields": ("role", "acting_for", "person", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )


# Roles are a field of the account; Django's groups and permissions are not used.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


# ---- the admins other packages register --------------------------------------------------
# Imported here, before the autodiscovery reaches them, so that they can be replaced by
# read-only versions: their defaults let a coordinator add a second factor to someone
# else's account or clear the login records, unaudited.


def _replace(module: str, labels: tuple[str, ...], mixin: type = ReadOnlyAdminMixin) -> None:
    """Import `module` (which registers the admins of `labels`) and re-register each of
    those models with a subclass of its admin that `mixin` makes read-only, inlines too."""
    importlib.import_module(module)
    for label in labels:
        model = apps.get_model(label)
        if not admin.site.is_registered(model):
            continue
        base = type(admin.site._registry[model])
        inlines = [type(f"ReadOnly{i.__name__}", (ReadOnlyAdminMixin, i), {}) for i in base.inlines]
        admin.site.unregister(model)
        admin.site.register(
            model, type(f"ReadOnly{base.__name__}", (mixin, base), {"inlines": inlines})
        )


class SecondFactorResetMixin(ReadOnlyAdminMixin):
    """Read-only, except delete, which is the audited reset of a lost phone: all the
    user's devices go (`accounts.otp.second_factor_reset`)."""

    service = "vereinsforum.accounts.otp.second_factor_reset"

    def has_delete_permission(self, request, obj=None) -> bool:
        return _coordinators_only(request) and (obj is None or obj.user_id != request.user.pk)

    def get_actions(self, request):
        return {}

    def delete_model(self, request, obj):
        from vereinsforum.accounts.otp import second_factor_reset

        second_factor_reset(actor=request.user, user=obj.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


if apps.is_installed("django_otp.plugins.otp_totp"):
    _replace("django_otp.plugins.otp_totp.admin", ("otp_totp.TOTPDevice",), SecondFactorResetMixin)
if apps.is_installed("django_otp.plugins.otp_static"):
    _replace(
        "django_otp.plugins.otp_static.admin", ("otp_static.StaticDevice",), SecondFactorResetMixin
    )
if apps.is_installed("axes"):
    _replace("axes.admin", ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"))
