"""What a user notices on the events pages: headings, long lists, confirmations, badges."""

from __future__ import annotations

import lxml.html
import pytest

from vereinsforum.events.models import RegistrationStatus
from vereinsforum.lib.actors import TEST
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


# ---- cancelling asks first ------------------------------------------------------------------


@pytest.fixture
def registered(programme, association, representative):
    from vereinsforum.events.services.registration import registration_create
    from vereinsforum.events.tests.factories import EventFactory

    event = EventFactory(programme=programme, title="Grundlagenschulung Buchhaltung")
    return registration_create(
        actor=TEST, event=event, person=representative.person, organisation=association
    )


def test_the_cancel_button_opens_a_question_instead_of_cancelling(
    client, representative, registered
):
    client.force_login(representative)
    page = _html(client.get(f"/veranstaltungen/{registered.event_id}/"))
    url = f"/veranstaltungen/anmeldung/{registered.pk}/abmelden/"
    # No form posts to the cancel address from the panel itself: only the dialog's does.
    (link,) = page.xpath(f'//a[@href="{url}"]')
    (dialog,) = page.xpath(f'//dialog[@id="{link.get("data-confirm")}"]')
    assert link.get("aria-haspopup") == "dialog"
    assert [f.getparent().tag for f in page.xpath(f'//form[@action="{url}"]')] == ["div"]
    assert dialog.xpath(f'.//form[@action="{url}"][@hx-post="{url}"]//button[@type="submit"]')
    assert dialog.xpath('.//button[@type="button"][@data-dialog-close][@autofocus]')
    title = dialog.xpath(f'.//*[@id="{dialog.get("aria-labelledby")}"]')[0]
    assert representative.person.full_name in title.text_content()
    registered.refresh_from_db()
    assert registered.status == RegistrationStatus.REGISTERED


def test_without_javascript_the_question_is_a_page_and_the_answer_cancels(
    client, representative, registered
):
    client.force_login(representative)
    url = f"/veranstaltungen/anmeldung/{registered.pk}/abmelden/"
    page = _html(client.get(url))
    assert representative.person.full_name in page.xpath("//h1")[0].text_content()
    assert page.xpath(f'//form[@method="post"][@action="{url}"]//button[@type="submit"]')
    assert page.xpath(f'//a[@href="/veranstaltungen/{registered.event_id}/"]')
    registered.refresh_from_db()
    assert registered.status == RegistrationStatus.REGISTERED  # asking changes nothing

    response = client.post(url)
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.status == RegistrationStatus.CANCELLED
    # A cancelled registration is not asked about again.
    assert client.get(url)["Location"] == f"/veranstaltungen/{registered.event_id}/"


def test_staff_are_asked_too_before_they_cancel_for_someone(client, team_member, registered):
    client.force_login(team_member)
    url = f"/veranstaltungen/anmeldung/{registered.pk}/stornieren/"
    page = _html(client.get(f"/veranstaltungen/{registered.event_id}/anmeldungen/"))
    (link,) = page.xpath(f'//a[@href="{url}"][@data-confirm]')
    assert page.xpath(f'//dialog[@id="{link.get("data-confirm")}"]//form[@action="{url}"]')
    assert _html(client.get(url)).xpath(f'//form[@action="{url}"]')
    registered.refresh_from_db()
    assert registered.status == RegistrationStatus.REGISTERED
    client.post(url)
    registered.refresh_from_db()
    assert registered.status == RegistrationStatus.CANCELLED


# ---- invitations that reached nobody ------------------------------------------------------


def test_an_invitation_to_an_association_without_contact_person_is_flagged_not_sent(
    client, team_member, programme
):
    from datetime import timedelta

    from django.utils import timezone

    from vereinsforum.events.models import OutboxMessage
    from vereinsforum.events.services.invitations import invitation_send
    from vereinsforum.events.tests.factories import EventFactory

    event = EventFactory(programme=programme)
    with_chair = factories.OrganisationFactory(name="Anadolu e.V.")
    factories.AffiliationFactory(organisation=with_chair, role="chair")
    nobody = factories.OrganisationFactory(name="Ohne Kontakt e.V.")
    only_member = factories.OrganisationFactory(name="Nur Mitglied e.V.")
    factories.AffiliationFactory(organisation=only_member, role="member")
    former_chair = factories.OrganisationFactory(name="Ehemals e.V.")
    factories.AffiliationFactory(
        organisation=former_chair, role="chair", end=timezone.localdate() - timedelta(days=1)
    )
    own_address = factories.OrganisationFactory(name="Adresse e.V.", email="post@adresse.example")
    orgs = [with_chair, nobody, only_member, former_chair, own_address]
    invitation_send(actor=TEST, event=event, organisations=orgs)
    # The outbox agrees: nobody was written to for the three flagged ones.
    mailed = set(OutboxMessage.objects.values_list("invitation__organisation__name", flat=True))
    assert mailed == {"Anadolu e.V.", "Adresse e.V."}

    client.force_login(team_member)
    page = _html(client.get(f"/veranstaltungen/{event.pk}/einladungen/"))
    rows = {
        row.xpath("./th")[0].text_content().strip(): row for row in page.xpath("//tbody/tr[th]")
    }
    flagged = {name for name, row in rows.items() if _classed(row, "span", "no-contact")}
    assert flagged == {"Ohne Kontakt e.V.", "Nur Mitglied e.V.", "Ehemals e.V."}
    sent_on = timezone.localdate().strftime("%d.%m.%Y")
    assert sent_on in rows["Anadolu e.V."].xpath("./td")[0].text_content()
    assert sent_on not in rows["Ohne Kontakt e.V."].xpath("./td")[0].text_content()


