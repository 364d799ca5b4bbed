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
    # The name is isolated (lib.names.sentence), so the full stop sits after the isolate's end.
    assert "has been recorded for \u2068Anadolu e.V.\u2069" in text
    assert "e.V.." not in text
    assert "e.V.\u2069." not in text


def test_every_page_links_the_favicon(client, coordinator):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    import vereinsforum

    # Every page is a base.html page; the only other whole documents are printed or mailed.
    documents = {
        "events/certificate.html",
        "reports/paper.html",
        "events/email/_base.html",
        "guides/guide_pdf.html",
        "privacy/record_pdf.html",
        "privacy/subject_pdf.html",
    }
    root = Path(vereinsforum.__file__).parent
    for path in root.glob("*/templates/**/*.html"):
        name = path.relative_to(next(p for p in path.parents if p.name == "templates"))
        text = path.read_text()
        if str(name) in documents or str(name) == "base.html" or "/email/" in str(name):
            continue
        assert "<html" not in text, f"{name} is a page of its own, without the site's <head>"
    assert finders.find("web/favicon.svg")
    client.force_login(coordinator)
    for url in ("/", "/konto/login/", "/veranstaltungen/", "/protokoll/", "/forum/"):
        page = client.get(url, follow=True).content.decode()
        assert '<link rel="icon" href="/static/web/favicon.svg"' in page, url
