"""Guides (Leitfäden), read-only: the library's rows for the token's owner (guides/scoping.py),
each readable in its languages, and its tagged PDF. Writing a guide stays on the pages: the
review workflow is a conversation the API has no use for."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from vereinsforum.api.core import Id, PageParams, page_of, paginate
from vereinsforum.guides.exporters import GuidePdfExporter
from vereinsforum.guides.models import Guide, GuideLanguage, GuideStatus, Visibility
from vereinsforum.guides.reading import available_languages, direction, read_guide

router = Router(tags=["guides"])


class GuideOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    status: GuideStatus
    visibility: Visibility
    fields: list[str]
    measure: int | None
    published_at: datetime | None
    languages: list[GuideLanguage]


class SectionOut(Schema):
    position: int
    title: str
    #: The text as HTML, rendered from Markdown through the sanitiser (as on the page).
    html: str
    #: False: the German text stands in for a missing translation.
    translated: bool
    #: The translation was made from an older revision of the German text.
    outdated: bool


class GuideTextOut(Schema):
    guide: GuideOut
    language: GuideLanguage
    dir: str
    sections: list[SectionOut]


GuidePage = page_of(GuideOut, "GuidePage")


def _guides(user):
    return Guide.objects.for_user(user).prefetch_related("fields")


def guide_out(guide: Guide) -> dict:
    return {
        "id": guide.pk,
        "slug": guide.slug,
        "title": guide.title,
        "summary": guide.summary,
        "status": guide.status,
        "visibility": guide.visibility,
        "fields": [f.key for f in guide.fields.all()],
        "measure": guide.measure_id,
        "published_at": guide.published_at,
        "languages": available_languages(guide),
    }


@router.get("/guides", response=GuidePage, summary="Guides")
def guide_list(
    request,
    params: Query[PageParams],
    status: GuideStatus | None = None,
    language: GuideLanguage | None = None,
):
    guides = _guides(request.user)
    if status:
        guides = guides.filter(status=status)
    if language:
        guides = guides.in_language(language)
    return paginate(request, guides.order_by("title", "pk"), params, guide_out)


def _language(guide: Guide, language: GuideLanguage | None) -> str:
    code = language or GuideLanguage.DE
    if code not in available_languages(guide):
        raise Http404
    return code


@router.get("/guides/{pk}", response=GuideTextOut, summary="One guide, in one language")
def guide_detail(request, pk: Id, language: GuideLanguage | None = None):
    guide = get_object_or_404(_guides(request.user), pk=pk)
    code = _language(guide, language)
    return {
        "guide": guide_out(guide),
        "language": code,
        "dir": direction(code),
        "sections": [
            {
                "position": s.section.position,
                "title": s.title,
                "html": str(s.html),
                "translated": s.translated,
                "outdated": s.outdated,
            }
            for s in read_guide(guide, code)
        ],
    }


@router.get(
    "/guides/{pk}/pdf",
    summary="A guide as tagged PDF, in one language",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The guide as an accessible (tagged) PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def guide_pdf(request, pk: Id, language: GuideLanguage | None = None):
    guide = get_object_or_404(_guides(request.user), pk=pk)
    filename, content_type, content = GuidePdfExporter().render(guide, _language(guide, language))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
