"""Events, venues, invitations, registrations, calendar feeds and the mail outbox.

An association, not a person, is invited; a person registers for their association and
holds a seat, a waiting place or an offer. Free seats are counted from the rows (never
stored), and the database keeps one active registration per person and event. Writes go
through events/services/; reads are the querysets' methods here.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.translated import TranslationsField, translated

if TYPE_CHECKING:
    from vereinsforum.accounts.models import User
    from vereinsforum.organisations.models import OrganisationQuerySet


def new_code() -> str:
    return secrets.token_hex(12)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Location(models.Model):
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80, default="Wuppertal")
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, lift, accessible toilet, induction loop, …"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        place = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (self.street, place) if p)


class EventKind(models.TextChoices):
    KICK_OFF = "kick_off", _("Kick-off")
    FORUM_SESSION = "forum_session", _("Forum session")
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    WORKING_GROUP = "working_group", _("Working-group meeting")
    COMMITTEE = "committee", _("Committee meeting")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    ENROLLED = "enrolled", _("All enrolled associations")
    CHOSEN = "chosen", _("Chosen associations")
    PUBLIC = "public", _("Public")


class EventQuerySet(models.QuerySet):
    def upcoming(self) -> EventQuerySet:
        return self.filter(end__gte=timezone.now()).order_by("start")

    def of_kind(self, kind: str) -> EventQuerySet:
        return self.filter(kind=kind)

    def not_cancelled(self) -> EventQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def forum_sessions(self, programme) -> EventQuerySet:
        """The sessions that take or took place, numbered by start; a cancelled one is no
        session of the forum."""
        return (
            self.not_cancelled()
            .filter(programme=programme, kind=EventKind.FORUM_SESSION)
            .order_by("start")
        )

    def public(self) -> EventQuerySet:
        return self.filter(audience=Audience.PUBLIC)

    def for_user(self, user: User, action: str = "view") -> EventQuerySet:
        from vereinsforum.events.scoping import event_filter

        return self.filter(event_filter(user, action))


class Event(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_i18n = TranslationsField()
    description = models.TextField(_("description"), blank=True)
    description_i18n = TranslationsField()
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location = models.ForeignKey(
        Location,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    capacity = models.PositiveIntegerField(
        _("capacity (persons)"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    seats_per_association = models.PositiveSmallIntegerField(
        _("seats per association"), null=True, blank=True, help_text=_("Empty: no cap.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    languages = models.ManyToManyField(
        "organisations.Language",
        verbose_name=_("languages offered"),
        blank=True,
        related_name="events",
    )
    fields = models.ManyToManyField(
        "programmes.Field", verbose_name=_("fields served"), blank=True, related_name="events"
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.ENROLLED
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("offer valid for (hours)"),
        default=48,
        help_text=_("How long a freed seat is held for the next association on the waiting list."),
    )
    #: A cancelled event stays on record (with its cancelled registrations); it is never deleted.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_note = models.TextField(_("reason for the cancellation"), blank=True)
    #: iCalendar SEQUENCE: raised whenever the time or the venue changes, so that calendars
    #: holding the entry (same UID) replace it instead of ignoring the newer copy.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start"]
        indexes = [models.Index(fields=["programme", "start"], name="event_programme_start")]
        constraints = [
            models.CheckConstraint(
                name="event_start_before_end", condition=Q(start__lt=models.F("end"))
            ),
            models.CheckConstraint(
                name="event_registration_window_ordered",
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_opens__lt=models.F("registration_closes")),
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "title")

    def seats_taken(self) -> int:
        """Persons holding a seat, counted from the rows (never stored)."""
        return self.registrations.filter(status__in=SEAT_HOLDING).count()

    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.seats_taken())

    def waiting_list(self) -> RegistrationQuerySet:
        return self.registrations.waiting_list()

    def attending_organisations(self) -> OrganisationQuerySet:
        """Associations with at least one person checked in as attended."""
        from vereinsforum.organisations.models import Organisation

        attended = Registration.objects.filter(status=RegistrationStatus.ATTENDED, event=self)
        return Organisation.objects.filter(pk__in=attended.values("organisation"))

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def registration_open(self, at=None) -> bool:
        at = at or timezone.now()
        if self.cancelled_at is not None or at >= self.start:
            return False
        if self.registration_opens and at < self.registration_opens:
            return False
        return not (self.registration_closes and at >= self.registration_closes)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class InvitationQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> InvitationQuerySet:
        from vereinsforum.events.scoping import organisation_row_filter

        return self.filter(organisation_row_filter(user, action))

    def open(self) -> InvitationQuerySet:
        return self.filter(status=InvitationStatus.PENDING, event__start__gt=timezone.now())

    def with_reach(self) -> InvitationQuerySet:
        """Annotate `mailed` (the outbox holds an e-mail for it) and `reachable` (it would
        reach someone now, by the rule of notifications.invitation_recipients: a current
        chair, delegate or contact with an e-mail address, else the association's address).
        An invitation that is neither went to nobody: there is no contact person."""
        from vereinsforum.events.notifications import INVITATION_ROLES
        from vereinsforum.organisations.models import Affiliation

        contacts = (
            Affiliation.objects.current()
            .filter(
                organisation=models.OuterRef("organisation"),
                role__in=INVITATION_ROLES,
                person__pseudonymised_at__isnull=True,
            )
            .exclude(person__email="")
        )
        return self.annotate(
            mailed=models.Exists(OutboxMessage.objects.filter(invitation=models.OuterRef("pk"))),
            reachable=models.ExpressionWrapper(
                Q(models.Exists(contacts)) | ~Q(organisation__email=""),
                output_field=models.BooleanField(),
            ),
        )


class Invitation(models.Model):
    """An association, not a person, is invited; it gives one answer for all its delegates."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="event_invitations",
    )
    status = models.CharField(
        _("answer"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="invitation_one_per_association"
            ),
            models.CheckConstraint(
                name="invitation_answer_has_time",
                condition=Q(status=InvitationStatus.PENDING) | Q(answered_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.event}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("Waiting list")
    OFFERED = "offered", _("Seat offered")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")


#: Statuses that hold a seat: free seats = capacity minus the rows in these statuses.
SEAT_HOLDING = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.ATTENDED,
)
#: Statuses that count against an association's seat cap (a waiting place is a claim too).
CLAIMING = (*SEAT_HOLDING, RegistrationStatus.WAITLISTED)


class RegistrationSource(models.TextChoices):
    SELF = "self", _("By the association")
    ON_BEHALF = "on_behalf", _("By staff on behalf")
    WALK_IN = "walk_in", _("Walk-in at the door")
    IMPORT = "import", _("Attendance list import")


class CancelReason(models.TextChoices):
    PARTICIPANT = "participant", _("Cancelled by the participant")
    STAFF = "staff", _("Cancelled by staff")
    OFFER_EXPIRED = "offer_expired", _("Offer not accepted in time")
    SWAPPED = "swapped", _("Replaced by another delegate")
    EVENT_CANCELLED = "event_cancelled", _("The event was cancelled")


class RegistrationQuerySet(models.QuerySet):
    def for_user(self, user: User, action: str = "view") -> RegistrationQuerySet:
        from vereinsforum.events.scoping import registration_filter

        return self.filter(registration_filter(user, action))

    def holding_seat(self) -> RegistrationQuerySet:
        return self.filter(status__in=SEAT_HOLDING)

    def waiting_list(self) -> RegistrationQuerySet:
        """The fair order: associations without a seat first, then first come, first served."""
        seated = Registration.objects.filter(
            event=models.OuterRef("event"),
            organisation=models.OuterRef("organisation"),
            status__in=SEAT_HOLDING,
        )
        return (
            self.filter(status=RegistrationStatus.WAITLISTED)
            .annotate(has_seat=models.Exists(seated))
            .order_by("has_seat", "waitlisted_at", "pk")
        )


class Registration(models.Model):
    """One person's place at an event, held for (and counted against) their association."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=RegistrationSource.choices,
        default=RegistrationSource.SELF,
    )
    #: Secret code: in the QR code of the confirmation, and the key of the offer's accept link.
    code = models.CharField(_("code"), max_length=32, unique=True, default=new_code)
    created = models.DateTimeField(_("registered on"), default=timezone.now)
    waitlisted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    offer_expires = models.DateTimeField(_("offer expires"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("reason"), max_length=16, choices=CancelReason.choices, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="registration_one_active_per_person",
            ),
            models.CheckConstraint(
                name="registration_offer_has_expiry",
                condition=~Q(status=RegistrationStatus.OFFERED) | Q(offer_expires__isnull=False),
            ),
            models.CheckConstraint(
                name="registration_waitlisted_has_time",
                condition=~Q(status=RegistrationStatus.WAITLISTED) | Q(waitlisted_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.event}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING


class CalendarFeedQuerySet(models.QuerySet):
    def active(self) -> CalendarFeedQuerySet:
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A secret feed URL for one association or one person; revoking it kills the URL."""

    token = models.CharField(_("token"), max_length=48, unique=True, default=new_token)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                name="calendar_feed_one_owner",
                condition=Q(organisation__isnull=False, person__isnull=True)
                | Q(organisation__isnull=True, person__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.person)


class MailKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    CONFIRMATION = "confirmation", _("Confirmation")
    OFFER = "offer", _("Waiting-list offer")
    REMINDER = "reminder", _("Reminder")
    CANCELLATION = "cancellation", _("Cancellation")
    CHANGED = "changed", _("Change of time or venue")
    ACCOUNT_INVITE = "account_invite", _("Invitation to an account")


def change_notice_key(registration_id: int, sequence: int) -> str:
    """The outbox deduplication key of a change notice: one per registration and revision."""
    return f"changed:{registration_id}:{sequence}"


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Given up")


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, now=None) -> OutboxMessageQuerySet:
        now = now or timezone.now()
        return self.filter(status=MailStatus.PENDING, next_attempt_at__lte=now)

    def change_notices(self, event: Event) -> OutboxMessageQuerySet:
        """The notices queued for the event's current revision of time and venue."""
        keys = [
            change_notice_key(pk, event.sequence)
            for pk in event.registrations.values_list("pk", flat=True)
        ]
        return self.filter(kind=MailKind.CHANGED, dedupe_key__in=keys)


class OutboxMessage(models.Model):
    """A message stored in the same transaction as the write that caused it, so a failing
    mail server can delay a message but never lose it, nor the registration. A registration's
    message is rendered after the commit, outside the event's lock (mail.message_enqueue_later);
    until then `rendered` is false and the sender renders it should nothing else have."""

    kind = models.CharField(_("kind"), max_length=14, choices=MailKind.choices)
    to_email = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachment_name = models.CharField(_("attachment"), max_length=100, blank=True)
    attachment = models.TextField(_("attachment content"), blank=True)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    #: The person the message is addressed to, so erasing them erases their mail too
    #: (rows from before this link are found by their address).
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    #: Keeps a periodic command (reminders) from sending the same message twice.
    dedupe_key = models.CharField(_("deduplication key"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    rendered = models.BooleanField(_("rendered"), default=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=~Q(dedupe_key=""), name="outbox_dedupe_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_status_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to_email}"
