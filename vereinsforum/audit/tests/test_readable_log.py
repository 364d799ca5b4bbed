"""The audit log page shows labels: actions, field names and values as people read them."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from django.urls import reverse

import vereinsforum
from vereinsforum.audit import labels
from vereinsforum.audit.services import audit_record
from vereinsforum.organisations.changes import OrganisationFields
from vereinsforum.organisations.services import organisation_update

pytestmark = pytest.mark.django_db

#: Where the code passes an action to the log: action="…", _audit(actor, "…", …), and the
#: forum's `action = "…" if … else "…"`.
_ACTION = re.compile(
    r'(?:\baction\s*=\s*|_audit\(\s*\w+\s*,\s*)"([a-z_]+(?:\.[a-z_]+)+)"'
    r'|\baction\s*=\s*"[a-z_.]+"\s+if\b[^\n]*\belse\s+"([a-z_]+(?:\.[a-z_]+)+)"'
)


def _actions_in_the_code() -> set[str]:
    root = Path(vereinsforum.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for first, second in _ACTION.findall(path.read_text()):
            found.update(code for code in (first, second) if code)
    return found


def test_every_action_the_code_records_has_a_label():
    found = _actions_in_the_code()
    assert {"invitation.send", "registration.swap", "ballot.enter_paper"} <= found
    missing = sorted(found - set(labels.known_actions()))
    assert not missing, f"audit/labels.py has no label for {missing}"
    assert labels.action_label("participation.enrolled") != "participation.enrolled"


def test_the_log_shows_labels_not_codes_and_yes_or_no_not_false(
    client, coordinator, association, programme
):
    organisation_update(
        actor=coordinator, organisation=association, changes=OrganisationFields(member_count=12)
    )
    audit_record(
        actor=coordinator,
        action="invitation.answer",
        target=programme,
        changes={"secret": [False, True]},
    )
    client.force_login(coordinator)
    response = client.get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE="en")
    page = lxml.html.fromstring(response.content.decode())
    table = page.xpath("//table")[0].text_content()
    assert "Organisation changed" in table and "Invitation answered" in table
    assert "organisation.update" not in table and "invitation.answer" not in table
    assert "member_count" not in table
    assert re.search(r"Members\s*– → 12", table)
    assert "False" not in table and "No → Yes" in table
    assert f"Organisation #{association.pk}" in table
    # The action filter offers labels too.
    options = page.xpath('//select[@id="f-action"]/option/text()')
    assert "Organisation changed" in options and "organisation.update" not in options


def test_choices_relations_and_dates_are_shown_as_read(settings):
    from django.utils import translation

    settings.TIME_ZONE = "Europe/Berlin"
    with translation.override("en"):
        rows = labels.changes(
            "events.invitation",
            {
                "status": ["pending", "accepted"],
                "organisation": [None, "5"],
                "answered_at": [None, "2007-05-14T10:30:00+02:00"],
            },
        )
        shown = {row.field: (row.before, row.after) for row in rows}
    assert shown["Answer"] == ("Pending", "Accepted")
    assert shown["Association"] == ("–", "Organisation #5")
    assert shown["Answered"] == ("–", "05/14/2007 10:30 a.m.")
