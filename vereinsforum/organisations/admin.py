from django.contrib import admin
from django.db import models

from vereinsforum.organisations.models import Affiliation, Language, Organisation, Person


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "district", "verification")
    list_filter = ("kind", "district", "verification")
    search_fields = ("name", "short_name", "communities")
    inlines = [AffiliationInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "email", "preferred_language", "pseudonymised_at")
    search_fields = ("last_name", "first_name", "email")


admin.site.register(Language)
