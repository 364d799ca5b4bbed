from django.urls import path

from vereinsforum.guides import views

app_name = "guides"
urlpatterns = [
    path("", views.library, name="library"),
    path("neu/", views.create, name="create"),
    path("vorschau/", views.preview, name="preview"),
    path("abschnitte/<int:pk>/", views.section_edit, name="section_edit"),
    path("abschnitte/<int:pk>/verschieben/", views.section_move, name="section_move"),
    path("abschnitte/<int:pk>/vergleich/", views.section_diff, name="section_diff"),
    path("abschnitte/<int:pk>/kommentare/", views.comment_add, name="comment_add"),
    path(
        "abschnitte/<int:pk>/uebersetzung/<str:language>/",
        views.translation_edit,
        name="translation_edit",
    ),
    path("kommentare/<int:pk>/erledigt/", views.comment_resolve, name="comment_resolve"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/pdf/", views.pdf, name="pdf"),
    path("<slug:slug>/bearbeiten/", views.edit, name="edit"),
    path("<slug:slug>/abschnitte/neu/", views.section_add, name="section_add"),
    path("<slug:slug>/schritt/<str:step>/", views.transition, name="transition"),
]
