"""Views of guides: they parse input, call one service and render.

The library and published guides are read as guides/scoping.py allows (public guides
without a login); writing, reviewing and publishing need programme staff (EDIT).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vereinsforum.accounts.models import ORGANISATION_ROLES, STAFF_ROLES
from vereinsforum.accounts.scoping import EDIT, can, get_for_user, role_required
from vereinsforum.guides import services
from vereinsforum.guides.diff import line_diff
from vereinsforum.guides.exporters import GuidePdfExporter
from vereinsforum.guides.forms import (
    CommentForm,
    GuideForm,
    LibrarySearchForm,
    SectionForm,
    TranslationForm,
)
from vereinsforum.guides.models import (
    TARGET_LANGUAGES,
    Comment,
    Guide,
    GuideLanguage,
    GuideStatus,
    Revision,
    Section,
    html_lang,
)
from vereinsforum.guides.reading import available_languages, direction, read_guide
from vereinsforum.guides.rendering import render_markdown
from vereinsforum.guides.scoping import PUBLISH, is_guide_staff
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.programmes.models import Programme

guide_staff = role_required(*STAFF_ROLES)
#: Staff and the representatives of working groups' associations; which guide they may
#: write is decided per guide (guides/scoping.py, EDIT), with 404/403.
guide_author = role_required(*STAFF_ROLES, *ORGANISATION_ROLES)

#: Workflow steps offered on the editing page: URL word → (service, who may, message).
TRANSITIONS = {
    "einreichen": (services.guide_submit, EDIT, gettext_lazy("The guide is now in review.")),
    "zurueckgeben": (
        services.guide_return,
        PUBLISH,
        gettext_lazy("The guide is back in draft for changes."),
    ),
    "freigeben": (services.guide_approve, PUBLISH, gettext_lazy("The guide is approved.")),
    "veroeffentlichen": (
        services.guide_publish,
        PUBLISH,
        gettext_lazy("The guide is published; the member associations are being notified."),
    ),
}


def _guide(request, slug: str, action: str = "view") -> Guide:
    return get_for_user(
        request.user, Guide.objects.select_related("programme", "measure"), action, slug=slug
    )


def _section(request, pk: int, action: str = "view") -> Section:
    return get_for_user(request.user, Section.objects.select_related("guide"), action, pk=pk)


def _status(request) -> int:
    """A form page answers a post only when the form was refused (a saved form redirects)."""
    return 400 if request.method == "POST" else 200


def _language(request) -> str:
    code = request.GET.get("sprache") or GuideLanguage.DE
    return code if code in GuideLanguage.values else GuideLanguage.DE


# ---- reading ---------------------------------------------------------------------------------


def library(request):
    programme = Programme.current()
    form = LibrarySearchForm(request.GET or None, programme=programme)
    guides = Guide.objects.for_user(request.user)
    staff = is_guide_staff(request.user)
    if not staff:
        # Published guides, and the drafts of the working groups the user writes in.
        writing = Guide.objects.for_user(request.user, EDIT).values("pk")
        guides = guides.filter(Q(status=GuideStatus.PUBLISHED) | Q(pk__in=writing))
    status = request.GET.get("status", "")
    if staff and status in GuideStatus.values:
        guides = guides.filter(status=status)
    if form.is_valid():
        data = form.cleaned_data
        if data["field"]:
            guides = guides.filter(fields=data["field"])
        if data["language"]:
            guides = guides.in_language(data["language"])
        guides = guides.search(data["q"].strip())
    guides = guides.prefetch_related("fields").order_by("title").distinct()
    return render(
        request,
        "guides/library.html",
        {
            "form": form,
            "guides": guides,
            "is_staff": staff,
            "statuses": GuideStatus.choices,
            "status": status,
        },
    )


def detail(request, slug: str):
    guide = _guide(request, slug)
    language = _language(request)
    languages = available_languages(guide)
    if language not in languages:
        language = GuideLanguage.DE
    return render(
        request,
        "guides/guide_detail.html",
        {
            "guide": guide,
            "sections": read_guide(guide, language),
            "language": language,
            "lang": html_lang(language),
            "dir": direction(language),
            "languages": [(code, GuideLanguage(code).label) for code in languages],
            "is_staff": is_guide_staff(request.user),
            "may_edit": can(request.user, EDIT, guide),
        },
    )


def pdf(request, slug: str):
    guide = _guide(request, slug)
    language = _language(request)
    if language not in available_languages(guide):
        raise Http404
    filename, content_type, content = GuidePdfExporter().render(guide, language)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- authoring -------------------------------------------------------------------------------


@guide_staff
def create(request):
    programme = Programme.current()
    if programme is None:
        raise Http404
    form = GuideForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guide = services.guide_create(
                actor=request.user,
                programme=programme,
                title=data["title"],
                summary=data["summary"],
                visibility=data["visibility"],
                measure=data["measure"],
                working_group=data["working_group"],
                fields=data["fields"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The guide is created. Add its first section."))
            return redirect("guides:edit", slug=guide.slug)
    return render(
        request, "guides/guide_form.html", {"form": form, "guide": None}, status=_status(request)
    )


@guide_author
def edit(request, slug: str):
    guide = _guide(request, slug, EDIT)
    may_manage = is_guide_staff(request.user)  # the details and the last steps: staff
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    form = GuideForm(
        request.POST or None,
        programme=guide.programme,
        initial={
            "title": guide.title,
            "summary": guide.summary,
            "visibility": guide.visibility,
            "measure": guide.measure,
            "working_group": guide.working_group,
            "fields": list(guide.fields.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.guide_update(
                actor=request.user,
                guide=guide,
                title=data["title"],
                summary=data["summary"],
                visibility=data["visibility"],
                measure=data["measure"],
                working_group=data["working_group"],
                fields=data["fields"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The guide's details are saved."))
            return redirect("guides:edit", slug=guide.slug)
    sections = guide.sections.annotate(
        revision_count=Count("revisions", distinct=True),
        open_comments=Count("comments", filter=Q(comments__resolved=False), distinct=True),
    ).order_by("position")
    translations = []
    for section in sections:
        current = section.current
        row = []
        for language in TARGET_LANGUAGES:
            version = section.translation(language)
            row.append(
                {
                    "language": language,
                    "version": version,
                    "outdated": version is not None and version.is_outdated(current),
                }
            )
        translations.append((section, row))
    return render(
        request,
        "guides/guide_edit.html",
        {
            "guide": guide,
            "form": form,
            "sections": sections,
            "translations": translations,
            "languages": TARGET_LANGUAGES,
            "statuses": GuideStatus.choices,
            "may_manage": may_manage,
        },
        status=_status(request),
    )


@guide_author
@require_POST
def transition(request, slug: str, step: str):
    if step not in TRANSITIONS:
        raise Http404
    service, action, message = TRANSITIONS[step]
    guide = _guide(request, slug, action)
    try:
        service(actor=request.user, guide=guide)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)
    return redirect("guides:edit", slug=guide.slug)


@guide_author
def section_add(request, slug: str):
    guide = _guide(request, slug, EDIT)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_add(
                actor=request.user,
                guide=guide,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The section is added."))
            return redirect("guides:section_edit", pk=section.pk)
    return render(
        request,
        "guides/section_form.html",
        {"guide": guide, "section": None, "form": form},
        status=_status(request),
    )


@guide_author
def section_edit(request, pk: int):
    section = _section(request, pk, EDIT)
    guide = section.guide
    current = section.current
    form = SectionForm(
        request.POST or None,
        initial={
            "title": current.title if current else section.title,
            "body": current.body if current else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_revise(
                actor=request.user,
                section=section,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved as a new revision."))
            return redirect("guides:section_edit", pk=section.pk)
    return render(
        request,
        "guides/section_form.html",
        {
            "guide": guide,
            "section": section,
            "form": form,
            "revisions": section.revisions.select_related("author").order_by("-number"),
            "comments": section.comments.select_related("author", "revision"),
            "comment_form": CommentForm(),
            "may_comment": guide.status in (GuideStatus.DRAFT, GuideStatus.IN_REVIEW),
            "languages": TARGET_LANGUAGES,
        },
        status=_status(request),
    )


@guide_author
@require_POST
def section_move(request, pk: int):
    section = _section(request, pk, EDIT)
    step = -1 if request.POST.get("direction") == "up" else 1
    services.section_move(actor=request.user, section=section, step=step)
    return redirect("guides:edit", slug=section.guide.slug)


@guide_author
def section_diff(request, pk: int):
    section = _section(request, pk, EDIT)
    revisions = {r.number: r for r in section.revisions.select_related("author")}
    old: Revision | None
    new: Revision | None
    try:
        old = revisions[int(request.GET.get("a", ""))]
        new = revisions[int(request.GET.get("b", ""))]
    except (ValueError, KeyError):
        newest = max(revisions) if revisions else 0
        old, new = revisions.get(newest - 1), revisions.get(newest)
    if old is None or new is None:
        messages.info(request, _("There is only one revision: nothing to compare yet."))
        return redirect("guides:section_edit", pk=section.pk)
    return render(
        request,
        "guides/section_diff.html",
        {
            "guide": section.guide,
            "section": section,
            "old": old,
            "new": new,
            "title_changed": old.title != new.title,
            "lines": line_diff(old.body, new.body),
            "revisions": sorted(revisions.values(), key=lambda r: r.number),
        },
    )


@guide_author
@require_POST
def preview(request):
    """The live preview: the text as readers will see it, through the same sanitiser."""
    return render(
        request,
        "guides/_preview.html",
        {"html": render_markdown(request.POST.get("body", ""))},
    )


# ---- review ----------------------------------------------------------------------------------


@guide_author
@require_POST
def comment_add(request, pk: int):
    section = _section(request, pk, EDIT)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                actor=request.user, section=section, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The comment is saved."))
    else:
        messages.error(request, _("Please write a comment."))
    return redirect("guides:section_edit", pk=section.pk)


@guide_author
@require_POST
def comment_resolve(request, pk: int):
    comment = get_for_user(
        request.user, Comment.objects.select_related("section__guide"), EDIT, pk=pk
    )
    services.comment_resolve(actor=request.user, comment=comment)
    messages.success(request, _("The comment is marked as resolved."))
    return redirect("guides:section_edit", pk=comment.section_id)


# ---- translation -----------------------------------------------------------------------------


@guide_author
def translation_edit(request, pk: int, language: str):
    if language not in {choice.value for choice in TARGET_LANGUAGES}:
        raise Http404
    section = _section(request, pk, EDIT)
    current = section.current
    version = section.translation(language)
    form = TranslationForm(
        request.POST or None,
        initial={"title": version.title, "body": version.body} if version else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_save(
                actor=request.user,
                section=section,
                language=language,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The translation is saved."))
            return redirect("guides:edit", slug=section.guide.slug)
    return render(
        request,
        "guides/translation_form.html",
        {
            "guide": section.guide,
            "section": section,
            "current": current,
            "version": version,
            "outdated": version is not None and version.is_outdated(current),
            "source_diff": line_diff(version.source.body, current.body)
            if version is not None and current and version.is_outdated(current)
            else None,
            "language": language,
            "language_label": GuideLanguage(language).label,
            "lang": html_lang(language),
            "dir": direction(language),
            "source_html": render_markdown(current.body if current else ""),
        },
        status=_status(request),
    )
