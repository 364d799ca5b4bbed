"""A small fixed-window rate limiter on Django's cache, for the anonymous forms.

Login attempts are django-axes' job (settings.AXES_*); this covers what axes does not see:
the password-reset form and the accessibility feedback form, which anybody can post.

The counters live in the default cache. In production that is the file cache under var/
(settings.CACHES), which every worker process on the host shares; the increment is not atomic
there, so a burst of parallel requests may pass a few more than the limit. That is enough to
stop a script filling the outbox or the feedback table, which is all this is for.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a value stored and compared, never bound to


def client_ip(request) -> str:
    """The client's address as the proxy in front reports it.

    By default REMOTE_ADDR. Behind a reverse proxy that connects over TCP every request
    would come from the proxy; then the proxy must overwrite a header with the client's
    address (nginx: `proxy_set_header X-Real-IP $remote_addr;`) and CLIENT_IP_HEADER names
    it (`HTTP_X_REAL_IP`). A header the proxy does not overwrite can be forged by the
    client, so it is never read unless configured; of a list (X-Forwarded-For) only the last
    entry counts, the one our proxy appended. django-axes uses the same function.
    """
    header = settings.CLIENT_IP_HEADER
    candidates = [request.META.get(header) if header else None, request.META.get("REMOTE_ADDR")]
    for candidate in candidates:
        address = (candidate or "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            continue
    # No usable address (a request built in-process, e.g. Client.force_login): the
    # unspecified address, which django-axes can store (PostgreSQL's inet refuses "unknown").
    return UNKNOWN_ADDRESS


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `window` seconds for one key, from settings.RATE_LIMITS."""

    name: str
    count: int
    window: int

    @classmethod
    def named(cls, name: str) -> Limit:
        count, window = settings.RATE_LIMITS[name]
        return cls(name=name, count=count, window=window)

    @property
    def minutes(self) -> int:
        return max(1, -(-self.window // 60))

    def hit(self, key: str) -> bool:
        """Count one hit for `key`; True while the key stays within the limit.

        Keys are hashed: an e-mail address never lands in the cache in clear.
        """
        window_index = int(time.time()) // self.window
        digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
        cache_key = f"ratelimit:{self.name}:{digest}:{window_index}"
        # add() creates the counter only when it is missing; incr() then counts this hit.
        cache.add(cache_key, 0, timeout=self.window + 5)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the counter expired between add() and incr()
            cache.set(cache_key, 1, timeout=self.window + 5)
            count = 1
        return count <= self.count

    def refusal(self) -> str:
        """The translated message for a refused request (the form keeps what was typed)."""
        return ngettext(
            "You have sent this form too often. Please wait %(minutes)d minute and try again.",
            "You have sent this form too often. Please wait %(minutes)d minutes and try again.",
            self.minutes,
        ) % {"minutes": self.minutes}
