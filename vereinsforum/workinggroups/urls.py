from django.urls import path

from vereinsforum.workinggroups import views

app_name = "workinggroups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("neu/", views.group_create, name="create"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.group_edit, name="edit"),
    path("<int:pk>/mitglieder/", views.member_add, name="member_add"),
    path("mitgliedschaften/<int:pk>/beenden/", views.member_remove, name="member_remove"),
    path("<int:pk>/treffen/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/aufgaben/", views.task_add, name="task_add"),
    path("aufgaben/<int:pk>/bearbeiten/", views.task_edit, name="task_edit"),
    path("aufgaben/<int:pk>/status/", views.task_status, name="task_status"),
    path("<int:pk>/dokumente/", views.document_add, name="document_add"),
    path("dokumente/<int:pk>/", views.document_download, name="document"),
    path("dokumente/<int:pk>/entfernen/", views.document_remove, name="document_remove"),
]
