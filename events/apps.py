from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = _("Bijeenkomsten")

    def ready(self):
        # local import: the receivers need the models loaded; importing connects them.
        from . import signals  # noqa: F401
