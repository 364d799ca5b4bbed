from django.urls import path

from vereinsforum.transfer import views

app_name = "transfer"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/<slug:what>.<slug:fmt>", views.export, name="export"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/zuordnung/", views.import_mapping, name="import_mapping"),
    path("import/vorschau/", views.import_preview, name="import_preview"),
    path("import/ausfuehren/", views.import_apply_view, name="import_apply"),
    path("import/verwerfen/", views.import_discard, name="import_discard"),
]
