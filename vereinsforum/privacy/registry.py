"""What the code declares about personal data: the processing activities (purposes, legal
bases, data categories with their model fields, recipients, retention) and how erasure
reaches every model. The record of processing activities (Art. 30 GDPR) is generated from
this, and tests hold the declarations to the models (fields exist; every model with a
person, an account or free text is covered).

Each app declares its own through its AppConfig:

- `privacy_declarations() -> list[Processing]`
- `privacy_erasure() -> dict[str, Erasure]`, keyed by model label ("events.Registration").

For the apps that do not (yet) define these hooks, `BUILTIN` (builtin_processing.py) and
`BUILTIN_ERASURE` (builtin_erasure.py) declare them; a hook, once an app has one, replaces
the built-in entries of that app. The types are in declarations.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps as django_apps

from vereinsforum.privacy.builtin_erasure import BUILTIN_ERASURE
from vereinsforum.privacy.builtin_processing import BUILTIN
from vereinsforum.privacy.declarations import DataCategory, Erasure, LegalBasis, Processing


def processing_activities() -> list[Processing]:
    """Every declared processing activity of the installed apps, in app order."""
    out: list[Processing] = []
    for config in django_apps.get_app_configs():
        hook = getattr(config, "privacy_declarations", None)
        out.extend(hook() if hook is not None else BUILTIN.get(config.label, []))
    return out


def erasure_coverage() -> dict[str, Erasure]:
    out: dict[str, Erasure] = {}
    for config in django_apps.get_app_configs():
        hook = getattr(config, "privacy_erasure", None)
        out.update(hook() if hook is not None else BUILTIN_ERASURE.get(config.label, {}))
    return out


def by_legal_basis() -> dict[LegalBasis, list[Processing]]:
    grouped: dict[LegalBasis, list[Processing]] = {basis: [] for basis in LegalBasis}
    for activity in processing_activities():
        grouped[activity.legal_basis].append(activity)
    return grouped


@dataclass
class Model:
    """For the pages: a declared model with its verbose field names."""

    label: str
    name: str
    fields: list[str] = field(default_factory=list)


def describe(category: DataCategory) -> Model | None:
    if not category.model:
        return None
    try:
        model = django_apps.get_model(category.model)
    except LookupError:
        return None
    names = []
    for name in category.fields:
        names.append(str(model._meta.get_field(name).verbose_name))
    return Model(category.model, str(model._meta.verbose_name_plural), names)
