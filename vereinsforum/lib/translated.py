"""Translatable content stored on the row: the German text plus a JSON map of translations.

German is the source language of the office, so the plain column holds German and
`<field>_i18n` holds {"en": ..., "tr": ..., "ru": ..., "ar": ...}.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext


def translated(obj: models.Model, field: str, language: str | None = None) -> str:
    language = (language or get_language() or "de").split("-")[0]
    translations = getattr(obj, f"{field}_i18n", None) or {}
    return translations.get(language) or getattr(obj, field)


def TranslationsField(verbose_name: str = "translations") -> models.JSONField:  # noqa: N802
    return models.JSONField(verbose_name, default=dict, blank=True)


def translation_languages() -> list[str]:
    """The languages a text may be translated into: every site language but the source."""
    source = settings.LANGUAGE_CODE.split("-")[0]
    return [code for code, _name in settings.LANGUAGES if code != source]


def clean_translations(values: dict[str, str] | None) -> dict[str, str]:
    """The non-empty translations of `values`, stripped. Unknown languages are refused: the
    map is read by language code, and a stray key would never be shown."""
    known = translation_languages()
    cleaned: dict[str, str] = {}
    for code, text in (values or {}).items():
        if code not in known:
            raise ValidationError(
                gettext("“%(code)s” is not a language of this site.") % {"code": code}
            )
        text = (text or "").strip()
        if text:
            cleaned[code] = text
    return cleaned
