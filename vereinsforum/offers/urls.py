from django.urls import path

from vereinsforum.offers import views

app_name = "offers"
urlpatterns = [
    path("", views.offer_list, name="list"),
    path("neu/", views.offer_create, name="create"),
    path("<int:pk>/bearbeiten/", views.offer_edit, name="edit"),
    path("abdeckung/", views.coverage, name="coverage"),
    path("abdeckung/berechnen/", views.coverage_compute, name="coverage_compute"),
    path(
        "abdeckung/<int:pk>/felder/<int:field_pk>/massnahme/",
        views.coverage_measure,
        name="coverage_measure",
    ),
    path("abdeckung/export.<str:format>", views.coverage_download, name="coverage_export"),
]
