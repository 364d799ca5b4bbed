from django.contrib import admin

from vereinsforum.programmes.models import (
    Field,
    InterviewerAssignment,
    Participation,
    ParticipationStep,
    Programme,
    TeamMember,
)


class FieldInline(admin.TabularInline):
    model = Field
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "funding_programme", "start", "end")
    inlines = [FieldInline]


class StepInline(admin.TabularInline):
    model = ParticipationStep
    extra = 0


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("organisation", "programme")
    list_filter = ("programme", "steps__step")
    inlines = [StepInline]


admin.site.register(TeamMember)
admin.site.register(InterviewerAssignment)
