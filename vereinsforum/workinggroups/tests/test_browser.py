"""Browser journey: a member association's representative opens the group from the list and
moves a task on, in place (htmx), on pages axe-core finds no barrier on."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vereinsforum.workinggroups.models import TaskStatus
from vereinsforum.workinggroups.services import task_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_representative_moves_a_task_on_in_place(
    page, login, assert_accessible, coordinator, representative, group, treasurer
):
    task = task_create(
        actor=coordinator,
        group=group,
        title="Kapitel Kassenbuch schreiben",
        owner=treasurer,
        due_on=date(2007, 12, 15),
    )
    login("representative")
    page.goto("/arbeitsgruppen/")
    assert_accessible(page)
    page.get_by_role("link", name=group.name).click()
    expect(page.locator("h1")).to_have_text(group.name)
    expect(page.locator("main")).to_contain_text("Erarbeitung eines Leitfadens")
    expect(page.locator("main")).to_contain_text(treasurer.full_name)
    assert_accessible(page)

    row = page.locator(f"#task-{task.pk}")
    expect(row.locator("[data-status]")).to_have_attribute("data-status", "open")
    # A marker on the window: it survives only if the page is not reloaded.
    page.evaluate("window.stayedOnPage = true")
    row.locator("select").select_option(TaskStatus.DONE.value)
    row.locator("button[type=submit]").click()
    row = page.locator(f"#task-{task.pk}")
    expect(row.locator("[data-status]")).to_have_attribute("data-status", "done")
    expect(row.get_by_role("status")).to_have_count(1)
    assert page.evaluate("window.stayedOnPage === true")
    task.refresh_from_db()
    assert (task.status, task.done_on) == (TaskStatus.DONE, timezone.localdate())
    assert_accessible(page)
