from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = _("Bijeenkomsten")

    def ready(self):
        from loket.accounts import privacy
        from loket.core import registry
        from loket.core.models import HomePage

        from . import (
            demo,  # noqa: F401 - registers the seed_demo step
            signals,  # noqa: F401 - connects the receivers
        )
        from . import privacy as event_privacy
        from .views import latest_upcoming, upcoming_for_tag, upcoming_for_theme

        if "events.EventIndexPage" not in HomePage.subpage_types:
            HomePage.subpage_types.append("events.EventIndexPage")
        registry.register(
            "by_tag",
            "events",
            label=_("Bijeenkomsten"),
            provider=upcoming_for_tag,
            template="events/includes/event_list.html",
            order=10,
        )
        registry.register(
            "by_theme",
            "events",
            label=_("Bijeenkomsten"),
            provider=upcoming_for_theme,
            template="events/includes/event_list.html",
            order=10,
        )
        registry.register(
            "latest",
            "events",
            label=_("Binnenkort"),
            provider=latest_upcoming,
            template="events/includes/event_list.html",
            order=10,
        )
        privacy.register_exporter("bijeenkomsten", event_privacy.export_registrations)
        privacy.register_eraser("bijeenkomsten", event_privacy.erase_registrations)
