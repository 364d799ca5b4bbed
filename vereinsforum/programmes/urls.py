from django.urls import path

from vereinsforum.programmes import views

app_name = "programmes"
urlpatterns = [path("team/", views.team, name="team")]
