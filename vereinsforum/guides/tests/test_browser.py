"""Browser journeys: writing a section with the live preview, comparing revisions, the
review to publication, and reading — in German and in Arabic, axe-clean on every page.

Selectors are form actions and ids, not button texts: the texts change with the catalogues."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from vereinsforum.events.models import OutboxMessage
from vereinsforum.guides import services
from vereinsforum.guides.models import GuideStatus
from vereinsforum.guides.notifications import MAIL_KIND
from vereinsforum.guides.tests.conftest import enrol, make_guide, publish
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch_to_arabic(page):
    page.goto("/dashboard/")
    page.select_option("#language-select", "ar")
    with page.expect_navigation():
        page.click(".language-switcher button[type=submit]")
    assert page.locator("html").get_attribute("dir") == "rtl"


def _post(page, action: str):
    with page.expect_navigation():
        page.click(f'form[action="{action}"] button[type=submit]')


def _edit_review_publish(page, assert_accessible, guide):
    section = guide.sections.order_by("position").first()
    edit_url = f"/leitfaeden/{guide.slug}/bearbeiten/"
    page.goto(edit_url)
    assert_accessible(page)

    # Write: the preview follows the typing, through the sanitiser.
    page.goto(f"/leitfaeden/abschnitte/{section.pk}/")
    body = page.locator("#id_body")
    body.fill("Jede **Einnahme** braucht einen Beleg.\n\n<script>alert(1)</script>")
    preview = page.locator("#guide-preview")
    expect(preview.locator("strong")).to_have_text("Einnahme")
    expect(preview.locator("script")).to_have_count(0)
    assert_accessible(page)
    page.fill("#id_note", "Beleg-Grundsatz")
    with page.expect_navigation():
        page.click(".guide-editor__form button[type=submit]")
    assert section.revisions.count() == 2

    # Compare the two revisions.
    with page.expect_navigation():
        page.click(".guide-compare button[type=submit]")
    expect(page.locator(".guide-diff ins").first).to_contain_text("Einnahme")
    expect(page.locator(".guide-diff del").first).to_contain_text("Text von Abschnitt 1.")
    assert_accessible(page)

    # Review: submit, comment, resolve, approve, publish.
    page.goto(edit_url)
    _post(page, f"/leitfaeden/{guide.slug}/schritt/einreichen/")
    page.goto(f"/leitfaeden/abschnitte/{section.pk}/")
    page.fill("#id_text", "Bitte ein Beispiel für einen Eigenbeleg ergänzen.")
    _post(page, f"/leitfaeden/abschnitte/{section.pk}/kommentare/")
    expect(page.locator(".guide-comment")).to_contain_text("Eigenbeleg")
    assert_accessible(page)
    comment = section.comments.get()
    _post(page, f"/leitfaeden/kommentare/{comment.pk}/erledigt/")
    page.goto(edit_url)
    _post(page, f"/leitfaeden/{guide.slug}/schritt/freigeben/")
    assert_accessible(page)
    _post(page, f"/leitfaeden/{guide.slug}/schritt/veroeffentlichen/")
    guide.refresh_from_db()
    assert guide.status == GuideStatus.PUBLISHED
    assert_accessible(page)


def _world(programme, association):
    enrol(programme, association)
    chair = factories.PersonFactory(preferred_language="ar")
    factories.AffiliationFactory(person=chair, organisation=association, role="contact")
    return make_guide(programme, title="Leitfaden Vereinsbuchhaltung", sections=2)


def test_edit_review_publish_and_read_in_german(
    page, login, assert_accessible, coordinator, programme, association
):
    guide = _world(programme, association)
    login("coordinator")
    _edit_review_publish(page, assert_accessible, guide)
    assert list(OutboxMessage.objects.filter(kind=MAIL_KIND).values_list("language", flat=True))[
        -1:
    ] == ["ar"]

    # Read, logged out, from the library.
    page.goto("/")
    page.click(".site-header__account button[type=submit]")
    page.goto("/leitfaeden/")
    assert_accessible(page)
    page.click(f'a[href="/leitfaeden/{guide.slug}/"]')
    expect(page.locator("article.guide h1")).to_have_text("Leitfaden Vereinsbuchhaltung")
    expect(page.locator("article.guide")).to_have_attribute("lang", "de")
    expect(page.locator("article.guide strong")).to_have_text("Einnahme")
    assert_accessible(page)


def test_edit_review_publish_and_read_in_arabic(
    page, login, assert_accessible, coordinator, programme, association
):
    guide = _world(programme, association)
    login("coordinator")
    _switch_to_arabic(page)
    _edit_review_publish(page, assert_accessible, guide)

    # An Arabic translation of the first section; the reader shows it right to left.
    first, second = guide.sections.order_by("position")
    services.translation_save(
        actor=TEST,
        section=first,
        language="ar",
        title="الإيرادات والإيصالات",
        body="كل **إيراد** يحتاج إلى إيصال.",
    )
    page.goto(f"/leitfaeden/abschnitte/{first.pk}/uebersetzung/ar/")
    assert_accessible(page)
    page.goto(f"/leitfaeden/{guide.slug}/")
    page.click('a[hreflang="ar"]')
    article = page.locator("article.guide")
    expect(article).to_have_attribute("dir", "rtl")
    expect(article).to_have_attribute("lang", "ar")
    arabic = page.locator(f"#section-{first.pk}").locator("xpath=..")
    expect(arabic).to_have_attribute("dir", "rtl")
    expect(arabic.locator("h2")).to_have_text("الإيرادات والإيصالات")
    # The untranslated section is the German text, marked German and left to right.
    german = page.locator(f"#section-{second.pk}").locator("xpath=..")
    expect(german).to_have_attribute("lang", "de")
    expect(german).to_have_attribute("dir", "ltr")
    # Right to left really: the heading stands at the right edge of its section.
    box = arabic.locator("h2").bounding_box()
    section_box = arabic.bounding_box()
    heading_right = box["x"] + box["width"]
    assert abs(heading_right - (section_box["x"] + section_box["width"])) < 2
    assert_accessible(page)


def test_a_members_only_guide_in_arabic_for_the_representative(
    page, login, assert_accessible, representative, programme, association
):
    enrol(programme, association)
    guide = make_guide(programme, title="Leitfaden Mitglieder", visibility="members", sections=1)
    services.translation_save(
        actor=TEST,
        section=guide.sections.get(),
        language="ar",
        title="للأعضاء",
        body="نص للأعضاء فقط.",
    )
    publish(guide)
    login("representative")
    _switch_to_arabic(page)
    page.goto("/leitfaeden/?language=ar")
    assert_accessible(page)
    expect(page.locator(".guide-list__item")).to_have_count(1)
    page.goto(f"/leitfaeden/{guide.slug}/?sprache=ar")
    expect(page.locator("article.guide")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
