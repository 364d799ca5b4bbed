from django.urls import path

from vereinsforum.measures import views

app_name = "measures"
urlpatterns = [
    path("", views.measure_list, name="list"),
    path("neu/", views.measure_create, name="create"),
    path("aus-beschluss/<int:item_pk>/", views.measure_from_resolution, name="from_resolution"),
    path("<int:pk>/", views.measure_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.measure_edit, name="edit"),
    path("<int:pk>/status/", views.measure_status, name="status"),
    path("<int:pk>/veranstaltungen/", views.measure_events, name="events"),
]
