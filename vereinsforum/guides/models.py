"""Guides (Leitfäden): texts written in sections, reviewed, published and translated.

A section's text is never overwritten: every save adds a `Revision`, and the section's
content is its latest revision, so two saves can always be compared. A translation is
written from one source revision and keeps a pointer to it; it is outdated as soon as the
section has a newer revision (derived, never stored, so it cannot go stale itself).
Leichte Sprache is handled as one more target language, `de-x-ls` (German, private-use
subtag "ls"), because it is reviewed and kept up to date exactly like a translation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class GuideLanguage(models.TextChoices):
    """The languages a guide can be read in. German is the source language."""

    DE = "de", "Deutsch"
    EASY = "de-x-ls", _("Easy language (Leichte Sprache)")
    EN = "en", "English"
    TR = "tr", "Türkçe"
    RU = "ru", "Русский"
    AR = "ar", "العربية"


#: The languages a translation can be written in (everything but the source).
TARGET_LANGUAGES = [choice for choice in GuideLanguage if choice != GuideLanguage.DE]
RTL_LANGUAGES = {GuideLanguage.AR}


def html_lang(code: str) -> str:
    """The HTML lang attribute of a guide language (Leichte Sprache is German)."""
    return "de" if code == GuideLanguage.EASY else code


class GuideQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view") -> GuideQuerySet:
        from vereinsforum.guides.scoping import guide_filter

        return self.filter(guide_filter(user, action))

    def published(self) -> GuideQuerySet:
        return self.filter(status=GuideStatus.PUBLISHED)

    def in_language(self, code: str) -> GuideQuerySet:
        """Guides readable in `code`: every guide in German, else those with at least one
        section translated into it."""
        if code == GuideLanguage.DE:
            return self
        return self.filter(
            Exists(Translation.objects.filter(section__guide=OuterRef("pk"), language=code))
        )

    def search(self, text: str) -> GuideQuerySet:
        """Title, section titles and the sections' texts (every revision: a word removed
        later still finds the guide, which errs on the side of finding)."""
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text)
            | Q(Exists(Section.objects.filter(guide=OuterRef("pk"), title__icontains=text)))
            | Q(
                Exists(Revision.objects.filter(section__guide=OuterRef("pk"), body__icontains=text))
            )
            | Q(
                Exists(
                    Translation.objects.filter(section__guide=OuterRef("pk")).filter(
                        Q(title__icontains=text) | Q(body__icontains=text)
                    )
                )
            )
        )


class Guide(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="guides",
    )
    measure = models.ForeignKey(
        "measures.Measure",
        verbose_name=_("measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guides",
    )
    #: The group that writes it: its member associations' representatives author it.
    working_group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guides",
    )
    fields = models.ManyToManyField(
        "programmes.Field", verbose_name=_("fields"), blank=True, related_name="guides"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=12, choices=GuideStatus.choices, default=GuideStatus.DRAFT
    )
    source_language = models.CharField(
        _("source language"), max_length=8, choices=GuideLanguage.choices, default="de"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "visibility"], name="guide_status_visibility")]
        constraints = [
            models.CheckConstraint(
                name="guide_published_has_date",
                condition=~Q(status=GuideStatus.PUBLISHED) | Q(published_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == GuideStatus.PUBLISHED


class _ThroughGuideQuerySet(models.QuerySet):
    """Rows of a guide are visible and editable as their guide is."""

    guide_path = "guide"

    def for_user(self, user, action: str = "view"):
        from vereinsforum.guides.scoping import guide_filter

        guides = Guide.objects.filter(guide_filter(user, action)).values("pk")
        return self.filter(**{f"{self.guide_path}__in": guides})


class SectionQuerySet(_ThroughGuideQuerySet):
    guide_path = "guide_id"


class CommentQuerySet(_ThroughGuideQuerySet):
    guide_path = "section__guide_id"


class Section(models.Model):
    guide = models.ForeignKey(
        Guide, verbose_name=_("guide"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["guide", "position"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "position"], name="section_position_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> Revision | None:
        """The section's content: its latest revision."""
        return self.revisions.order_by("-number").first()

    def translation(self, language: str) -> Translation | None:
        """The latest version of the section in `language`."""
        return self.translations.filter(language=language).order_by("-pk").first()


class Revision(models.Model):
    """One save of a section: its title and Markdown text as they were then."""

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), blank=True)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.section} #{self.number}"


class Comment(models.Model):
    """A review comment on one section, made on the revision the reviewer read."""

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="comments"
    )
    revision = models.ForeignKey(
        Revision,
        verbose_name=_("revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    resolved = models.BooleanField(_("resolved"), default=False)
    created = models.DateTimeField(_("created"), default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["section", "created", "pk"]

    def __str__(self) -> str:
        return f"{self.section}: {self.text[:40]}"


class Translation(models.Model):
    """One version of a section in another language (or in Leichte Sprache), written from
    `source` (a revision of the section). Every save adds a version; the latest counts."""

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8, choices=GuideLanguage.choices)
    source = models.ForeignKey(
        Revision,
        verbose_name=_("translated from"),
        on_delete=models.PROTECT,
        related_name="translations",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["section", "language", "pk"]
        indexes = [models.Index(fields=["section", "language"], name="translation_section_lang")]
        constraints = [
            models.CheckConstraint(
                name="translation_not_source_language", condition=~Q(language="de")
            )
        ]

    def __str__(self) -> str:
        return f"{self.section} [{self.language}]"

    def is_outdated(self, current: Revision | None = None) -> bool:
        """Whether the section has changed since this version was translated."""
        current = current or self.section.current
        return current is not None and current.number > self.source.number
