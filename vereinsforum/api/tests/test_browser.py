"""The token page and the API documentation in Chromium: accessible, no CSP violation, and a
token made there works against the API."""

from __future__ import annotations

import pytest

from vereinsforum.api.models import ApiToken
from vereinsforum.api.tests.conftest import ApiClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_representative_makes_and_revokes_a_token(page, login, assert_accessible, representative):
    login("representative")
    page.goto("/api/tokens/")
    assert_accessible(page)
    page.fill("#id_name", "Vereinsverwaltung")
    page.uncheck("#id_read_only")
    page.locator("form[novalidate] button[type=submit]").click()
    secret = page.locator("#token-secret").inner_text()
    assert secret.startswith("vf_")
    assert_accessible(page)
    token = ApiToken.objects.get()
    assert token.read_only is False and token.name == "Vereinsverwaltung"
    assert ApiClient(secret).get("/api/v1/events").status_code == 200
    # Reloading shows the prefix only.
    page.goto("/api/tokens/")
    assert secret not in page.content() and token.prefix in page.content()
    page.locator(f"form[action='/api/tokens/{token.pk}/widerrufen/'] button").click()
    page.wait_for_url("**/api/tokens/")
    assert_accessible(page)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(secret).get("/api/v1/events").status_code == 401


def test_the_documentation_works_without_a_cdn_or_script(page, assert_accessible, db):
    page.goto("/api/v1/docs")
    assert "/api/v1/events/{pk}/registrations" in page.content()
    assert page.locator("script[src^='http']").count() == 0
    assert_accessible(page)
