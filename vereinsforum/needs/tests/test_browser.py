"""Browser: the capture form used with the keyboard only, and the evaluation pages; axe-clean."""

from __future__ import annotations

import re

import pytest

from vereinsforum.needs.models import FieldAnswer, Interview, Status
from vereinsforum.needs.tests.conftest import fill
from vereinsforum.needs.tests.test_views import NEEDS
from vereinsforum.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches `selector` (keyboard only, no clicks)."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached {selector} with the Tab key")


def test_capture_form_with_the_keyboard_only(
    page, login, assert_accessible, wave, association, interviewer
):
    login("interviewer")
    page.goto(f"/bedarfsanalyse/wellen/{wave.pk}/")
    assert_accessible(page)
    tab_to(page, ".needs-todo button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bedarfsanalyse/interviews/\d+/$"))
    interview = Interview.objects.get(wave=wave, organisation=association)
    assert_accessible(page)

    fields = list(wave.instrument.ordered_fields())
    for f in fields:
        tab_to(page, f'input[name="f{f.pk}-competence"]')
        page.keyboard.press("Space")  # level 1
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")  # level 3
        tab_to(page, f'input[name="f{f.pk}-need"]')
        page.keyboard.press("Space")
        for _ in range(3):
            page.keyboard.press("ArrowRight")  # level 4
    bookkeeping = next(f for f in fields if f.key == "bookkeeping")
    tab_to(page, f'textarea[name="f{bookkeeping.pk}-comment"]')
    page.keyboard.type("Kassenbuch wird von Hand geführt")
    page.keyboard.press("Tab")  # leaving the textarea fires change: autosave
    page.wait_for_function(
        "() => /\\d\\d:\\d\\d:\\d\\d/.test(document.getElementById('autosave-status').textContent)"
    )
    page.wait_for_timeout(300)
    answer = FieldAnswer.objects.get(interview=interview, field=bookkeeping)
    assert (answer.competence, answer.need) == (3, 4)
    assert answer.comment == "Kassenbuch wird von Hand geführt"
    assert_accessible(page)

    tab_to(page, "button[name=action][value=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.wait_for_function("() => !document.querySelector('#capture-form')")
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED
    assert FieldAnswer.objects.filter(interview=interview, need=4, competence=3).count() == 7
    assert_accessible(page)


def test_evaluation_pages_are_accessible(
    page, login, assert_accessible, wave, association, other_association, coordinator
):
    orgs = [association, other_association] + [factories.OrganisationFactory() for _ in range(4)]
    fill(wave, NEEDS, organisations=orgs)
    login("coordinator")
    for path in (
        f"/bedarfsanalyse/wellen/{wave.pk}/auswertung/",
        f"/bedarfsanalyse/wellen/{wave.pk}/heatmap/",
        f"/bedarfsanalyse/wellen/{wave.pk}/cluster/",
        f"/bedarfsanalyse/wellen/{wave.pk}/multiplikatoren/",
        f"/bedarfsanalyse/wellen/{wave.pk}/",
        f"/bedarfsanalyse/vereine/{association.pk}/",
        "/bedarfsanalyse/",
        "/bedarfsanalyse/instrument/",
        f"/bedarfsanalyse/instrument/{wave.instrument.pk}/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    page.goto(f"/bedarfsanalyse/wellen/{wave.pk}/auswertung/")
    page.get_by_text("Buchhaltung").first.wait_for()
    assert page.locator("table").count() >= 2

    # Presentation mode: one slide at a time, the arrow key moves on.
    page.goto(f"/bedarfsanalyse/wellen/{wave.pk}/praesentation/")
    assert_accessible(page)
    visible = page.locator(".slide:visible")
    assert visible.count() == 1
    page.keyboard.press("ArrowRight")
    assert page.locator(".slide.is-current h2").inner_text() != ""
    assert page.locator(".slide:visible").count() == 1
    assert_accessible(page)


def test_evaluation_is_accessible_in_arabic_right_to_left(page, assert_accessible, wave):
    fill(wave, NEEDS)
    page.goto("/")
    page.select_option("#language-select", "ar")
    page.click(".language-switcher button[type=submit]")
    page.goto(f"/bedarfsanalyse/wellen/{wave.pk}/auswertung/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert_accessible(page)
