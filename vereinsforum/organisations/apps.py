"""The organisations app: associations, city departments and other organisations, the people
who are their contacts, and the languages. Its AppConfig adds the navigation entries and the
coordinator's task of verifying new associations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "vereinsforum.organisations"
    label = "organisations"
    verbose_name = _("Organisations and people")

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        if not (user.is_authenticated and getattr(user, "role", "")):
            return []
        label = _("My association") if user.is_representative else _("Organisations")
        return [
            NavItem(label, "organisations:list", order=10),
            NavItem(_("People"), "organisations:people", order=15),
        ]

    def dashboard_tasks(self, user):
        from django.urls import reverse

        from vereinsforum.organisations.models import Organisation, Verification
        from vereinsforum.web.navigation import Task

        if not getattr(user, "is_coordinator", False):
            return []
        count = (
            Organisation.objects.associations().filter(verification=Verification.UNVERIFIED).count()
        )
        if not count:
            return []
        return [
            Task(
                _("Associations waiting for verification"),
                reverse("organisations:list") + "?kind=association&verification=unverified",
                count,
            )
        ]
