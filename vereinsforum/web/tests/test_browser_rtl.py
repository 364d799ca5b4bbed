"""Right to left in Chromium: on Arabic pages every Latin name keeps its own direction
("Anadolu e.V.", never ".Anadolu e.V"), section headings stand on the right, table cells are
spaced; axe-core on every page visited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from vereinsforum.events.services.invitations import invitation_send
from vereinsforum.events.services.registration import registration_create
from vereinsforum.events.tests.factories import EventFactory
from vereinsforum.forum.services import bodies, polls
from vereinsforum.lib.actors import TEST
from vereinsforum.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Anadolu e.V."

#: Text nodes holding the name outside an isolate: a <bdi>, or an element that sets its own
#: direction (dir="auto" on an option, dir="ltr" on a German text).
UNISOLATED = """name => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.includes(name)) continue;
    let el = node.parentElement;
    while (el && el !== document.body && el.tagName !== "BDI" && !el.hasAttribute("dir")) {
      el = el.parentElement;
    }
    if (!el || el === document.body) {
      found.push(`${node.parentElement.tagName}: ${node.textContent.trim().slice(0, 80)}`);
    }
  }
  return found;
}"""


def _switch_to_arabic(page):
    page.goto("/dashboard/")
    page.select_option("#language-select", "ar")
    with page.expect_navigation():
        page.click(".language-switcher button[type=submit]")
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_latin_names_stay_isolated_on_arabic_pages(
    page, login, assert_accessible, coordinator, programme, association, representative
):
    assert association.name == NAME
    event = EventFactory(
        programme=programme, title="Grundlagenschulung Buchhaltung", audience="chosen"
    )
    invitation_send(actor=TEST, event=event, organisations=[association])
    registration_create(
        actor=TEST, event=event, person=representative.person, organisation=association
    )
    body = bodies.body_create(
        actor=TEST, programme=programme, name="Forum der Vereine", quorum_percent=50
    )
    bodies.membership_add(
        actor=TEST,
        body=body,
        organisation=association,
        start=date(2007, 5, 31),
        delegate=representative.person,
    )
    opens = timezone.now() - timedelta(minutes=5)
    poll = polls.poll_create(
        actor=TEST,
        body=body,
        title="Schwerpunkte",
        method="schulze",
        opens_at=opens,
        closes_at=opens + timedelta(hours=1),
    )
    factories.OrganisationFactory(name="Centro Italiano e.V.")

    login("coordinator")
    _switch_to_arabic(page)
    pages = [
        "/organisationen/",
        f"/organisationen/{association.pk}/",
        "/organisationen/personen/",
        f"/veranstaltungen/{event.pk}/",
        f"/veranstaltungen/{event.pk}/einladungen/",
        f"/veranstaltungen/{event.pk}/anmeldungen/",
        f"/veranstaltungen/{event.pk}/einlass/",
        f"/veranstaltungen/verlauf/verein/{association.pk}/",
        "/veranstaltungen/neu/",
        "/forum/",
        f"/forum/abstimmungen/{poll.pk}/papier/",
        "/protokoll/",
    ]
    named = []
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        if page.get_by_text(NAME).count():
            named.append(path)
        assert page.evaluate(UNISOLATED, NAME) == [], path
        assert_accessible(page)
    # The check above found the name where it was to be found.
    assert set(pages) - set(named) <= {f"/veranstaltungen/{event.pk}/", "/protokoll/"}

    # Section headings of a form stand at the start of the line: on the right.
    page.goto("/veranstaltungen/neu/")
    group = page.locator("fieldset.event-form__group").first
    legend = group.locator("legend").first.bounding_box()
    box = group.bounding_box()
    assert abs((legend["x"] + legend["width"]) - (box["x"] + box["width"])) < 2
    label = page.locator("label[for=id_programme]").bounding_box()
    assert legend["y"] + legend["height"] <= label["y"]

    # Table cells are spaced on both sides and their text starts on the right.
    page.goto("/organisationen/")
    cell = page.locator("tbody .kern-table__cell").nth(1)
    style = cell.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.textAlign, parseFloat(s.paddingLeft), parseFloat(s.paddingRight)]; }"
    )
    assert style[0] in ("start", "right")
    assert min(style[1], style[2]) >= 4 and max(style[1], style[2]) >= 8
