from django.urls import path

from vereinsforum.measures import views, views_trace

app_name = "measures"
urlpatterns = [
    path("", views.measure_list, name="list"),
    path("neu/", views.measure_create, name="create"),
    path("aus-beschluss/<int:item_pk>/", views.measure_from_resolution, name="from_resolution"),
    path("<int:pk>/", views.measure_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.measure_edit, name="edit"),
    path("<int:pk>/status/", views.measure_status, name="status"),
    path("<int:pk>/veranstaltungen/", views.measure_events, name="events"),
    # Traceability by field (staff and representatives) and the public accountability page.
    path("nachverfolgung/", views_trace.trace_index, name="trace_index"),
    path("nachverfolgung/<int:pk>/", views_trace.field_trace_view, name="trace"),
    path("rechenschaft/", views_trace.accountability, name="accountability"),
]
