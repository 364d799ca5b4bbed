from django.urls import path

from vereinsforum.api import views

app_name = "api"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/widerrufen/", views.token_revoke, name="token_revoke"),
]
