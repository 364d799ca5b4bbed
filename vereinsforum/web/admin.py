from django.contrib import admin

from vereinsforum.web.models import AccessibilityFeedback

admin.site.register(AccessibilityFeedback)
