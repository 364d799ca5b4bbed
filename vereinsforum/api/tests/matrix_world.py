"""The JSON API's URL names for the URL matrix (accounts/tests/test_url_matrix.py).

The matrix asks with session logins; the API knows only bearer tokens, so every operation
answers a session with 401 (a GET on a path that only writes: 405). Who may do what with a
token is tested per operation and role in api/tests/test_roles.py.
"""

from __future__ import annotations

import re

#: Pages anybody may read: the OpenAPI description and the documentation rendered from it.
OPEN = {"api_v1:openapi-json", "api_v1:openapi-view"}


def api_routes() -> dict[str, tuple[dict, bool]]:
    """{URL name: (kwargs for reverse, whether its path answers GET)} for every API URL."""
    from vereinsforum.api.api import api

    patterns, _app, namespace = api.urls
    paths = api.get_openapi_schema()["paths"]
    routes = {}
    for pattern in patterns:
        route = str(pattern.pattern)
        kwargs = dict.fromkeys(getattr(pattern.pattern, "converters", {}), 1)
        path = "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        routes[f"{namespace}:{pattern.name}"] = (kwargs, "get" in paths.get(path, {"get": {}}))
    return routes
