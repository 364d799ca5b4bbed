from django.urls import path, re_path

from vereinsforum.oparl import publication_views, views

app_name = "oparl"
urlpatterns = [
    path("", views.landing, name="landing"),
    # Staff pages; before the object patterns below, which would otherwise claim them.
    path("personen/", publication_views.publication_list, name="publication_list"),
    path("personen/neu/", publication_views.publication_grant, name="publication_grant"),
    path("personen/<int:pk>/aendern/", publication_views.publication_edit, name="publication_edit"),
    path(
        "personen/<int:pk>/widerrufen/",
        publication_views.publication_revoke,
        name="publication_revoke",
    ),
    path("system", views.system, name="system"),
    path("bodies", views.bodies, name="bodies"),
    path("body/<int:pk>", views.body, name="body"),
    path("body/<int:pk>/<slug:list_name>", views.body_list, name="body_list"),
    path("file/<str:key>/access", views.file_access, name="file_access"),
    path("file/<str:key>/download", views.file_download, name="file_download"),
    path("<slug:object_type>/<str:key>", views.object_detail, name="object"),
    # Unknown URLs below /oparl/v1/ answer in JSON with the CORS header, like every other.
    re_path(r"^(?P<rest>.+)$", views.not_found, name="not_found"),
]
