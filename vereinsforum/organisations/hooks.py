"""What other apps add to the organisations' pages, asked through their AppConfig hooks.

Programmes (participation), events, needs and the rest build on organisations and import
it; organisations imports none of them, so the dependency runs one way. Where an
organisation's page or list shows another app's part, it asks the installed apps here:

- `organisation_detail_context(user, organisation) -> dict`: template context for the
  organisation's page (programmes: the participation steps and the form to record one);
- `participation_step_choices() -> list[tuple[str, str]]`: the steps the organisations
  list filters by (programmes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps as django_apps

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User
    from vereinsforum.organisations.models import Organisation


def detail_panels(user: User, organisation: Organisation) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for config in django_apps.get_app_configs():
        hook = getattr(config, "organisation_detail_context", None)
        if hook is not None:
            context.update(hook(user, organisation))
    return context


def participation_step_choices() -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = []
    for config in django_apps.get_app_configs():
        hook = getattr(config, "participation_step_choices", None)
        if hook is not None:
            choices.extend(hook())
    return choices
