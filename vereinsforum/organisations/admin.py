"""The admin's read-only view of organisations, people, their roles and the languages."""

from django.contrib import admin
from django.db import models

from vereinsforum.lib.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from vereinsforum.organisations.models import Affiliation, Language, Organisation, Person

# Read-only (lib/admin.py): organisations and people change on their pages in the app, whose
# services check the rules, refuse to revive an erased person and write the audit log.


class AffiliationInline(ReadOnlyTabularInline):
    model = Affiliation


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "district", "verification")
    list_filter = ("kind", "district", "verification")
    search_fields = ("name", "short_name", "communities")
    inlines = [AffiliationInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("last_name", "first_name", "email", "preferred_language", "pseudonymised_at")
    search_fields = ("last_name", "first_name", "email")


@admin.register(Language)
class LanguageAdmin(ReadOnlyAdmin):
    list_display = ("code", "name")
