"""The JSON API at /api/v1/: OpenAPI at /api/v1/openapi.json, documentation at /api/v1/docs."""

from __future__ import annotations

from vereinsforum.api.auth import TokenAuth
from vereinsforum.api.core import ServerRenderedDocs, VereinsforumAPI
from vereinsforum.api.endpoints import (
    events,
    forum,
    guides,
    measures,
    needs,
    organisations,
    reports,
)

DESCRIPTION = """\
The Vereinsforum's data for programs: organisations, people, events with invitations and
registrations, the needs analysis, the forum's polls, the measures, the guides and the council
submissions.

Every call needs a personal API token (`Authorization: Bearer <token>`), made on the page
"API tokens" of your account. A token acts as its owner, with the owner's role: it reads and
changes exactly what the owner may on the pages, through the same rules. Read-only tokens
cannot write. Errors are problem details (RFC 9457, `application/problem+json`); lists are
paged (`?page=`, `?page_size=` up to 100); reads carry an ETag (send `If-None-Match` to get
304 Not Modified); each token may make a limited number of requests per minute (429 with
Retry-After beyond that).
"""

api = VereinsforumAPI(
    title="Vereinsforum API",
    version="1.0.0",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api_v1",
    docs=ServerRenderedDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

for router in (
    organisations.router,
    events.router,
    needs.router,
    forum.router,
    measures.router,
    guides.router,
    reports.router,
):
    api.add_router("", router)
