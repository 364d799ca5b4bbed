app_name = "oparl"
urlpatterns: list = []
