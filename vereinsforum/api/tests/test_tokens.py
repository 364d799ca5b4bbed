"""Personal API tokens: made once from a verified session, hashed at rest, refused when
unknown, revoked or expired; read-only tokens cannot write; rate limit; problem details."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from vereinsforum.api.models import ApiToken
from vereinsforum.api.services import api_token_create, api_token_revoke
from vereinsforum.api.tests.conftest import ApiClient
from vereinsforum.audit.models import AuditEntry
from vereinsforum.testing import factories

TOKEN_PAGE = "/api/tokens/"
SECRET = re.compile(r'<code class="api-token-secret" id="token-secret">(vf_[^<]+)</code>')


def _create_on_page(client, **data) -> str:
    payload = {"name": "Kalender-Sync", "expires": (timezone.localdate() + timedelta(days=30))}
    payload |= data
    response = client.post(TOKEN_PAGE, payload)
    assert response.status_code == 200, response.content.decode()[:2000]
    match = SECRET.search(response.content.decode())
    assert match, "the new token is shown"
    return match.group(1)


def _dump() -> str:
    """Every row of the token table, as text (what a database dump would hold)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608
        return repr(cursor.fetchall())


def test_token_made_on_the_page_is_shown_once_and_stored_only_as_its_hash(client, representative):
    client.force_login(representative)
    secret = _create_on_page(client, read_only="")
    token = ApiToken.objects.get()
    # At rest: the SHA-256 of the secret, and the prefix that is its first characters.
    assert token.hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix + "_")
    assert secret not in _dump()
    assert secret[len(token.prefix) + 1 :] not in _dump()
    assert token.read_only is False and token.user == representative
    # Shown once: the list shows the prefix, never the secret again.
    page = client.get(TOKEN_PAGE).content.decode()
    assert token.prefix in page and secret not in page
    # Audited without the secret or the hash.
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.actor == representative
    assert secret not in repr(entry.changes) and token.hash not in repr(entry.changes)
    # And it works.
    response = ApiClient(secret).get(f"/api/v1/organisations/{representative.acting_for_id}")
    assert response.status_code == 200
    assert response.json()["name"] == "Anadolu e.V."


def test_the_page_needs_a_verified_second_factor_for_coordinators(coordinator):
    # A plain client: the login has the password only, not the code.
    plain = Client()
    plain.force_login(coordinator)
    response = plain.post(TOKEN_PAGE, {"name": "x", "expires": timezone.localdate()})
    assert response.status_code == 302 and "/zwei-faktor/" in response["Location"]
    assert not ApiToken.objects.exists()


