from django.urls import path

from vereinsforum.api import views

app_name = "api"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/widerrufen/", views.token_revoke, name="token_revoke"),
    # After the API's own paths (vereinsforum/urls.py): an unknown one is a problem too.
    path("v1/<path:rest>", views.api_not_found),
]
