"""Events in Django's admin, read-only: every write goes through the services, which audit it."""

from django.contrib import admin

from vereinsforum.events.models import (
    CalendarFeed,
    Event,
    Invitation,
    Location,
    OutboxMessage,
    Registration,
)
from vereinsforum.lib.admin import ReadOnlyAdmin

# Read-only (lib/admin.py): events, seats and mail change through the services, under the
# event lock and with the audit log.


@admin.register(Location)
class LocationAdmin(ReadOnlyAdmin):
    list_display = ("name", "street", "postcode", "city")
    search_fields = ("name", "street")


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "start", "location", "capacity", "audience")
    list_filter = ("kind", "audience")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("event", "organisation", "status", "sent_at", "answered_at")
    list_filter = ("status",)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("event", "organisation", "status", "source", "created")
    list_filter = ("status", "source")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("kind", "to_email", "language", "status", "attempts", "created", "sent_at")
    list_filter = ("status", "kind")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "created", "revoked_at")
    # The token is the feed's password: not shown, not even to coordinators.
    exclude = ("token",)
