"""The feedback form is open to everybody: nothing a visitor types reaches the append-only
log, and a script cannot fill the table (defect 9)."""

import pytest
from django.urls import reverse

from vereinsforum.audit.models import AuditEntry
from vereinsforum.web.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db

NAME = "Gülşen Yıldırım-Acar"


def _post(client, n=0, **extra):
    return client.post(
        reverse("web:accessibility_feedback"),
        {
            "page_url": f"/organisationen/?q={NAME}&n={n}",
            "message": f"Die Suche nach {NAME} geht nicht ({n}).",
            "contact_email": "guelsen@example.org",
        },
        HTTP_ACCEPT_LANGUAGE="de",
        **extra,
    )


def _every_audit_field() -> str:
    rows = AuditEntry.objects.values_list(
        "actor_label", "action", "target_type", "target_id", "target_repr", "changes"
    )
    return repr(list(rows))


def test_no_audit_entry_holds_what_a_visitor_typed(client):
    assert _post(client).status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    entry = AuditEntry.objects.get(action="accessibility_feedback.submit")
    assert entry.target_id == str(feedback.pk)
    assert f"#{feedback.pk}" in entry.target_repr
    dump = _every_audit_field()
    for fragment in (NAME, "Yıldırım", "guelsen", "organisationen"):
        assert fragment not in dump


def test_the_form_refuses_the_next_submission_and_keeps_the_text(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback_ip": (3, 3600)}
    for n in range(3):
        assert _post(client, n).status_code == 302
    response = _post(client, 3)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sie haben dieses Formular zu oft gesendet" in html or "too often" in html
    assert f"Die Suche nach {NAME} geht nicht (3)." in html  # what was typed stays
    assert 'value="guelsen@example.org"' in html
    assert AccessibilityFeedback.objects.count() == 3


def test_the_limit_counts_per_client_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback_ip": (1, 3600)}
    assert _post(client, 0, REMOTE_ADDR="192.0.2.1").status_code == 302
    assert _post(client, 1, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert _post(client, 2, REMOTE_ADDR="192.0.2.2").status_code == 302
