from django.contrib import admin

from vereinsforum.events.models import (
    CalendarFeed,
    Event,
    Invitation,
    Location,
    OutboxMessage,
    Registration,
)

admin.site.register(Location)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "start", "location", "capacity", "audience")
    list_filter = ("kind", "audience")
    filter_horizontal = ("fields", "languages")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("event", "organisation", "status", "sent_at", "answered_at")
    list_filter = ("status",)
    # Answers change through the services (audit log, cancellations): read-only here.
    readonly_fields = ("event", "organisation", "status", "sent_at", "answered_at", "answered_by")


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("event", "organisation", "status", "source", "created")
    list_filter = ("status", "source")
    # Seats move only through the services, under the event lock: read-only here.
    readonly_fields = [f.name for f in Registration._meta.fields]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("kind", "to_email", "language", "status", "attempts", "created", "sent_at")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created", "revoked_at")
    readonly_fields = ("token", "organisation", "person", "created_by", "created", "revoked_at")
