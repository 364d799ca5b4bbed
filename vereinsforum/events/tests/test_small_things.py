"""What a user notices on the events pages: headings, long lists, confirmations, badges."""

from __future__ import annotations

import lxml.html
import pytest

from vereinsforum.testing import factories

pytestmark = pytest.mark.django_db


def _html(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _classed(tree, tag: str, css_class: str) -> list:
    return tree.xpath(
        f'.//{tag}[contains(concat(" ", normalize-space(@class), " "), " {css_class} ")]'
    )


def test_event_form_sections_put_their_fields_under_the_heading(client, team_member, programme):
    # KERN floats a fieldset's legend; fields straight after it ran into the heading
    # ("WasProgramm"). KERN's body container clears the float and spaces the fields.
    client.force_login(team_member)
    page = _html(client.get("/veranstaltungen/neu/"))
    groups = _classed(page, "fieldset", "event-form__group")
    assert len(groups) == 5
    for group in groups:
        legend, *rest = [child for child in group if isinstance(child.tag, str)]
        assert legend.tag == "legend"
        assert len(rest) == 1 and "kern-fieldset__body" in rest[0].classes, legend.text_content()
    assert groups[0].xpath('./div[@class="kern-fieldset__body"]//select[@id="id_programme"]')


def test_the_association_list_works_without_javascript(client, team_member, programme):
    # The search is an enhancement: the page itself holds every box in a scrolling list, and
    # the search field stays hidden until web/choice-filter.js shows it.
    names = [f"Verein {n:02d} e.V." for n in range(30)]
    for name in names:
        factories.OrganisationFactory(name=name)
    client.force_login(team_member)
    page = _html(client.get("/veranstaltungen/neu/"))
    (group,) = page.xpath('//fieldset[@data-choice-filter][.//input[@name="associations"]]')
    assert "data-choice-filter" in group.attrib
    assert group.xpath('.//div[@class="choice-list__filter"]/@hidden') == [""]
    assert group.xpath('.//label[@for="id_associations_filter"]')
    status = group.xpath('.//*[contains(@class, "choice-list__status")]')[0]
    assert status.get("aria-live") == "polite"
    boxes = group.xpath('.//div[@id="id_associations_choices"]//input[@type="checkbox"]')
    assert len(boxes) == 30
    assert page.xpath('//script[contains(@src, "web/choice-filter.js")]')
