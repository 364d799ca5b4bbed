"""The human-readable OParl start page: translated, linking the entry point, accessible."""

from __future__ import annotations

import pytest

from vereinsforum.oparl.tests.factories import build_world


def test_landing_page_names_the_entry_point_and_the_body(world, client):
    response = client.get("/oparl/v1/", HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Offene Ratsdaten (OParl)" in html
    assert "/oparl/v1/system" in html
    assert f"/oparl/v1/body/{world.city.pk}" in html and "Stadt Wuppertal" in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Open council data (OParl)"),
        ("tr", "Açık meclis verileri (OParl)"),
        ("ru", "Открытые данные совета (OParl)"),
        ("ar", "بيانات المجلس المفتوحة (OParl)"),
    ],
)
def test_landing_page_is_translated(db, client, language, heading):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = client.get("/oparl/v1/").content.decode()
    assert heading in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_landing_page_is_accessible(page, assert_accessible, language):
    build_world()
    page.goto("/")
    if language != "de":
        page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    page.goto("/oparl/v1/")
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
