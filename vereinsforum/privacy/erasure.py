"""Part of a person's erasure: their name leaves the free text of the apps listed in
builtin_erasure.SCRUBBED_TEXT (whose own apps have no `erase_person` for it), translations
included. Issued council papers are not touched: they are frozen records (registry)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.apps import apps as django_apps
from django.db.models import Q

from vereinsforum.privacy.builtin_erasure import SCRUBBED_TEXT

PLACEHOLDER = "–"


def _i18n(model, name: str) -> str | None:
    try:
        model._meta.get_field(f"{name}_i18n")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: the field has no translations
        return None
    return f"{name}_i18n"


def free_text_erase(*, terms: Iterable[str]) -> int:
    """Replace every term in the listed fields; returns the rows changed."""
    terms = [t.strip() for t in terms if t and t.strip()]
    if not terms:
        return 0
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    changed = 0
    for label, names in SCRUBBED_TEXT.items():
        try:
            model = django_apps.get_model(label)
        except LookupError:
            continue
        for name in names:
            match = Q()
            for term in terms:
                match |= Q(**{f"{name}__icontains": term})
            translations = _i18n(model, name)
            for row in model._default_manager.filter(match):
                setattr(row, name, pattern.sub(PLACEHOLDER, getattr(row, name)))
                fields = [name]
                if translations and isinstance(getattr(row, translations), dict):
                    values = getattr(row, translations)
                    setattr(
                        row,
                        translations,
                        {
                            k: pattern.sub(PLACEHOLDER, v) if isinstance(v, str) else v
                            for k, v in values.items()
                        },
                    )
                    fields.append(translations)
                row.save(update_fields=fields)
                changed += 1
            if translations:
                # A name only in a translation: JSON lookups differ per database, so search
                # the rows that have translations in Python.
                for row in model._default_manager.exclude(match):
                    values = getattr(row, translations)
                    if not isinstance(values, dict):
                        continue
                    cleaned = {
                        k: pattern.sub(PLACEHOLDER, v) if isinstance(v, str) else v
                        for k, v in values.items()
                    }
                    if cleaned != values:
                        setattr(row, translations, cleaned)
                        row.save(update_fields=[translations])
                        changed += 1
    return changed
