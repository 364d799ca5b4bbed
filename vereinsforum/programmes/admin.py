"""The admin's read-only view of programmes, their fields, participation, team and
interviewer assignments (they change on the app's own pages, through the services)."""

from django.contrib import admin

from vereinsforum.lib.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from vereinsforum.programmes.models import (
    Field,
    InterviewerAssignment,
    Participation,
    ParticipationStep,
    Programme,
    TeamMember,
)

# Read-only (lib/admin.py): the funnel is counted from these rows, which the services write
# with the audit log.


class FieldInline(ReadOnlyTabularInline):
    model = Field


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("name", "funding_programme", "start", "end")
    inlines = [FieldInline]


class StepInline(ReadOnlyTabularInline):
    model = ParticipationStep


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "programme")
    list_filter = ("programme", "steps__step")
    inlines = [StepInline]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ("person", "organisation", "role", "programme")


@admin.register(InterviewerAssignment)
class InterviewerAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("interviewer", "organisation", "programme")
