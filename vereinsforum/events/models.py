from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.translated import TranslationsField, translated


class Location(models.Model):
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80, default="Wuppertal")
    accessibility = models.TextField(
        _("accessibility"), blank=True,
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


class Event(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE,
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
        Location, verbose_name=_("venue"), on_delete=models.PROTECT, null=True, blank=True,
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
        "organisations.Language", verbose_name=_("languages offered"), blank=True,
        related_name="events",
    )
    fields = models.ManyToManyField(
        "programmes.Field", verbose_name=_("fields served"), blank=True, related_name="events"
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.ENROLLED
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(name="event_start_before_end", condition=Q(start__lt=models.F("end"))),
            models.CheckConstraint(
                name="event_registration_window_ordered",
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_opens__lt=models.F("registration_closes")),
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "title")
