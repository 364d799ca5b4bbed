"""Writes for guides: authoring (every save a revision), review, publication, translation.

Views fetch the guide for the user (`get_for_user(..., EDIT)`, 404 or 403), as in the other
apps; each service asks again who the actor is and what it may do (`_require`, by the same
filters as guides/scoping.py), so a command or the API cannot skip the check. They keep the
workflow's rules: which status follows which, that an approved text is not changed behind
the approval's back, and that a translation names the revision it was written from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vereinsforum.accounts.scoping import EDIT
from vereinsforum.audit.services import audit_record
from vereinsforum.guides.models import (
    TARGET_LANGUAGES,
    Comment,
    Guide,
    GuideStatus,
    Revision,
    Section,
    Translation,
    Visibility,
)
from vereinsforum.guides.notifications import notify_published
from vereinsforum.guides.scoping import PUBLISH, is_guide_staff
from vereinsforum.lib.actors import Actor, SystemActor, user_of
from vereinsforum.measures.models import Measure
from vereinsforum.programmes.models import Field, Programme
from vereinsforum.workinggroups.models import WorkingGroup

#: Words the guides' URLs use next to a guide's short name (guides/urls.py).
RESERVED_SLUGS = {"neu", "vorschau", "abschnitte", "kommentare"}


def _unique_slug(title: str, *, exclude: int | None = None) -> str:
    base = slugify(title)[:70] or "leitfaden"
    if base in RESERVED_SLUGS:
        base = f"leitfaden-{base}"
    slug, n = base, 2
    others = Guide.objects.all() if exclude is None else Guide.objects.exclude(pk=exclude)
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _require(actor: Actor, guide: Guide | None, action: str) -> None:
    """Refuse unless `actor` may do `action` (EDIT or PUBLISH) on `guide`; a new guide
    (`guide` None) is staff's. Commands and the demo (a SystemActor) may do every step."""
    if isinstance(actor, SystemActor):
        return
    user = user_of(actor)
    if guide is None:
        allowed = is_guide_staff(user)
    else:
        allowed = (
            user is not None and Guide.objects.for_user(user, action).filter(pk=guide.pk).exists()
        )
    if not allowed:
        raise PermissionDenied


def _check_fields(programme: Programme, fields: Iterable[Field]) -> list[Field]:
    fields = list(fields)
    if any(f.programme_id != programme.pk for f in fields):
        raise ValidationError(_("The fields must belong to the guide's programme."))
    return fields


def _check_links(
    programme: Programme, measure: Measure | None, working_group: WorkingGroup | None
) -> None:
    if measure is not None and measure.programme_id != programme.pk:
        raise ValidationError(_("The measure must belong to the guide's programme."))
    if working_group is not None and working_group.programme_id != programme.pk:
        raise ValidationError(_("The working group must belong to the guide's programme."))


@transaction.atomic
def guide_create(
    *,
    actor: Actor,
    programme: Programme,
    title: str,
    visibility: Visibility = Visibility.PUBLIC,
    summary: str = "",
    measure: Measure | None = None,
    working_group: WorkingGroup | None = None,
    fields: Iterable[Field] = (),
    slug: str = "",
    at: datetime | None = None,
) -> Guide:
    _require(actor, None, PUBLISH)
    title = title.strip()
    if not title:
        raise ValidationError(_("A guide needs a title."))
    _check_links(programme, measure, working_group)
    fields = _check_fields(programme, fields)
    guide = Guide.objects.create(
        programme=programme,
        title=title,
        slug=slug or _unique_slug(title),
        summary=summary,
        visibility=visibility,
        measure=measure,
        working_group=working_group,
        created_by=user_of(actor),
        created=at or timezone.now(),
    )
    guide.fields.set(fields)
    audit_record(actor=actor, action="guide.create", target=guide)
    return guide


@transaction.atomic
def guide_update(
    *,
    actor: Actor,
    guide: Guide,
    title: str,
    visibility: Visibility,
    summary: str,
    measure: Measure | None,
    working_group: WorkingGroup | None,
    fields: Iterable[Field],
) -> Guide:
    _require(actor, guide, PUBLISH)
    title = title.strip()
    if not title:
        raise ValidationError(_("A guide needs a title."))
    _check_links(guide.programme, measure, working_group)
    fields = _check_fields(guide.programme, fields)
    before = {
        "title": guide.title,
        "visibility": guide.visibility,
        "measure_id": guide.measure_id,
        "working_group_id": guide.working_group_id,
    }
    guide.title, guide.visibility, guide.summary = title, visibility, summary
    guide.measure, guide.working_group = measure, working_group
    guide.save()
    guide.fields.set(fields)
    changes = {k: [v, getattr(guide, k)] for k, v in before.items() if v != getattr(guide, k)}
    audit_record(actor=actor, action="guide.revise", target=guide, changes=changes)
    return guide


