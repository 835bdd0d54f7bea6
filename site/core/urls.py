"""URLs of core."""

app_name = "core"
urlpatterns = []
