from django.urls import path

from vereinsforum.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export.<slug:fmt>", views.audit_export, name="export"),
]
