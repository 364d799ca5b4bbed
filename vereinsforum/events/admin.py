from django.contrib import admin

from vereinsforum.events.models import Event, Location

admin.site.register(Location)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "start", "location")
    list_filter = ("kind",)
