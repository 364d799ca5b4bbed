"""Apps contribute to the main navigation and the dashboard without the shell knowing them.

An AppConfig may define:
- `nav_items(user) -> list[NavItem]`
- `dashboard_tasks(user) -> list[Task]`  (open to-dos for the dashboard)
- `dashboard_context(user) -> dict`  (what the app shows on the dashboard: the programmes
  app its programme panel, the events app the next events; each app its own keys)

The navigation is on every page, and asking every app for it (and reversing each item's
URL) cost each page more than the bare request itself. It depends on the user only through
`navigation_key` (role, active, acting for an organisation): `nav_items` asks the apps once
per key and language in each process and keeps the answer. A `nav_items` hook must
therefore decide by those alone, never by the user's data (web/tests check every hook
against the key for every role).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django.apps import apps
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from vereinsforum.accounts.scoping import acting_user


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    kwargs: dict = field(default_factory=dict)

    @cached_property
    def url(self) -> str:
        return reverse(self.url_name, kwargs=self.kwargs or None)


@dataclass(frozen=True)
class Task:
    label: str
    url: str
    count: int | None = None


#: (navigation key, language, URL configuration, script prefix) -> the items, labels and
#: URLs resolved. A handful of entries: the roles × acting or not × the languages.
_navigation_cache: dict[tuple[Any, ...], tuple[NavItem, ...]] = {}


def navigation_key(user: Any) -> tuple[bool, bool, str, bool, bool]:
    """What the navigation may depend on: logged in, active, the role, whether the account
    acts (accounts/scoping.py acting_user) and whether it names an organisation."""
    authenticated = bool(user is not None and user.is_authenticated)
    if not authenticated:
        return (False, False, "", False, False)
    return (
        True,
        bool(user.is_active),
        str(user.role or ""),
        bool(acting_user(user)),
        bool(getattr(user, "acting_for_id", None)),
    )


def collect_nav_items(user: Any) -> list[NavItem]:
    """Every app's items for `user`, in their order, asked afresh (no cache)."""
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "nav_items", None)
        if provider:
            items.extend(provider(user))
    return sorted(items, key=lambda item: item.order)


def nav_items(user: Any) -> list[NavItem]:
    """The main navigation for `user`, from the cache when a user with the same key asked
    before in this language (see the module's docstring)."""
    key = (navigation_key(user), get_language(), get_urlconf(), get_script_prefix())
    items = _navigation_cache.get(key)
    if items is None:
        # Labels as text in the active language (part of the key); URLs reversed once.
        items = tuple(replace(item, label=str(item.label)) for item in collect_nav_items(user))
        for item in items:
            item.url  # noqa: B018 - fills the cached property
        _navigation_cache[key] = items
    return list(items)


def _clear_navigation_cache(*, setting: str, **kwargs: Any) -> None:
    # Tests that swap the URLs, the apps or the languages must not see a stale navigation.
    if setting in {"ROOT_URLCONF", "INSTALLED_APPS", "LANGUAGES", "LANGUAGE_CODE"}:
        _navigation_cache.clear()


setting_changed.connect(_clear_navigation_cache, dispatch_uid="web.navigation.cache")


def dashboard_tasks(user: Any) -> list[Task]:
    tasks: list[Task] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "dashboard_tasks", None)
        if provider:
            tasks.extend(provider(user))
    return tasks


def dashboard_context(user: Any) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for config in apps.get_app_configs():
        provider = getattr(config, "dashboard_context", None)
        if provider:
            context.update(provider(user))
    return context
