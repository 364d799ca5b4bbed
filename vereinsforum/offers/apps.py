from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "vereinsforum.offers"
    label = "offers"
    verbose_name = _("Offers of the migration services")

    def nav_items(self, user):
        from vereinsforum.offers.scoping import acts_for_service, is_offer_staff
        from vereinsforum.web.navigation import NavItem

        if not (is_offer_staff(user) or acts_for_service(user)):
            return []
        return [NavItem(_("Offers"), "offers:list", order=55)]
