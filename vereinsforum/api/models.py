"""Personal API tokens: a secret that acts as its owner, within the owner's role.

Only the SHA-256 of a token is stored (`hash`): the secret is shown once, when it is made,
and a copy of the database (a backup, a dump) does not let anyone call the API. A token of
high entropy needs no slow, salted hash: nobody can guess it from its SHA-256. The `prefix`
is the token's first characters, stored in clear so that its owner can tell tokens apart.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User


class ApiTokenQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> ApiTokenQuerySet:
        """A token is its owner's alone: nobody else sees or revokes it (staff included)."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(user_id=user.pk)

    def live(self, at: datetime | None = None) -> ApiTokenQuerySet:
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, expires__gt=at)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    read_only = models.BooleanField(_("read only"), default=True)
    expires = models.DateTimeField(_("expires"))
    created = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="api_token_expires_after_creation",
                condition=Q(expires__gt=models.F("created")),
            ),
            # A hex digest, never anything else (a secret stored by mistake would fail).
            models.CheckConstraint(
                name="api_token_hash_is_sha256", condition=Q(hash__regex=r"^[0-9a-f]{64}$")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    def is_live(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.expires > at
