"""The forum's pages: the body and its members, sessions and agendas, polls and ballots.

Paths are German, as the site's users read them.
"""

from django.urls import path

from vereinsforum.forum import views

app_name = "forum"
urlpatterns = [
    path("", views.index, name="index"),
    path("regeln/", views.rules, name="rules"),
    path("gremium/bearbeiten/", views.body_edit, name="body_edit"),
    path("mitglieder/neu/", views.membership_add, name="membership_add"),
    path("mitglieder/<int:pk>/bearbeiten/", views.membership_edit, name="membership_edit"),
    path("sitzungen/<int:event_pk>/", views.session_detail, name="session_detail"),
    path(
        "sitzungen/<int:event_pk>/tagesordnung/neu/", views.agenda_item_add, name="agenda_item_add"
    ),
    path("sitzungen/<int:event_pk>/protokoll/", views.minutes_edit, name="minutes_edit"),
    path("tagesordnung/<int:pk>/", views.agenda_item_edit, name="agenda_item_edit"),
    path("tagesordnung/<int:pk>/verschieben/", views.agenda_item_move, name="agenda_item_move"),
    path("abstimmungen/neu/", views.poll_create, name="poll_create"),
    path("abstimmungen/<int:pk>/", views.poll_detail, name="poll_detail"),
    path("abstimmungen/<int:pk>/papier/", views.poll_paper, name="poll_paper"),
    path("abstimmungen/<int:pk>/schliessen/", views.poll_close, name="poll_close"),
    path("abstimmungen/<int:pk>/los/", views.poll_draw, name="poll_draw"),
    path("abstimmungen/<int:pk>/ergebnis/", views.poll_results, name="poll_results"),
    path("abstimmungen/<int:pk>/leinwand/", views.poll_projector, name="poll_projector"),
    path(
        "abstimmungen/<int:pk>/leinwand/stand/",
        views.poll_projector_status,
        name="poll_projector_status",
    ),
]
