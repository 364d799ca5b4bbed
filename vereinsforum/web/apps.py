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

    def erase_person(self, *, person, account, terms):
        """Called by `person_pseudonymise`: accessibility feedback they sent or that names
        them (the address for the answer, their name in the text), and the site details
        where they are named (imprint, privacy, the start page's contact)."""
        from vereinsforum.web.services import accessibility_feedback_erase, site_details_erase

        accessibility_feedback_erase(terms=terms)
        site_details_erase(terms=terms)
