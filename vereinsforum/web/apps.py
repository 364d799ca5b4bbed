from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "vereinsforum.web"
    label = "web"
    verbose_name = _("Web shell")

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        if not (user.is_authenticated and getattr(user, "role", "")):
            return []
        return [NavItem(_("Overview"), "web:dashboard", order=0)]
