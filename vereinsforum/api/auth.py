"""`Authorization: Bearer <token>`: the token acts as its owner, within the owner's role.

The owner is put on `request.user`, so every endpoint fetches through the same scoping
(`get_for_user`, each model's `for_user`) and calls the same services as the pages do.
Refusals, in this order: no or unknown token, revoked, expired, deactivated account → 401;
too many requests for this token → 429; an account that acts for nobody any more (a former
chair) → 403, as on the pages; a read-only token asking to write → 403.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from vereinsforum.accounts.scoping import acting_user
from vereinsforum.api.models import ApiToken
from vereinsforum.api.problems import ApiProblem
from vereinsforum.api.services import api_token_find, api_token_touch
from vereinsforum.audit.context import api_channel
from vereinsforum.lib.ratelimit import Limit, client_ip

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BEARER_CHALLENGE = 'Bearer realm="vereinsforum", error="invalid_token"'


def token_limit() -> Limit:
    """Requests per token and window (settings.API_RATE_LIMIT = (count, seconds))."""
    count, window = getattr(settings, "API_RATE_LIMIT", (300, 60))
    return Limit(name="api_token", count=count, window=window)


def failure_limit() -> Limit:
    """Failed token checks per client address: guessing is slow, and stays slow."""
    count, window = getattr(settings, "API_AUTH_FAILURE_LIMIT", (30, 60))
    return Limit(name="api_auth_ip", count=count, window=window)


def _unauthorized(request, detail: str) -> ApiProblem:
    limit = failure_limit()
    if not limit.hit(client_ip(request)):
        return ApiProblem(
            429,
            "rate-limited",
            _("Too many failed attempts. Please wait and try again."),
            headers={"Retry-After": str(limit.window)},
        )
    return ApiProblem(401, "unauthorized", detail, headers={"WWW-Authenticate": BEARER_CHALLENGE})


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken:
        found = api_token_find(token.strip())
        now = timezone.now()
        if found is None:
            raise _unauthorized(request, _("This API token is not valid."))
        if found.revoked_at is not None:
            raise _unauthorized(request, _("This API token has been revoked."))
        if found.expires <= now:
            raise _unauthorized(request, _("This API token has expired."))
        user = found.user
        if not user.is_active:
            raise _unauthorized(request, _("The account of this API token is deactivated."))
        limit = token_limit()
        if not limit.hit(f"token:{found.pk}"):
            raise ApiProblem(
                429,
                "rate-limited",
                _("Too many requests with this token. Please wait and try again."),
                headers={"Retry-After": str(limit.window)},
            )
        api_token_touch(found, now)
        request.user = user
        request.api_token = found
        api_channel(found)  # audit entries of this request: "API token <id>:<prefix>"
        if not acting_user(user):
            raise ApiProblem(
                403, "forbidden", _("Your account does not act for an organisation any more.")
            )
        if found.read_only and request.method not in SAFE_METHODS:
            raise ApiProblem(403, "read-only", _("This API token may only read."))
        return found
