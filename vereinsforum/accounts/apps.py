from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vereinsforum.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        if not getattr(user, "is_coordinator", False):
            return []
        return [NavItem(_("Accounts"), "accounts:users", order=185)]
