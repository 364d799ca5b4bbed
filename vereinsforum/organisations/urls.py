from django.urls import path

from vereinsforum.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.organisation_edit, name="edit"),
    path("personen/", views.person_list, name="people"),
    path("personen/<int:pk>/", views.person_detail, name="person"),
    path("personen/<int:pk>/loeschen/", views.person_erase, name="person_erase"),
]
