from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OparlConfig(AppConfig):
    name = "vereinsforum.oparl"
    label = "oparl"
    verbose_name = _("OParl")

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        # Who is published and on which basis is the coordinators' decision alone.
        if not getattr(user, "is_coordinator", False):
            return []
        return [NavItem(_("OParl publication"), "oparl:publication_list", order=190)]

    def erase_person(self, *, person, account, terms):
        """Called by `person_pseudonymise`: the notes of their publication basis."""
        from vereinsforum.oparl.services import publication_basis_erase

        publication_basis_erase(person=person)
