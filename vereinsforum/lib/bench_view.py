"""The bare view the page benchmarks measure every page against (bench/harness.py): two
bytes through the same middleware and gunicorn workers. Routed only when the setting
BENCH_BARE_VIEW is on (never in production)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")
