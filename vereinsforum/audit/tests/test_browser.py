"""The audit log in a browser: a coordinator filters by channel and period, the filtered
page and its error state pass axe, and the export link downloads what the filter shows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vereinsforum.audit.context import Channel, channel
from vereinsforum.audit.services import audit_record
from vereinsforum.lib.actors import SystemActor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_filters_the_log_and_exports_it(
    page, login, assert_accessible, coordinator, programme, association
):
    with channel(Channel.API, "3:vf_0a1b2c3d"):
        audit_record(actor=coordinator, action="organisation.update", target=association)
    with channel(Channel.COMMAND, "load_demo"):
        audit_record(actor=SystemActor("load_demo"), action="programme.create", target=programme)
        audit_record(actor=SystemActor("load_demo"), action="forum.poll_create", target=programme)
    login("coordinator")
    page.goto("/protokoll/")
    assert_accessible(page)
    rows = page.locator("table.kern-table tbody tr")
    start = rows.count()
    assert start >= 3  # the login's own entries may come on top

    page.select_option("#f-channel", "command")
    today = timezone.localdate().isoformat()
    page.fill("#f-start", today)
    page.fill("#f-end", today)
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**channel=command**")
    expect(rows).to_have_count(2)
    expect(page.locator("table.kern-table tbody")).to_contain_text("load_demo")
    expect(page.locator("table.kern-table tbody")).not_to_contain_text("3:vf_0a1b2c3d")
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    content = Path(info.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert sorted(row[5] for row in table[1:]) == ["poll.create", "programme.create"]

    # A period that ends before it starts: the error is shown at the field, accessibly.
    page.fill("#f-start", today)
    page.fill("#f-end", "2007-05-14")
    page.get_by_role("button", name="Filtern").click()
    expect(page.locator("#f-end-error")).to_be_visible()
    expect(page.locator("#f-end")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
