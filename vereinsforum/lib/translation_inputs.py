"""Form inputs for a translatable text (lib/translated.py): the German text is the form's own
field; each other site language gets an optional input `<field>_<code>` next to it, marked
with its language and writing direction so screen readers and browsers treat it right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import get_language_info, gettext

from vereinsforum.lib.translated import translation_languages

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def add_translation_inputs(
    form: forms.BaseForm,
    field: str,
    *,
    label: StrOrPromise,
    max_length: int | None = None,
    multiline: bool = False,
    initial: dict[str, str] | None = None,
) -> list[str]:
    """Add one optional input per translation language after `field`; returns their names.

    Call after the form's `__init__`: the inputs carry their KERN class themselves."""
    names = []
    for code in translation_languages():
        info = get_language_info(code)
        attrs = {
            "class": "kern-form-input__input",
            "lang": code,
            "dir": "rtl" if info["bidi"] else "ltr",
        }
        widget = forms.Textarea(attrs={**attrs, "rows": 3}) if multiline else forms.TextInput(attrs)
        name = f"{field}_{code}"
        form.fields[name] = forms.CharField(
            label=gettext("%(label)s in %(language)s")
            % {"label": label, "language": info["name_translated"]},
            required=False,
            max_length=max_length,
            widget=widget,
        )
        if initial and code in initial:
            form.initial.setdefault(name, initial[code])
        names.append(name)
    return names


def translations_from(cleaned_data: dict, field: str) -> dict[str, str]:
    """The translations typed for `field`, by language code (empty ones included)."""
    return {code: cleaned_data.get(f"{field}_{code}", "") for code in translation_languages()}


def translations_shown(values: dict[str, str] | None) -> list[tuple[str, str, str]]:
    """(language name, code, text) for each translation in `values`, in the site's order of
    languages; keys that are no site language are left out rather than break the page."""
    values = values or {}
    return [
        (get_language_info(code)["name_translated"], code, values[code])
        for code in translation_languages()
        if values.get(code)
    ]
