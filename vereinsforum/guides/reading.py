"""A guide as a reader gets it in one language: per section the translation where there is
one (saying when it is behind the German text), else the German text, marked as German so
screen readers switch voice."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.safestring import SafeString

from vereinsforum.guides.models import (
    RTL_LANGUAGES,
    Guide,
    GuideLanguage,
    Revision,
    Section,
    Translation,
    html_lang,
)
from vereinsforum.guides.rendering import render_markdown


@dataclass(frozen=True)
class ReadSection:
    section: Section
    title: str
    html: SafeString
    language: str  # the guide language code the text is in
    lang: str  # its HTML lang attribute
    dir: str
    translated: bool  # False: the German text stands in for a missing translation
    outdated: bool


def direction(code: str) -> str:
    return "rtl" if code in RTL_LANGUAGES else "ltr"


def available_languages(guide: Guide) -> list[str]:
    """German and every language with at least one translated section, in menu order."""
    present = set(
        Translation.objects.filter(section__guide=guide).values_list("language", flat=True)
    )
    return [code for code in GuideLanguage.values if code == GuideLanguage.DE or code in present]


def read_guide(guide: Guide, language: str) -> list[ReadSection]:
    sections = guide.sections.prefetch_related(
        Prefetch("revisions", queryset=Revision.objects.order_by("-number")),
        Prefetch(
            "translations",
            queryset=Translation.objects.filter(language=language)
            .select_related("source")
            .order_by("-pk"),
        ),
    ).order_by("position")
    result = []
    for section in sections:
        revisions = list(section.revisions.all())
        current = revisions[0] if revisions else None
        versions = list(section.translations.all()) if language != GuideLanguage.DE else []
        if versions:
            version = versions[0]
            result.append(
                ReadSection(
                    section=section,
                    title=version.title,
                    html=render_markdown(version.body),
                    language=language,
                    lang=html_lang(language),
                    dir=direction(language),
                    translated=True,
                    outdated=current is not None and current.number > version.source.number,
                )
            )
        else:
            result.append(
                ReadSection(
                    section=section,
                    title=current.title if current else section.title,
                    html=render_markdown(current.body if current else ""),
                    language=GuideLanguage.DE,
                    lang="de",
                    dir="ltr",
                    translated=language == GuideLanguage.DE,
                    outdated=False,
                )
            )
    return result
