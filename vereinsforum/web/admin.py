from django.contrib import admin

from vereinsforum.lib.admin import ReadOnlyAdmin
from vereinsforum.web.models import AccessibilityFeedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(ReadOnlyAdmin):
    list_display = ("created", "page_url", "handled")
    list_filter = ("handled",)
