from django.urls import path

from vereinsforum.web import views

app_name = "web"
urlpatterns = [
    path("", views.start, name="start"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("barrierefreiheit/feedback/", views.accessibility_feedback, name="accessibility_feedback"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("impressum/", views.imprint, name="imprint"),
    # Browsers ask for /favicon.ico on pages without our <head> (error pages, files); a
    # 404 there would be noise in every log and browser console.
    path("favicon.ico", views.favicon),
]
