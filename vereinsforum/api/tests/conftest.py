"""Fixtures of the API tests: English problem messages, and a fresh token for any user."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from vereinsforum.api.services import api_token_create


@pytest.fixture(autouse=True)
def english_messages():
    """Problem details are asserted on their English msgids."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def token_for():
    """token_for(user, read_only=False, days=30): the secret of a new token of `user`."""

    def make(user, *, read_only: bool = False, days: int = 30, name: str = "test"):
        _token, secret = api_token_create(
            actor=user,
            name=name,
            read_only=read_only,
            expires=timezone.now() + timedelta(days=days),
        )
        return secret

    return make


class ApiClient:
    """Django's test client with a bearer token and JSON bodies."""

    def __init__(self, secret: str | None):
        self.client = Client()
        self.headers = {"Accept-Language": "en"}
        if secret:
            self.headers["Authorization"] = f"Bearer {secret}"

    def get(self, path: str, data=None, **headers):
        return self.client.get(path, data, headers={**self.headers, **headers})

    def post(self, path: str, data=None, **headers):
        return self.client.post(
            path, data or {}, content_type="application/json", headers={**self.headers, **headers}
        )

    def patch(self, path: str, data=None, **headers):
        return self.client.patch(
            path, data or {}, content_type="application/json", headers={**self.headers, **headers}
        )


@pytest.fixture
def api(token_for):
    """api(user, read_only=False) → an ApiClient with a fresh token of `user`; api(None) is
    anonymous."""

    def make(user, *, read_only: bool = False):
        return ApiClient(token_for(user, read_only=read_only) if user else None)

    return make
