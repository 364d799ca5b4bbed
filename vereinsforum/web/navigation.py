"""Apps contribute to the main navigation and the dashboard without the shell knowing them.

An AppConfig may define:
- `nav_items(user) -> list[NavItem]`
- `dashboard_tasks(user) -> list[Task]`  (open to-dos for the dashboard)
- `dashboard_context(user) -> dict`  (what the app shows on the dashboard: the programmes
  app its programme panel, the events app the next events; each app its own keys)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    kwargs: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs=self.kwargs or None)


@dataclass(frozen=True)
class Task:
    label: str
    url: str
    count: int | None = None


def nav_items(user) -> list[NavItem]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "nav_items", None)
        if provider:
            items.extend(provider(user))
    return sorted(items, key=lambda item: item.order)


def dashboard_tasks(user) -> list[Task]:
    tasks: list[Task] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "dashboard_tasks", None)
        if provider:
            tasks.extend(provider(user))
    return tasks


def dashboard_context(user) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for config in apps.get_app_configs():
        provider = getattr(config, "dashboard_context", None)
        if provider:
            context.update(provider(user))
    return context
