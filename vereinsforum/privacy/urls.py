from django.urls import path

from vereinsforum.privacy import views

app_name = "privacy"

urlpatterns = [
    # The bare prefix is the public privacy notice (web:privacy).
    path("verwaltung/", views.index, name="index"),
    path("verzeichnis/", views.record, name="record"),
    path("verzeichnis.pdf", views.record_pdf, name="record_pdf"),
    path("personen/<int:pk>/", views.person, name="person"),
    path("personen/<int:pk>/einwilligung/", views.consent_create, name="consent_create"),
    path("einwilligungen/<int:pk>/widerruf/", views.consent_withdraw_view, name="consent_withdraw"),
    path("personen/<int:pk>/auskunft/", views.subject_export, name="subject_export"),
    path("personen/<int:pk>/auskunft.json", views.subject_export_json, name="subject_export_json"),
    path("personen/<int:pk>/auskunft.pdf", views.subject_export_pdf, name="subject_export_pdf"),
]
