"""What every page's shell (base.html) needs: the main navigation and the languages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from vereinsforum.web.navigation import nav_items


def shell(request: HttpRequest) -> dict[str, Any]:
    items = nav_items(request.user)
    path = request.path
    current = max(
        (item for item in items if path.startswith(item.url) and item.url != "/"),
        key=lambda item: len(item.url),
        default=None,
    )
    return {
        "nav_items": items,
        "nav_current": current,
        "available_languages": settings.LANGUAGES,
    }
