from django.urls import path

from vereinsforum.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("neu/", views.organisation_create_view, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.organisation_edit, name="edit"),
    path("<int:pk>/kontakte/neu/", views.contact_create, name="contact_create"),
    path("<int:pk>/kontakte/zuordnen/", views.organisation_affiliation_add, name="affiliation_add"),
    path("personen/", views.person_list, name="people"),
    path("personen/neu/", views.person_create_view, name="person_create"),
    path("personen/<int:pk>/", views.person_detail, name="person"),
    path("personen/<int:pk>/bearbeiten/", views.person_edit, name="person_edit"),
    path(
        "personen/<int:pk>/zuordnen/",
        views.person_affiliation_add,
        name="person_affiliation_add",
    ),
    path("personen/<int:pk>/loeschen/", views.person_erase, name="person_erase"),
    path("rollen/<int:pk>/beenden/", views.affiliation_end_view, name="affiliation_end"),
]
