"""By which channel a write came: a page, an API token, a management command, or the system.

`audit_record` reads the channel from a context variable, so no service needs a parameter
for it: the request middleware sets "page", the API's token check switches the request to
"api" (`api_channel`), and every management command runs inside `channel(COMMAND, name)`
(hooked in `AuditConfig.ready`). Anything else (a test, a shell script calling services
directly, a signal in a thread) is "system".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API token")
    COMMAND = "command", _("Command")
    SYSTEM = "system", _("System")


#: (channel, detail): the page's view name, the token's "id:prefix", the command's name.
_current: ContextVar[tuple[str, str]] = ContextVar("audit_channel", default=(Channel.SYSTEM, ""))

DETAIL_MAX = 100


def current() -> tuple[str, str]:
    return _current.get()


@contextmanager
def channel(kind: Channel, detail: str = "") -> Iterator[None]:
    """Writes inside this block are recorded as coming through `kind`."""
    token = _current.set((kind, detail[:DETAIL_MAX]))
    try:
        yield
    finally:
        _current.reset(token)


def api_channel(token: Any) -> None:
    """The rest of this request acts through the API token `token` (an api.ApiToken).

    Called by the API's token check once the token is accepted. It records the token's id
    and public prefix, never the secret. No block to leave: the page middleware around the
    request resets the variable when the request ends.
    """
    _current.set((Channel.API, f"{token.pk}:{token.prefix}"[:DETAIL_MAX]))


class ChannelMiddleware:
    """Every request is a "page" write unless the API's token check says otherwise."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        with channel(Channel.PAGE):
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The view's name, not the path: a path can hold a secret (an activation link).
        match = request.resolver_match
        if match is not None and _current.get()[0] == Channel.PAGE:
            _current.set((Channel.PAGE, (match.view_name or "")[:DETAIL_MAX]))
        return None


def install_command_hook() -> None:
    """Run every management command (`manage.py`, `vereinsforum`, `call_command`) inside
    `channel(COMMAND, <its name>)`. BaseCommand has no hook for this, so `execute` is
    wrapped once; the innermost command wins (load_demo calling another names that one)."""
    from django.core.management.base import BaseCommand

    if getattr(BaseCommand.execute, "_audit_channel", False):
        return
    original = BaseCommand.execute

    def execute(self, *args, **options):
        name = self.__class__.__module__.rsplit(".", 1)[-1]
        with channel(Channel.COMMAND, name):
            return original(self, *args, **options)

    execute._audit_channel = True  # type: ignore[attr-defined]  # marks the patch as done
    # No hook in BaseCommand for this (see the docstring): wrapped in place, once.
    BaseCommand.execute = execute  # type: ignore[method-assign]
