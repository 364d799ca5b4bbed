from django.urls import path

from vereinsforum.programmes import views

app_name = "programmes"
urlpatterns = [
    path("team/", views.team, name="team"),
    path(
        "teilnahme/<int:organisation_pk>/",
        views.participation_record,
        name="participation_record",
    ),
]
