"""The choices of an event: its format, its type and the status it shows.
Also the route names an event's slug may not take."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Route names on the pages; an event slug may not shadow them.
RESERVED_SLUGS = frozenset({"archief", "ical", "aanmelden"})


class EventFormat(models.TextChoices):
    PHYSICAL = "fysiek", _("Fysiek")
    ONLINE = "online", _("Online")
    HYBRID = "hybride", _("Hybride")


class EventType(models.TextChoices):
    THEMATIC = "thematisch", _("Thematische bijeenkomst")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    NETWORKING = "netwerk", _("Netwerkbijeenkomst")
    BUSINESS_DRINKS = "businessborrel", _("Businessborrel")


class EventStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    FULL = "volgeboekt", _("Volgeboekt")
    CANCELLED = "geannuleerd", _("Geannuleerd")
    PAST = "afgelopen", _("Afgelopen")
