"""Headers every page carries, and templates the Content-Security-Policy can live with."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import vereinsforum

pytestmark = pytest.mark.django_db

PACKAGE = Path(vereinsforum.__file__).parent


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def test_pages_carry_a_csp_without_unsafe_inline(client):
    response = client.get(reverse("web:start"))
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no nonce: the page has no inline script
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_permissions_policy_allows_the_camera_only_to_ourselves(client):
    header = client.get(reverse("web:start"))["Permissions-Policy"]
    features = dict(item.strip().split("=") for item in header.split(","))
    assert features["camera"] == "(self)"
    assert features["geolocation"] == "()" and features["microphone"] == "()"


def test_logged_in_pages_are_not_stored_public_pages_may_be(client, team_member):
    assert "no-store" not in client.get(reverse("web:start")).get("Cache-Control", "")
    client.force_login(team_member)
    for url in (reverse("web:start"), reverse("web:dashboard"), reverse("accounts:account")):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


def test_htmx_keeps_its_indicator_styles_and_eval_to_itself(client):
    html = client.get(reverse("web:start")).content.decode()
    config = """{"includeIndicatorStyles": false, "allowEval": false}"""
    assert f"""<meta name="htmx-config" content='{config}'>""" in html
    css = (PACKAGE / "web/static/web/app.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


# Templates that never reach a browser under our CSP: e-mails and the WeasyPrint documents.
NOT_FOR_BROWSERS = {
    "events/templates/events/certificate.html",  # PDF (WeasyPrint)
    "reports/templates/reports/paper.html",  # PDF (WeasyPrint)
    "guides/templates/guides/guide_pdf.html",  # PDF (WeasyPrint)
    "privacy/templates/privacy/_pdf_head.html",  # PDF (WeasyPrint)
    "privacy/templates/privacy/record_pdf.html",  # PDF (WeasyPrint)
    "privacy/templates/privacy/subject_pdf.html",  # PDF (WeasyPrint)
}
INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>\s*\S", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= event handler"),
    (re.compile(r"\bhx-on\b|hx-on:", re.I), "hx-on (needs eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_needs_unsafe_inline():
    offences = []
    for template in sorted(PACKAGE.glob("*/templates/**/*.html")):
        relative = template.relative_to(PACKAGE).as_posix()
        if relative in NOT_FOR_BROWSERS or "/email/" in relative:
            continue
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offences.append(f"{relative}:{line}: {what}")
    assert not offences, "\n".join(offences)


def test_favicon_ico_leads_to_the_static_icon(client):
    # Pages without our <head> make browsers ask for /favicon.ico; a 404 is console noise.
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("web/favicon.svg")