def test_the_page_refuses_the_public_and_a_former_chair(client, association):
    response = client.get(TOKEN_PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    former = factories.UserFactory(username="former", role="representative", acting_for=association)
    client.force_login(former)  # no current role in the association
    assert client.post(TOKEN_PAGE, {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_revoking_on_the_page_stops_the_token_and_only_the_owner_can(
    client, representative, outsider, token_for
):
    secret = token_for(representative)
    token = ApiToken.objects.get()
    client.force_login(outsider)
    assert client.post(f"/api/tokens/{token.pk}/widerrufen/").status_code == 404
    assert ApiClient(secret).get("/api/v1/events").status_code == 200
    client.force_login(representative)
    response = client.post(f"/api/tokens/{token.pk}/widerrufen/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = ApiClient(secret).get("/api/v1/events")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This API token has been revoked."
    assert AuditEntry.objects.filter(action="api_token.revoke", actor=representative).count() == 1


def test_expiry_is_checked(representative):
    with pytest.raises(ValidationError) as past:
        api_token_create(
            actor=representative, name="x", read_only=True, expires=timezone.now() - timedelta(1)
        )
    assert "expires" in past.value.message_dict
    with pytest.raises(ValidationError):
        api_token_create(
            actor=representative, name="x", read_only=True, expires=timezone.now() + timedelta(400)
        )
    with pytest.raises(ValidationError) as unnamed:
        api_token_create(
            actor=representative, name=" ", read_only=True, expires=timezone.now() + timedelta(9)
        )
    assert "name" in unnamed.value.message_dict


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["status"] == status and body["type"].startswith("/api/v1/docs#problem-")
    return body


def test_unknown_missing_revoked_expired_tokens_get_401(representative, token_for):
    assert _problem(ApiClient(None).get("/api/v1/events"), 401)["type"].endswith("unauthorized")
    body = _problem(ApiClient("vf_deadbeef_" + "x" * 43).get("/api/v1/events"), 401)
    assert body["detail"] == "This API token is not valid."
    _problem(ApiClient("not-even-our-format").get("/api/v1/events"), 401)

    revoked = token_for(representative)
    api_token_revoke(actor=representative, token=ApiToken.objects.get())
    assert _problem(ApiClient(revoked).get("/api/v1/events"), 401)["detail"].endswith("revoked.")

    expired = token_for(representative, days=1)
    ApiToken.objects.filter(revoked_at__isnull=True).update(
        created=timezone.now() - timedelta(days=3), expires=timezone.now() - timedelta(seconds=1)
    )
    response = ApiClient(expired).get("/api/v1/events")
    assert _problem(response, 401)["detail"] == "This API token has expired."
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_account_or_a_former_chair_cannot_use_its_token(
    representative, token_for, association
):
    secret = token_for(representative)
    # The chair's role ends: the account acts for nobody, as on the pages (403).
    representative.person.affiliations.update(end=timezone.localdate() - timedelta(days=1))
    assert _problem(ApiClient(secret).get("/api/v1/events"), 403)["status"] == 403
    representative.is_active = False
    representative.save()
    _problem(ApiClient(secret).get("/api/v1/events"), 401)


def test_a_read_only_token_reads_but_cannot_write(representative, token_for):
    secret = token_for(representative, read_only=True)
    client = ApiClient(secret)
    assert client.get("/api/v1/events").status_code == 200
    # Refused before anything is looked up: even a path that does not exist says read-only.
    for path in ("/api/v1/events/1/registrations", "/api/v1/registrations/1/cancel"):
        body = _problem(client.post(path, {"person": 1}), 403)
        assert body["type"].endswith("read-only")
    assert not AuditEntry.objects.exclude(action="api_token.create").exists()


def test_last_used_is_noted(representative, token_for):
    secret = token_for(representative)
    assert ApiToken.objects.get().last_used is None
    ApiClient(secret).get("/api/v1/events")
    assert ApiToken.objects.get().last_used is not None


@override_settings(API_RATE_LIMIT=(3, 60))
def test_rate_limit_per_token(representative, token_for):
    first, second = token_for(representative), token_for(representative)
    client = ApiClient(first)
    assert [client.get("/api/v1/events").status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/v1/events")
    body = _problem(refused, 429)
    assert body["type"].endswith("rate-limited") and refused["Retry-After"] == "60"
    # Per token: another token of the same account still has its own allowance.
    assert ApiClient(second).get("/api/v1/events").status_code == 200


@override_settings(API_AUTH_FAILURE_LIMIT=(2, 60))
def test_guessing_tokens_is_limited_per_address(db):
    guesser = ApiClient("vf_00000000_guess")
    assert [guesser.get("/api/v1/events").status_code for _ in range(3)] == [401, 401, 429]


def test_erasure_revokes_the_account_tokens_and_clears_their_names(
    coordinator, representative, token_for
):
    from vereinsforum.organisations.services import person_pseudonymise

    secret = token_for(representative, name="Kasse Ayşe Demir")
    person_pseudonymise(actor=coordinator, person=representative.person)
    token = ApiToken.objects.get()
    assert token.revoked_at is not None and token.name == ""
    assert ApiClient(secret).get("/api/v1/events").status_code == 401


def test_the_dashboard_names_tokens_that_expire_soon(representative, token_for):
    from vereinsforum.web.navigation import dashboard_tasks

    token_for(representative, days=60)
    assert not [t for t in dashboard_tasks(representative) if t.url == TOKEN_PAGE]
    token_for(representative, days=3)
    (task,) = [t for t in dashboard_tasks(representative) if t.url == TOKEN_PAGE]
    assert task.count == 1
