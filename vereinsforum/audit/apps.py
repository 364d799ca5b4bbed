from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "vereinsforum.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from vereinsforum.audit.context import install_command_hook

        install_command_hook()

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        if not getattr(user, "is_coordinator", False):
            return []
        return [NavItem(_("Audit log"), "audit:log", order=200)]
