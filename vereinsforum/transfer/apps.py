from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "vereinsforum.transfer"
    label = "transfer"
    verbose_name = _("Import and export")

    def nav_items(self, user):
        from vereinsforum.transfer.views import is_transfer_staff
        from vereinsforum.web.navigation import NavItem

        if is_transfer_staff(user):
            return [NavItem(_("Import and export"), "transfer:index", order=180)]
        return []
