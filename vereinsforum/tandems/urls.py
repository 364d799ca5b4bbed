from django.urls import path

from vereinsforum.tandems import views

app_name = "tandems"
urlpatterns = [
    path("", views.index, name="index"),
    path("einstellungen/", views.settings_edit, name="settings"),
    path("wellen/<int:pk>/", views.wave_detail, name="wave"),
    path("wellen/<int:pk>/berechnen/", views.run, name="run"),
    path("wellen/<int:pk>/angebot/<int:organisation_pk>/", views.offer_edit, name="offer"),
    path("wellen/<int:pk>/export.<slug:fmt>", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pruefen/", views.review, name="review"),
    path("<int:pk>/antworten/", views.answer, name="answer"),
    path("<int:pk>/rueckmeldung/", views.feedback, name="feedback"),
    path("<int:pk>/abschliessen/", views.complete, name="complete"),
]
