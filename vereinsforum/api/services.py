"""Writes of the API app: personal tokens are made and revoked here, and found by their hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinsforum.accounts.scoping import acting_user
from vereinsforum.api.models import ApiToken
from vereinsforum.audit.services import audit_record
from vereinsforum.lib.actors import Actor, user_of

#: Every token starts with this, so a leaked one is recognisable (secret scanners, logs).
TOKEN_START = "vf_"  # noqa: S105 - a marker, not a secret
#: A token lives at most this long: a forgotten token must not work for ever.
MAX_LIFETIME = timedelta(days=366)
#: last_used is written at most this often: reads must not each write a row.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    actor: Actor,
    name: str,
    read_only: bool,
    expires: datetime,
    at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for `actor` itself; returns it and the secret, which is stored nowhere."""
    at = at or timezone.now()
    user = user_of(actor)
    if user is None or not acting_user(user):
        raise PermissionDenied(_("Only an account with a role can make API tokens."))
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name, so that you can tell it apart later.")]
    if expires <= at:
        errors["expires"] = [_("The expiry must lie in the future.")]
    elif expires - at > MAX_LIFETIME:
        errors["expires"] = [_("A token can live at most one year.")]
    if errors:
        raise ValidationError(errors)
    prefix = TOKEN_START + secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():  # pragma: no cover - 1 in 4 billion
        prefix = TOKEN_START + secrets.token_hex(4)
    raw = f"{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        hash=token_hash(raw),
        read_only=read_only,
        expires=expires,
        created=at,
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        target=token,
        changes={"read_only": [None, read_only], "expires": [None, expires.isoformat()]},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken, at: datetime | None = None) -> ApiToken:
    at = at or timezone.now()
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    user = user_of(actor)
    if user is None or token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    token.revoked_at = at
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        target=token,
        changes={"revoked_at": [None, at.isoformat()]},
    )
    return token


def api_token_find(raw: str) -> ApiToken | None:
    """The token whose secret is `raw` (revoked and expired ones too), or None."""
    if not raw.startswith(TOKEN_START) or len(raw) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(hash=token_hash(raw)).first()


def api_token_touch(token: ApiToken, at: datetime | None = None) -> None:
    """Note the use, at most once a minute (an update without a transaction of its own)."""
    at = at or timezone.now()
    if token.last_used is None or at - token.last_used >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=at)
        token.last_used = at
