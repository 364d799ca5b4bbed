"""Translations are tied to the source revision they were made from and flagged outdated
once the section changes; the reader shows each language, Arabic right to left."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vereinsforum.guides import services
from vereinsforum.guides.models import GuideLanguage
from vereinsforum.guides.reading import available_languages, read_guide
from vereinsforum.guides.tests.conftest import make_guide, publish
from vereinsforum.lib.actors import TEST


def test_a_translation_is_outdated_after_the_source_changes(programme):
    guide = make_guide(programme, sections=2)
    first, second = guide.sections.order_by("position")
    tr1 = services.translation_save(
        actor=TEST, section=first, language="tr", title="Bölüm 1", body="Metin 1."
    )
    tr2 = services.translation_save(
        actor=TEST, section=second, language="tr", title="Bölüm 2", body="Metin 2."
    )
    assert tr1.source.number == 1 and not tr1.is_outdated() and not tr2.is_outdated()

    services.section_revise(actor=TEST, section=first, title="Abschnitt 1", body="Neu.")
    tr1.refresh_from_db()
    assert tr1.is_outdated()
    assert not tr2.is_outdated()  # the other section did not change
    flags = {s.section.pk: s.outdated for s in read_guide(guide, "tr")}
    assert flags == {first.pk: True, second.pk: False}

    # A new version from the new revision is current again; the old one stays outdated.
    tr1b = services.translation_save(
        actor=TEST, section=first, language="tr", title="Bölüm 1", body="Yeni."
    )
    assert tr1b.source.number == 2 and not tr1b.is_outdated()
    assert first.translation("tr") == tr1b
    assert {s.section.pk: s.outdated for s in read_guide(guide, "tr")}[first.pk] is False


def test_leichte_sprache_is_a_version_of_its_own(programme):
    guide = make_guide(programme, sections=1)
    section = guide.sections.get()
    services.translation_save(
        actor=TEST,
        section=section,
        language=GuideLanguage.EASY,
        title="Das Kassen-Buch",
        body="Im Kassen-Buch steht jedes Geld.",
    )
    assert available_languages(guide) == ["de", "de-x-ls"]
    (easy,) = read_guide(guide, GuideLanguage.EASY)
    assert easy.title == "Das Kassen-Buch" and easy.lang == "de" and easy.translated


def test_translation_rules(programme):
    guide = make_guide(programme, sections=2)
    first, second = guide.sections.order_by("position")
    with pytest.raises(ValidationError):  # German is the source, not a translation
        services.translation_save(actor=TEST, section=first, language="de", title="x", body="y")
    with pytest.raises(ValidationError):  # from another section's revision
        services.translation_save(
            actor=TEST,
            section=first,
            language="en",
            title="x",
            body="y",
            source=second.current,
        )


def test_reader_shows_arabic_right_to_left_and_marks_german_fallback(client, programme):
    guide = make_guide(programme, sections=2)
    first, second = guide.sections.order_by("position")
    services.translation_save(
        actor=TEST, section=first, language="ar", title="دفتر الصندوق", body="نص عربي."
    )
    publish(guide)
    response = client.get(reverse("guides:detail", args=[guide.slug]) + "?sprache=ar")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<article class="guide" lang="ar" dir="rtl">', html)
    arabic = re.search(
        rf'<section class="guide-section" aria-labelledby="section-{first.pk}" '
        r'lang="(\w+)" dir="(\w+)">',
        html,
    )
    german = re.search(
        rf'<section class="guide-section" aria-labelledby="section-{second.pk}" '
        r'lang="(\w+)" dir="(\w+)">',
        html,
    )
    assert arabic.groups() == ("ar", "rtl")
    assert german.groups() == ("de", "ltr")  # not translated: the German text, marked German
    assert "دفتر الصندوق" in html and "Text von Abschnitt 2." in html


def test_reader_falls_back_to_german_for_a_language_without_translation(client, programme):
    guide = publish(make_guide(programme, sections=1))
    html = client.get(reverse("guides:detail", args=[guide.slug]) + "?sprache=ru").content.decode()
    assert '<article class="guide" lang="de" dir="ltr">' in html
