"""The API app's hooks: a dashboard reminder of tokens about to expire, and erasure.

web/ and privacy/ reach the app only through these `AppConfig` methods, so neither imports
the API's models.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "vereinsforum.api"
    label = "api"
    verbose_name = _("JSON API")

    #: A token this close to its expiry shows on its owner's dashboard.
    EXPIRY_WARNING_DAYS = 14

    def dashboard_tasks(self, user):
        from datetime import timedelta

        from django.urls import reverse
        from django.utils import timezone

        from vereinsforum.api.models import ApiToken
        from vereinsforum.web.navigation import Task

        if not user.is_authenticated:
            return []
        now = timezone.now()
        soon = (
            ApiToken.objects.for_user(user)
            .live(now)
            .filter(expires__lte=now + timedelta(days=self.EXPIRY_WARNING_DAYS))
        )
        count = soon.count()
        if not count:
            return []
        return [Task(_("API tokens that expire within two weeks"), reverse("api:tokens"), count)]

    def erase_person(self, *, person, account, terms):
        """Called by `person_pseudonymise`: the account's tokens stop at once, and their names
        (free text the owner chose) are cleared."""
        from django.utils import timezone

        from vereinsforum.api.models import ApiToken

        if account is None:
            return
        tokens = ApiToken.objects.filter(user=account)
        tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        tokens.update(name="")
