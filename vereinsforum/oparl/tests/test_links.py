"""Object URLs are built from a cached pattern; they must equal what reverse() gives."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from vereinsforum.oparl.links import object_url


@pytest.mark.parametrize(
    ("object_type", "key"),
    [
        ("person", 12),
        ("organization", "forum-3"),
        ("membership", "forumdeputy-41"),
        ("paper", "7"),
        ("file", "report-2_pdf"),
    ],
)
def test_object_url_equals_the_reversed_url(object_type, key):
    expected = reverse("oparl:object", kwargs={"object_type": object_type, "key": str(key)})
    assert object_url(object_type, key).endswith(expected)
    assert object_url(object_type, key).count("/oparl/v1/") == 1


def test_a_body_url_equals_the_reversed_url():
    assert object_url("body", 5).endswith(reverse("oparl:body", kwargs={"pk": 5}))


def test_a_key_with_characters_to_quote_goes_through_reverse():
    url = object_url("file", "a b:ä")
    assert url.endswith(reverse("oparl:object", kwargs={"object_type": "file", "key": "a b:ä"}))
    assert " " not in url


def test_the_site_url_is_read_on_every_call():
    with override_settings(SITE_URL="https://one.example"):
        first = object_url("person", 1)
    with override_settings(SITE_URL="https://two.example"):
        second = object_url("person", 1)
    assert first.startswith("https://one.example/") and second.startswith("https://two.example/")