def _after_text_change(guide: Guide) -> None:
    """An approval is for the text that was approved: a change sends the guide back to
    review. A published guide stays published (corrections go live; translations show that
    they are behind)."""
    if guide.status == GuideStatus.APPROVED:
        guide.status = GuideStatus.IN_REVIEW
        guide.approved_at = None
        guide.save(update_fields=["status", "approved_at"])


@transaction.atomic
def section_add(
    *,
    actor: Actor,
    guide: Guide,
    title: str,
    body: str,
    note: str = "",
    at: datetime | None = None,
) -> Section:
    _require(actor, guide, EDIT)
    title = title.strip()
    if not title:
        raise ValidationError(_("A section needs a title."))
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    last = guide.sections.aggregate(m=Max("position"))["m"] or 0
    section = Section.objects.create(guide=guide, position=last + 1, title=title)
    Revision.objects.create(
        section=section,
        number=1,
        title=title,
        body=body,
        note=note,
        author=user_of(actor),
        created=at or timezone.now(),
    )
    _after_text_change(guide)
    audit_record(
        actor=actor,
        action="guide.revise",
        target=guide,
        changes={"section": [None, title], "revision": [None, 1]},
    )
    return section


@transaction.atomic
def section_revise(
    *,
    actor: Actor,
    section: Section,
    title: str,
    body: str,
    note: str = "",
    at: datetime | None = None,
) -> Revision:
    """Save the section as a new revision (the earlier ones stay for comparison)."""
    _require(actor, section.guide, EDIT)
    title = title.strip()
    if not title:
        raise ValidationError(_("A section needs a title."))
    section = Section.objects.select_for_update().select_related("guide").get(pk=section.pk)
    current = section.current
    if current is not None and current.title == title and current.body == body:
        raise ValidationError(_("Nothing has changed since the last revision."))
    number = (current.number if current else 0) + 1
    revision = Revision.objects.create(
        section=section,
        number=number,
        title=title,
        body=body,
        note=note,
        author=user_of(actor),
        created=at or timezone.now(),
    )
    if section.title != title:
        section.title = title
        section.save(update_fields=["title"])
    _after_text_change(section.guide)
    audit_record(
        actor=actor,
        action="guide.revise",
        target=section.guide,
        changes={"section": title, "revision": [number - 1, number]},
    )
    return revision


@transaction.atomic
def section_move(*, actor: Actor, section: Section, step: int) -> Section:
    """Move the section one place up (step -1) or down (+1), swapping with its neighbour."""
    _require(actor, section.guide, EDIT)
    if step not in (-1, 1):
        raise ValidationError(_("A section moves one place at a time."))
    Guide.objects.select_for_update().get(pk=section.guide_id)
    section = Section.objects.get(pk=section.pk)
    siblings = Section.objects.filter(guide_id=section.guide_id)
    neighbour = (
        siblings.filter(position__lt=section.position).order_by("-position").first()
        if step < 0
        else siblings.filter(position__gt=section.position).order_by("position").first()
    )
    if neighbour is None:
        return section
    mine, theirs = section.position, neighbour.position
    # Through 0 (never a real position): the unique (guide, position) holds at every step.
    Section.objects.filter(pk=section.pk).update(position=0)
    Section.objects.filter(pk=neighbour.pk).update(position=mine)
    Section.objects.filter(pk=section.pk).update(position=theirs)
    section.position = theirs
    audit_record(
        actor=actor,
        action="guide.revise",
        target=section.guide,
        changes={"section": section.title, "position": [mine, theirs]},
    )
    return section


@transaction.atomic
def comment_add(
    *, actor: Actor, section: Section, text: str, at: datetime | None = None
) -> Comment:
    _require(actor, section.guide, EDIT)
    text = text.strip()
    if not text:
        raise ValidationError(_("Please write a comment."))
    if section.guide.status not in (GuideStatus.DRAFT, GuideStatus.IN_REVIEW):
        raise ValidationError(_("Comments are made while a guide is written or reviewed."))
    comment = Comment.objects.create(
        section=section,
        revision=section.current,
        author=user_of(actor),
        text=text,
        created=at or timezone.now(),
    )
    audit_record(
        actor=actor,
        action="guide.comment",
        target=section.guide,
        changes={"section": section.title},
    )
    return comment


@transaction.atomic
def comment_resolve(*, actor: Actor, comment: Comment) -> Comment:
    _require(actor, comment.section.guide, EDIT)
    if not comment.resolved:
        comment.resolved = True
        comment.save(update_fields=["resolved"])
        audit_record(
            actor=actor,
            action="guide.comment_resolve",
            target=comment.section.guide,
            changes={"section": comment.section.title},
        )
    return comment


