"""The events app, and what it contributes to the shell: its navigation item, its dashboard
tasks (invitations to answer, offers, failed mail), the dashboard's next events, and its
part of a person's erasure.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "vereinsforum.events"
    label = "events"
    verbose_name = _("Events")

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        return [NavItem(_("Events"), "events:list", order=20)]

    def dashboard_context(self, user):
        """The dashboard's events: the next five of the current programme this user may open
        (a chosen audience's event is not listed to an outsider: its page answers 404 to
        them), or the five most recent when none is to come."""
        from vereinsforum.events.models import Event
        from vereinsforum.programmes.models import Programme

        programme = Programme.current()
        events = Event.objects.none()
        recent = False
        if programme:
            visible = programme.events.for_user(user).select_related("location")
            events = visible.upcoming()[:5]
            if not events:
                recent = True
                events = visible.order_by("-start")[:5]
        return {"events": events, "events_are_recent": recent}

    def dashboard_tasks(self, user):
        from django.urls import reverse
        from django.utils import timezone

        from vereinsforum.events.models import (
            Invitation,
            MailStatus,
            OutboxMessage,
            Registration,
            RegistrationStatus,
        )
        from vereinsforum.events.scoping import is_event_staff
        from vereinsforum.web.navigation import Task

        if not user.is_authenticated:
            return []
        tasks = []
        now = timezone.now()
        if getattr(user, "acting_for_id", None):
            for invitation in (
                Invitation.objects.open()
                .filter(organisation=user.acting_for_id)
                .select_related("event")
            ):
                tasks.append(
                    Task(
                        _("Answer the invitation: %(event)s") % {"event": invitation.event},
                        reverse("events:detail", args=[invitation.event_id]),
                    )
                )
            for registration in Registration.objects.filter(
                organisation=user.acting_for_id,
                status=RegistrationStatus.OFFERED,
                offer_expires__gt=now,
            ).select_related("event"):
                tasks.append(
                    Task(
                        _("A seat is offered to you: %(event)s") % {"event": registration.event},
                        reverse("events:offer", args=[registration.code]),
                    )
                )
        if is_event_staff(user):
            offers = Registration.objects.filter(
                status=RegistrationStatus.OFFERED, event__start__gt=now
            ).count()
            if offers:
                tasks.append(
                    Task(_("Waiting-list offers not yet accepted"), reverse("events:list"), offers)
                )
            failed = OutboxMessage.objects.filter(status=MailStatus.FAILED).count()
            if failed:
                tasks.append(
                    Task(_("E-mails that could not be delivered"), reverse("events:list"), failed)
                )
        return tasks

    def erase_person(self, *, person, account, terms):
        """Called by `person_pseudonymise`: their mail, in the outbox and as file copies,
        and their personal calendar feed, whose link would still list their registrations."""
        from django.utils import timezone

        from vereinsforum.events.mail import outbox_erase
        from vereinsforum.events.models import CalendarFeed

        outbox_erase(person=person, terms=terms)
        CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
