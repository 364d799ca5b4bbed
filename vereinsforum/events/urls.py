"""The events' pages: the public and associations' views, then the staff's (German paths)."""

from django.urls import path

from vereinsforum.events import door_views, staff_views, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("kalender/", views.event_calendar, name="calendar"),
    path("kalender/<int:year>/<int:month>/", views.event_calendar, name="calendar_month"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/ical/", views.event_ics_view, name="ics"),
    path("<int:pk>/anmelden/", views.event_register, name="register"),
    path("anmeldung/<int:pk>/abmelden/", views.registration_cancel_view, name="cancel"),
    path("anmeldung/<int:pk>/tauschen/", views.registration_swap_view, name="swap"),
    path("anmeldung/<int:pk>/bescheinigung/", views.certificate, name="certificate"),
    path("einladung/<int:pk>/antwort/", views.invitation_answer_view, name="answer"),
    path("angebot/<str:code>/", views.offer, name="offer"),
    path("ticket/<str:code>/", views.ticket, name="ticket"),
    path("verlauf/verein/<int:pk>/", views.history_organisation, name="history_organisation"),
    path("verlauf/person/<int:pk>/", views.history_person, name="history_person"),
    path("abos/", views.feeds, name="feeds"),
    path("abos/oeffentlich.ics", views.public_feed, name="public_feed"),
    path("abos/<str:token>.ics", views.feed, name="feed"),
    # staff
    path("neu/", staff_views.event_new, name="create"),
    path("<int:pk>/bearbeiten/", staff_views.event_edit, name="edit"),
    path("<int:pk>/absagen/", staff_views.event_cancel_view, name="cancel_event"),
    path("<int:pk>/einladungen/", staff_views.invitations, name="invitations"),
    path("<int:pk>/anmeldungen/", staff_views.registrations, name="registrations"),
    path(
        "anmeldung/<int:pk>/stornieren/",
        staff_views.registration_cancel_staff,
        name="cancel_staff",
    ),
    path("<int:pk>/einlass/", door_views.checkin, name="checkin"),
    path("<int:pk>/einlass/code/", door_views.checkin_code, name="checkin_code"),
    path("einlass/<int:pk>/", door_views.checkin_registration, name="checkin_registration"),
    path("<int:pk>/einlass/ohne-anmeldung/", door_views.walk_in, name="walk_in"),
    path("<int:pk>/einlass/liste/", door_views.attendance_import_view, name="attendance_import"),
    path(
        "<int:pk>/einlass/nachtragen/",
        door_views.attendance_record_view,
        name="attendance_record",
    ),
    path("<int:pk>/einlass/abschluss/", door_views.attendance_close_view, name="attendance_close"),
    path("<int:pk>/aufnahme/", door_views.kick_off_enrol_view, name="enrol"),
]
