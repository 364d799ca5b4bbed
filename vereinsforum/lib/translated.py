"""Translatable content stored on the row: the German text plus a JSON map of translations.

German is the source language of the office, so the plain column holds German and
`<field>_i18n` holds {"en": ..., "tr": ..., "ru": ..., "ar": ...}.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language


def translated(obj: models.Model, field: str, language: str | None = None) -> str:
    language = (language or get_language() or "de").split("-")[0]
    translations = getattr(obj, f"{field}_i18n", None) or {}
    return translations.get(language) or getattr(obj, field)


def TranslationsField(verbose_name: str = "translations") -> models.JSONField:  # noqa: N802
    return models.JSONField(verbose_name, default=dict, blank=True)
