"""The forum of associations: its members, sessions, agenda, polls, ballots and lots.

Secret ballots keep two tables that never point at each other: `Voter` records that an
association voted (and who entered it), `Ballot` holds what was voted. A secret ballot has a
random UUID key, no association and no timestamp, so neither its key nor its columns say
which voter row belongs to it. The database's own record of the order of writing (row order,
PostgreSQL transaction ids) is wiped by rewriting the ballots in a random order: see
forum/secrecy.py for how, and for the limits that remain.
"""

from __future__ import annotations

import enum
import math
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.translated import TranslationsField, translated

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User


class ForumQuerySet(models.QuerySet):
    """Every forum table is scoped the same way: see forum/scoping.py."""

    def for_user(self, user: User, action: str = "view") -> ForumQuerySet:
        from vereinsforum.forum.scoping import forum_filter

        return self.filter(forum_filter(user, action))


class ForumBody(models.Model):
    """The standing forum of a programme's associations, with its rules."""

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="forum_body",
    )
    name = models.CharField(_("name"), max_length=200)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (per cent of members)"),
        default=50,
        help_text=_("A poll is valid when at least this share of the members has cast a ballot."),
    )
    secret_ballots = models.BooleanField(
        _("secret ballots"),
        default=True,
        help_text=_("The default for new polls: what an association voted is kept apart."),
    )
    rules = models.TextField(_("rules of procedure"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.CheckConstraint(
                name="forum_quorum_is_a_percentage",
                condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def quorum_for(self, members: int) -> int:
        return math.ceil(members * self.quorum_percent / 100)


class MembershipQuerySet(ForumQuerySet):
    def active_on(self, day: date) -> MembershipQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


class Membership(models.Model):
    """An association's seat in the forum: one vote, cast by its delegate or deputy."""

    body = models.ForeignKey(
        ForumBody, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="forum_memberships",
    )
    start = models.DateField(_("member since"))
    end = models.DateField(_("member until"), null=True, blank=True)
    delegate = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("delegate"),
        on_delete=models.PROTECT,
        related_name="forum_delegations",
    )
    deputy = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forum_deputyships",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "start"]
        constraints = [
            models.CheckConstraint(
                name="forum_membership_start_before_end",
                condition=Q(end__isnull=True) | Q(start__lte=models.F("end")),
            ),
            models.CheckConstraint(
                name="forum_membership_deputy_is_another_person",
                condition=Q(deputy__isnull=True) | ~Q(deputy=models.F("delegate")),
            ),
            models.UniqueConstraint(
                fields=["body", "organisation"],
                condition=Q(end__isnull=True),
                name="forum_membership_one_open_per_association",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def is_active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


class ForumSession(models.Model):
    """The forum's record of a session: the event itself lives in the events app."""

    body = models.ForeignKey(
        ForumBody, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="sessions"
    )
    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="forum_session",
    )
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Sanitised HTML."))
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum session")
        verbose_name_plural = _("forum sessions")
        ordering = ["event__start"]

    def __str__(self) -> str:
        return str(self.event)

    @property
    def date(self) -> date:
        return timezone.localdate(self.event.start)


class ResolutionKind(models.TextChoices):
    NONE = "", _("No resolution")
    TRAINING = "training", _("Training")
    WORKING_GROUP = "working_group", _("Working group")
    GUIDE = "guide", _("Guide")
    OTHER = "other", _("Other")


class ItemResult(models.TextChoices):
    OPEN = "open", _("Not yet dealt with")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    NOTED = "noted", _("Taken note of")
    POSTPONED = "postponed", _("Postponed")


class AgendaItem(models.Model):
    session = models.ForeignKey(
        ForumSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolution_kind = models.CharField(
        _("kind of resolution"),
        max_length=20,
        choices=ResolutionKind.choices,
        default=ResolutionKind.NONE,
        blank=True,
    )
    result = models.CharField(
        _("result"), max_length=12, choices=ItemResult.choices, default=ItemResult.OPEN
    )

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"],
                name="forum_agenda_position_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class PollMethod(models.TextChoices):
    SCHULZE = "schulze", _("Ranking, counted by Schulze")
    BORDA = "borda", _("Ranking, counted by Borda")
    DOTS = "dots", _("Dot voting")
    APPROVAL = "approval", _("Approval voting")


RANKED_METHODS = (PollMethod.SCHULZE, PollMethod.BORDA)


class PollStatus(enum.StrEnum):
    """Where a poll stands, derived from its times and its count (never stored)."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    COUNTED = "counted"


class OptionSource(models.TextChoices):
    FIELDS = "fields", _("The programme's fields")
    MEASURES = "measures", _("Measures")
    FREE = "free", _("Free options")


class PollQuerySet(ForumQuerySet):
    def open_at(self, when: datetime) -> PollQuerySet:
        return self.filter(opens_at__lte=when, closes_at__gt=when, counted_at__isnull=True)


class Poll(models.Model):
    body = models.ForeignKey(
        ForumBody, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="polls"
    )
    session = models.ForeignKey(
        ForumSession,
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
    )
    title = models.CharField(_("title"), max_length=200)
    title_i18n = TranslationsField()
    description = models.TextField(_("description"), blank=True)
    description_i18n = TranslationsField()
    method = models.CharField(_("method"), max_length=10, choices=PollMethod.choices)
    option_source = models.CharField(
        _("options"), max_length=10, choices=OptionSource.choices, default=OptionSource.FIELDS
    )
    points_per_ballot = models.PositiveSmallIntegerField(
        _("points per ballot"), null=True, blank=True
    )
    max_points_per_option = models.PositiveSmallIntegerField(
        _("maximum points per option"), null=True, blank=True
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    secret = models.BooleanField(_("secret ballot"), default=True)
    changeable = models.BooleanField(
        _("ballots may be changed until the poll closes"),
        default=False,
        help_text=_("The last ballot of an association counts."),
    )
    #: Filled when the poll is counted; the weights are also stored on the options.
    counted_at = models.DateTimeField(_("counted"), null=True, blank=True)
    eligible = models.PositiveIntegerField(_("members entitled to vote"), null=True, blank=True)
    quorum_required = models.PositiveIntegerField(_("quorum"), null=True, blank=True)
    tally = models.JSONField(_("count"), default=dict, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PollQuerySet.as_manager()

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                name="forum_poll_opens_before_close",
                condition=Q(opens_at__lt=models.F("closes_at")),
            ),
            models.CheckConstraint(
                name="forum_poll_dots_have_points",
                condition=~Q(method=PollMethod.DOTS)
                | Q(
                    points_per_ballot__gte=1,
                    max_points_per_option__gte=1,
                    max_points_per_option__lte=models.F("points_per_ballot"),
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ranked(self) -> bool:
        return self.method in RANKED_METHODS

    @property
    def is_counted(self) -> bool:
        return self.counted_at is not None

    def status(self, now: datetime | None = None) -> PollStatus:
        now = now or timezone.now()
        if self.counted_at is not None:
            return PollStatus.COUNTED
        if now < self.opens_at:
            return PollStatus.SCHEDULED
        if now < self.closes_at:
            return PollStatus.OPEN
        return PollStatus.CLOSED

    def is_open(self, now: datetime | None = None) -> bool:
        return self.status(now) == PollStatus.OPEN

    @property
    def entitled_on(self) -> date:
        """Members on the day the poll opens are the ones entitled to vote."""
        return timezone.localdate(self.opens_at)

    def entitled_memberships(self) -> MembershipQuerySet:
        return self.body.memberships.active_on(self.entitled_on)

    @property
    def quorum_reached(self) -> bool | None:
        if self.quorum_required is None:
            return None
        return self.tally.get("ballots", 0) >= self.quorum_required

    def ranked_options(self) -> list[PollOption]:
        options = list(self.options.all())
        return sorted(options, key=lambda o: (o.rank is None, o.rank or 0, o.position))


class PollOption(models.Model):
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=200)
    label_i18n = TranslationsField()
    field = models.ForeignKey(
        "programmes.Field",
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="poll_options",
    )
    #: Reference to the thing the option stands for when it is not a field (e.g. a measure,
    #: once that app exists); kept as text so this table does not depend on it.
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    weight = models.FloatField(_("weight"), null=True, blank=True)
    #: 1 = first place; tied options share a place until lots are drawn.
    rank = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["poll", "position"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="forum_option_position"),
            models.UniqueConstraint(
                fields=["poll", "field"],
                condition=Q(field__isnull=False),
                name="forum_option_field_once",
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "label")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper ballot entered by staff")


class Voter(models.Model):
    """That an association voted in a poll. The unique constraint is the one-ballot rule."""

    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="voters"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="forum_votes",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cast or entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "organisation"], name="forum_one_ballot_per_association"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.poll}"


class Ballot(models.Model):
    """What was voted. In a secret poll: no association, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="ballots"
    )
    #: Set in open polls only.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    choices = models.JSONField(_("choices"))
    #: HMAC-SHA-256 keyed with the change code handed to the voter, over poll and association
    #: (secret, changeable polls only): the only way back from an association to its secret
    #: ballot is a code only it holds, and the code opens no other association's ballot.
    change_key_hash = models.CharField(max_length=64, blank=True, db_index=True)

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        # Ordered by the random key, so listings never reveal the order of casting.
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "organisation"],
                condition=Q(organisation__isnull=False),
                name="forum_open_ballot_once_per_association",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class TieDraw(models.Model):
    """A drawing of lots that put the tied places of a counted poll into an order."""

    poll = models.OneToOneField(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="tie_draw"
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    drawn_by_label = models.CharField(_("drawn by"), max_length=150)
    drawn_at = models.DateTimeField(_("drawn at"))
    seed = models.CharField(_("seed"), max_length=64)
    before = models.JSONField(_("places before the draw"))
    after = models.JSONField(_("order after the draw"))

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("drawing of lots")
        verbose_name_plural = _("drawings of lots")

    def __str__(self) -> str:
        return f"{self.poll} – {self.seed}"
