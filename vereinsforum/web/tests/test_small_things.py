"""What a user notices across the site: full stops after names, labels instead of codes."""

from __future__ import annotations

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_message_ending_in_a_name_with_a_full_stop_gets_no_second_one(
    client, coordinator, programme, association
):
    # "“Eingeladen” wurde für Anadolu e.V. erfasst." reads fine in German; the English and
    # Arabic sentences end in the name, and ended in "e.V..".
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/programm/teilnahme/{association.pk}/",
        {"step-step": "invited", "step-on": timezone.localdate().isoformat()},
        follow=True,
    )
    text = response.content.decode()
    assert "has been recorded for Anadolu e.V." in text
    assert "e.V.." not in text
