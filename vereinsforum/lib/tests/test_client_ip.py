"""The client address for rate limits and django-axes is always a valid IP address.

PostgreSQL stores axes' addresses as inet: the former fallback "unknown" made every
`Client.force_login` (a request without REMOTE_ADDR) fail there.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from vereinsforum.lib.ratelimit import UNKNOWN_ADDRESS, client_ip


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "192.0.2.7"}, "192.0.2.7"),
        ({"REMOTE_ADDR": "2001:db8::1"}, "2001:db8::1"),
        ({}, UNKNOWN_ADDRESS),
        ({"REMOTE_ADDR": ""}, UNKNOWN_ADDRESS),
        ({"REMOTE_ADDR": "unknown"}, UNKNOWN_ADDRESS),
    ],
)
def test_the_address_is_always_an_ip(meta, expected):
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert client_ip(request) == expected


@override_settings(CLIENT_IP_HEADER="HTTP_X_REAL_IP")
def test_a_configured_header_wins_and_garbage_in_it_falls_back():
    request = RequestFactory().get("/", HTTP_X_REAL_IP="198.51.100.4", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "198.51.100.4"
    request = RequestFactory().get("/", HTTP_X_REAL_IP="<script>", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    request = RequestFactory().get("/", HTTP_X_REAL_IP="1.1.1.1, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_force_login_works_with_axes_on_every_database(client, team_member):
    client.force_login(team_member)  # raised ValueError on PostgreSQL before
    assert client.get("/dashboard/").status_code == 200
