"""The council papers' URLs: the public list and files first, then the staff pages."""

from django.urls import path

from vereinsforum.reports import views

app_name = "reports"
urlpatterns = [
    # public: issued public papers and their frozen files
    path("", views.public_list, name="public"),
    path("<int:pk>/<str:format>/", views.public_file, name="public_file"),
    path(
        "<int:pk>/<str:format>/herunterladen/",
        views.public_file,
        {"download": True},
        name="public_file_download",
    ),
    path(
        "<int:pk>/anlagen/<int:attachment_pk>/",
        views.public_attachment,
        name="public_attachment",
    ),
    path(
        "<int:pk>/anlagen/<int:attachment_pk>/herunterladen/",
        views.public_attachment,
        {"download": True},
        name="public_attachment_download",
    ),
    # staff
    path("vorlagen/", views.report_list, name="list"),
    path("vorlagen/neu/", views.report_create_view, name="create"),
    path("vorlagen/nummer/", views.reference_suggestion, name="reference_suggestion"),
    path("vorlagen/<int:pk>/", views.report_detail, name="detail"),
    path("vorlagen/<int:pk>/zahlen/", views.report_figure_changes, name="figure_changes"),
    path("vorlagen/<int:pk>/bearbeiten/", views.report_edit, name="edit"),
    path("vorlagen/<int:pk>/entwurf/", views.report_draft_view, name="draft"),
    path("vorlagen/<int:pk>/herausgeben/", views.report_issue_view, name="issue"),
    path("vorlagen/<int:pk>/berichtigen/", views.report_correct_view, name="correct"),
    path("vorlagen/<int:pk>/loeschen/", views.report_delete_view, name="delete"),
    path("vorlagen/<int:pk>/datei/<str:format>/", views.report_file, name="file"),
    path("vorlagen/<int:pk>/anlagen/", views.attachment_add, name="attachment_add"),
    path(
        "vorlagen/<int:pk>/anlagen/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "vorlagen/<int:pk>/anlagen/<int:attachment_pk>/entfernen/",
        views.attachment_remove,
        name="attachment_remove",
    ),
]
