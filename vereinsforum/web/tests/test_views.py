"""The shell: dashboard figures, navigation, language switcher, right-to-left, feedback form."""

from datetime import date

import pytest
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.lib.actors import TEST
from vereinsforum.programmes.models import Step
from vereinsforum.programmes.services import participation_step_record
from vereinsforum.testing import factories
from vereinsforum.web.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_funnel_computed_from_the_rows(client, coordinator, programme):
    orgs = factories.OrganisationFactory.create_batch(4)
    for index, org in enumerate(orgs):
        participation_step_record(
            actor=TEST,
            programme=programme,
            organisation=org,
            step=Step.INVITED,
            on=date(2007, 4, 23),
        )
        if index < 3:
            participation_step_record(
                actor=TEST,
                programme=programme,
                organisation=org,
                step=Step.ATTENDED,
                on=date(2007, 5, 14),
            )
        if index < 2:
            participation_step_record(
                actor=TEST,
                programme=programme,
                organisation=org,
                step=Step.ENROLLED,
                on=date(2007, 5, 31),
            )
    client.force_login(coordinator)
    response = client.get(reverse("web:dashboard"))
    assert response.context["funnel"] == {
        "invited": 4,
        "attended": 3,
        "enrolled": 2,
        "withdrawn": 0,
    }
    html = response.content.decode()
    for step, figure in (("invited", 4), ("attended", 3), ("enrolled", 2)):
        assert f'data-step="{step}"><span class="figure__value">{figure}</span>' in html
    assert 'data-step="withdrawn"' not in html


def test_dashboard_without_programme_says_so(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("web:dashboard"))
    assert response.context["programme"] is None


def test_coordinator_sees_the_verification_task(client, coordinator, association):
    client.force_login(coordinator)
    tasks = client.get(reverse("web:dashboard")).context["tasks"]
    task = next(t for t in tasks if "verification=unverified" in t.url)
    assert task.count == 1
    listed = client.get(task.url).context["page"].object_list
    assert [o.name for o in listed] == ["Anadolu e.V."]


def test_representative_gets_no_coordinator_tasks(client, representative, association):
    client.force_login(representative)
    tasks = client.get(reverse("web:dashboard")).context["tasks"]
    assert not any("verification" in t.url for t in tasks)


def test_navigation_depends_on_the_role(client, coordinator, representative):
    client.force_login(coordinator)
    labels = [str(i.label) for i in client.get(reverse("web:dashboard")).context["nav_items"]]
    assert "Audit log" in labels or "Protokoll" in labels or len(labels) > 3
    urls = [i.url for i in client.get(reverse("web:dashboard")).context["nav_items"]]
    assert reverse("audit:log") in urls
    client.force_login(representative)
    urls = [i.url for i in client.get(reverse("web:dashboard")).context["nav_items"]]
    assert reverse("audit:log") not in urls
    assert reverse("organisations:list") in urls


def test_the_public_gets_no_private_navigation_but_a_login_link(client):
    response = client.get(reverse("web:start"))
    urls = [item.url for item in response.context["nav_items"]]
    for private in ("web:dashboard", "organisations:list", "audit:log", "programmes:team"):
        assert reverse(private) not in urls
    assert reverse("accounts:login") in response.content.decode()


def test_german_is_the_default_language(client):
    response = client.get(reverse("web:start"))
    assert '<html lang="de" dir="ltr">' in response.content.decode()


@pytest.mark.parametrize(
    ("code", "direction"),
    [("de", "ltr"), ("en", "ltr"), ("tr", "ltr"), ("ru", "ltr"), ("ar", "rtl")],
)
def test_language_switcher_sets_the_language_and_direction(client, code, direction):
    response = client.post(
        reverse("set_language"), {"language": code, "next": reverse("web:accessibility")}
    )
    assert response["Location"] == reverse("web:accessibility")
    html = client.get(reverse("web:accessibility")).content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html


def test_the_switcher_offers_all_five_languages(client):
    html = client.get(reverse("web:start")).content.decode()
    for code in ("de", "en", "tr", "ru", "ar"):
        assert f'<option value="{code}" lang="{code}"' in html


def test_start_page_is_in_easy_german(client):
    html = client.get(reverse("web:start"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Leichter Sprache" in html or "Leichte Sprache" in html
    assert "Das ist das Vereinsforum." in html


def test_feedback_is_stored_and_audited_without_the_contact(client):
    response = client.post(
        reverse("web:accessibility_feedback"),
        {
            "page_url": "/organisationen/",
            "message": "Der Filter ist ohne Maus nicht bedienbar.",
            "contact_email": "leser@example.org",
        },
    )
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.contact_email == "leser@example.org"
    entry = AuditEntry.objects.get(action="accessibility_feedback.submit")
    assert entry.actor_label == "anonymous"
    assert "leser@example.org" not in repr(entry.changes) + entry.target_repr


def test_invalid_feedback_keeps_the_input_and_explains_in_german(client):
    response = client.post(
        reverse("web:accessibility_feedback"),
        {"page_url": "/dashboard/", "message": "", "contact_email": "keine-adresse"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert "Bitte gültige E-Mail-Adresse eingeben." in html
    assert 'value="/dashboard/"' in html and 'value="keine-adresse"' in html
    assert not AccessibilityFeedback.objects.exists()


def test_feedback_form_takes_the_page_from_the_link(client):
    response = client.get(reverse("web:accessibility_feedback"), {"page": "/impressum/"})
    assert 'value="/impressum/"' in response.content.decode()
