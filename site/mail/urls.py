"""URLs of mail."""

app_name = "mail"
urlpatterns = []
