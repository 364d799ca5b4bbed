"""The programmes' addresses: participation, project team, interviewers and the set-up."""

from django.urls import path

from vereinsforum.programmes import setup_views, views

app_name = "programmes"
urlpatterns = [
    path("team/", views.team, name="team"),
    path(
        "teilnahme/<int:organisation_pk>/",
        views.participation_record,
        name="participation_record",
    ),
    # The project team and the interviewers' associations (coordinators change them).
    path("team/neu/", views.team_add, name="team_add"),
    path("team/<int:pk>/beenden/", views.team_end, name="team_end"),
    path("team/<int:pk>/entfernen/", views.team_remove, name="team_remove"),
    path("interviewer/", views.interviewers, name="interviewers"),
    path(
        "interviewer/<int:pk>/",
        views.interviewer_assignments,
        name="interviewer_assignments",
    ),
    path(
        "interviewer/zuordnung/<int:pk>/entfernen/",
        views.interviewer_unassign_view,
        name="interviewer_unassign",
    ),
    # The coordinator's set-up (setup_views.py); names and form ids are relied on by the
    # end-to-end journey on an empty database, keep them stable.
    path("einrichten/", setup_views.setup, name="setup"),
    path("einrichten/programm/", setup_views.setup_programme, name="setup_programme"),
    path("einrichten/themenfelder/", setup_views.setup_fields, name="setup_fields"),
    path("einrichten/themenfelder/neu/", setup_views.setup_field_create, name="setup_field_create"),
    path(
        "einrichten/themenfelder/<int:pk>/", setup_views.setup_field_edit, name="setup_field_edit"
    ),
    path(
        "einrichten/themenfelder/<int:pk>/verschieben/",
        setup_views.setup_field_move,
        name="setup_field_move",
    ),
    path(
        "einrichten/themenfelder/<int:pk>/entfernen/",
        setup_views.setup_field_delete,
        name="setup_field_delete",
    ),
    path("einrichten/sprachen/", setup_views.setup_languages, name="setup_languages"),
    path(
        "einrichten/sprachen/<str:code>/",
        setup_views.setup_language_edit,
        name="setup_language_edit",
    ),
    path(
        "einrichten/sprachen/<str:code>/entfernen/",
        setup_views.setup_language_delete,
        name="setup_language_delete",
    ),
    path("einrichten/angaben/", setup_views.setup_site, name="setup_site"),
]