def _transition(guide: Guide, *, frm: GuideStatus, to: GuideStatus) -> Guide:
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    if guide.status != frm:
        raise ValidationError(
            _("This step is not possible: the guide is “%(status)s”.")
            % {"status": guide.get_status_display()}
        )
    guide.status = to
    return guide


@transaction.atomic
def guide_submit(*, actor: Actor, guide: Guide, at: datetime | None = None) -> Guide:
    """Draft → in review."""
    _require(actor, guide, EDIT)
    guide = _transition(guide, frm=GuideStatus.DRAFT, to=GuideStatus.IN_REVIEW)
    if not guide.sections.exists():
        raise ValidationError(_("A guide needs at least one section before review."))
    guide.submitted_at = at or timezone.now()
    guide.save(update_fields=["status", "submitted_at"])
    audit_record(
        actor=actor,
        action="guide.submit",
        target=guide,
        changes={"status": [GuideStatus.DRAFT.value, GuideStatus.IN_REVIEW.value]},
    )
    return guide


@transaction.atomic
def guide_return(*, actor: Actor, guide: Guide) -> Guide:
    """In review → draft: the reviewers ask for changes."""
    _require(actor, guide, PUBLISH)
    guide = _transition(guide, frm=GuideStatus.IN_REVIEW, to=GuideStatus.DRAFT)
    guide.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="guide.return",
        target=guide,
        changes={"status": [GuideStatus.IN_REVIEW.value, GuideStatus.DRAFT.value]},
    )
    return guide


@transaction.atomic
def guide_approve(*, actor: Actor, guide: Guide, at: datetime | None = None) -> Guide:
    """In review → approved, once every review comment is resolved."""
    _require(actor, guide, PUBLISH)
    guide = _transition(guide, frm=GuideStatus.IN_REVIEW, to=GuideStatus.APPROVED)
    if Comment.objects.filter(section__guide=guide, resolved=False).exists():
        raise ValidationError(_("Resolve every review comment before approving the guide."))
    guide.approved_at = at or timezone.now()
    guide.save(update_fields=["status", "approved_at"])
    audit_record(
        actor=actor,
        action="guide.approve",
        target=guide,
        changes={"status": [GuideStatus.IN_REVIEW.value, GuideStatus.APPROVED.value]},
    )
    return guide


@transaction.atomic
def guide_publish(*, actor: Actor, guide: Guide, at: datetime | None = None) -> Guide:
    """Approved → published, and every member association is told (guides/notifications)."""
    _require(actor, guide, PUBLISH)
    guide = _transition(guide, frm=GuideStatus.APPROVED, to=GuideStatus.PUBLISHED)
    guide.published_at = at or timezone.now()
    guide.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action="guide.publish",
        target=guide,
        changes={"status": [GuideStatus.APPROVED.value, GuideStatus.PUBLISHED.value]},
    )
    notify_published(guide)
    return guide


@transaction.atomic
def translation_save(
    *,
    actor: Actor,
    section: Section,
    language: str,
    title: str,
    body: str,
    source: Revision | None = None,
    at: datetime | None = None,
) -> Translation:
    """Save a version of the section in `language`, written from `source` (the section's
    current revision unless named: the demo backdates a translation to an older one)."""
    _require(actor, section.guide, EDIT)
    if language not in {choice.value for choice in TARGET_LANGUAGES}:
        raise ValidationError(_("This is not a language a guide is translated into."))
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise ValidationError(_("A translation needs a title and a text."))
    source = source or section.current
    if source is None or source.section_id != section.pk:
        raise ValidationError(_("A translation is made from a revision of its own section."))
    translation = Translation.objects.create(
        section=section,
        language=language,
        source=source,
        title=title,
        body=body,
        author=user_of(actor),
        created=at or timezone.now(),
    )
    audit_record(
        actor=actor,
        action="guide.translate",
        target=section.guide,
        changes={"section": section.title, "language": language, "revision": source.number},
    )
    return translation


#: What an erased person's name is replaced with in review comments.
ERASED = "[gelöscht]"


def comments_erase(*, terms: Iterable[str]) -> int:
    """Blank an erased person's name out of review comments (free text people type about
    people). The guides' own texts are publications: a name there is taken out by a new
    revision, which staff write. Returns the comments changed."""
    changed = 0
    for term in {t.strip() for t in terms if t and t.strip()}:
        pattern = re.compile(re.escape(term), re.IGNORECASE)
        for comment in Comment.objects.filter(text__icontains=term):
            comment.text = pattern.sub(ERASED, comment.text)
            comment.save(update_fields=["text"])
            changed += 1
    return changed
