from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "vereinsforum.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        if not (user.is_authenticated and getattr(user, "role", "")):
            return []
        return [NavItem(_("Project team"), "programmes:team", order=90)]