# ---- registering on behalf: only the chosen association's people -----------------------------


def _person_options(page) -> set[str]:
    return {o.text_content() for o in page.xpath('//select[@id="id_person"]/option[@value!=""]')}


def test_registering_on_behalf_offers_only_the_chosen_associations_people(
    client, team_member, programme, member
):
    from vereinsforum.events.tests.factories import EventFactory

    event = EventFactory(programme=programme)
    anadolu = factories.OrganisationFactory(name="Anadolu e.V.")
    centro = factories.OrganisationFactory(name="Centro Italiano e.V.")
    ayse, mehmet = member(anadolu), member(anadolu)
    giulia = member(centro)
    url = f"/veranstaltungen/{event.pk}/anmeldungen/"
    client.force_login(team_member)

    # Before an association is chosen (and without JavaScript) everyone affiliated is listed;
    # choosing one asks the page again for its people only.
    page = _html(client.get(url))
    everyone = {p.full_name for p in (ayse, mehmet, giulia)}
    assert _person_options(page) == everyone
    (select,) = page.xpath('//select[@id="id_organisation"]')
    assert select.get("hx-get") == url
    assert (select.get("hx-select"), select.get("hx-target")) == ("#id_person", "#id_person")
    page = _html(client.get(url, {"organisation": anadolu.pk}, HTTP_HX_REQUEST="true"))
    assert _person_options(page) == {ayse.full_name, mehmet.full_name}

    # A person of another association is refused, and the list stays narrowed.
    response = client.post(url, {"organisation": anadolu.pk, "person": giulia.pk})
    assert not event.registrations.exists()
    assert _person_options(_html(response)) == {ayse.full_name, mehmet.full_name}
    client.post(url, {"organisation": anadolu.pk, "person": ayse.pk})
    assert list(event.registrations.values_list("person", flat=True)) == [ayse.pk]


def test_a_service_error_naming_an_association_isolates_it_and_ends_in_one_full_stop(
    programme, association, outsider
):
    from django.core.exceptions import ValidationError

    from vereinsforum.events.services.registration import registration_create
    from vereinsforum.events.tests.factories import EventFactory
    from vereinsforum.lib.names import FSI, PDI

    event = EventFactory(programme=programme)
    with pytest.raises(ValidationError) as refused:
        registration_create(
            actor=TEST, event=event, person=outsider.person, organisation=association
        )
    (message,) = refused.value.messages
    assert message.endswith(f"is not a member of {FSI}Anadolu e.V.{PDI}")
    assert message.startswith(f"{FSI}{outsider.person}{PDI}")


def test_badges_for_accepted_and_pending_answers_differ_in_colour():
    from django.template.loader import render_to_string

    from vereinsforum.events.models import InvitationStatus

    def colour(status):
        html = lxml.html.fromstring(render_to_string("events/_status.html", {"status": status}))
        return {
            c for c in html.classes if c.startswith("kern-badge--") and c != "kern-badge--small"
        }

    colours = {status: colour(status) for status in InvitationStatus.values}
    assert colours == {
        "accepted": {"kern-badge--success"},
        "pending": {"kern-badge--warning"},
        "declined": {"kern-badge--danger"},
    }
    assert colour(RegistrationStatus.REGISTERED) == colours["accepted"]


def test_an_events_description_is_shown_in_the_readers_language(client, team_member, programme):
    from vereinsforum.events.tests.factories import EventFactory

    event = EventFactory(
        programme=programme,
        title="Grundlagenschulung Buchhaltung",
        description="Einnahmen und Ausgaben richtig buchen.",
        description_i18n={"ar": "تسجيل الإيرادات والنفقات بشكل صحيح."},
    )
    client.force_login(team_member)
    form = _html(client.get(f"/veranstaltungen/{event.pk}/bearbeiten/"))
    (arabic,) = form.xpath('//textarea[@name="description_ar"]')
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")
    assert arabic.text_content().strip() == "تسجيل الإيرادات والنفقات بشكل صحيح."
    page = _html(client.get(f"/veranstaltungen/{event.pk}/", HTTP_ACCEPT_LANGUAGE="ar"))
    (text,) = page.xpath('//p[@dir="auto"]')
    assert text.text_content() == "تسجيل الإيرادات والنفقات بشكل صحيح."
    page = _html(client.get(f"/veranstaltungen/{event.pk}/", HTTP_ACCEPT_LANGUAGE="de"))
    assert page.xpath('//p[@dir="auto"]')[0].text_content() == (
        "Einnahmen und Ausgaben richtig buchen."
    )
