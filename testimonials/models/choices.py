"""The choices, limits and validators the testimonials models share.

Channels, subjects, display modes, statuses and emotions; also the video host check.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Video links are embedded on public pages: only hosts we know to be safe players.
VIDEO_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "youtu.be",
        "vimeo.com",
        "www.vimeo.com",
        "player.vimeo.com",
    }
)


def validate_video_url(value):
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme != "https" or (parts.hostname or "").lower() not in VIDEO_HOSTS:
        raise ValidationError(
            _("Deel een video van YouTube of Vimeo: een link die begint met https://."),
            code="video_host",
        )


class Channel(models.TextChoices):
    WEBSITE = "website", _("Website")
    MAGAZINE = "magazine", _("Magazine en nieuwsbrief")
    SOCIAL = "social", _("Sociale media")
    PRINT = "drukwerk", _("Drukwerk")


class SubjectKind(models.TextChoices):
    EVENT = "bijeenkomst", _("Een bijeenkomst")
    GROUP = "intervisie", _("Een intervisiegroep")
    DESK = "loket", _("Het loket in het algemeen")


class DisplayMode(models.TextChoices):
    FULL = "volledig", _("Met mijn volledige naam en bedrijf")
    FIRST_NAME = "voornaam", _("Met mijn voornaam en sector")
    ANONYMOUS = "anoniem", _("Anoniem")


class Status(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    QUESTION = "vraag", _("Vraag uitgezet")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REJECTED = "afgewezen", _("Afgewezen")
    PRIVATE = "prive", _("Privé-feedback")


# A rapportcijfer at or below this goes to the desk as private feedback, never to publication.
PRIVATE_FEEDBACK_MAX_SCORE = 5


class Emotion(models.TextChoices):
    PROUD = "trots", _("Trots")
    HAPPY = "blij", _("Blij")
    RELIEVED = "opgelucht", _("Opgelucht")
    HOPEFUL = "hoopvol", _("Hoopvol")
    NEUTRAL = "neutraal", _("Neutraal")
    UNSURE = "onzeker", _("Onzeker")
    WORRIED = "bezorgd", _("Bezorgd")
    FRUSTRATED = "gefrustreerd", _("Gefrustreerd")


# How the emotion curve places each emotion: +2 (top) to -2 (bottom).
EMOTION_VALENCE = {
    Emotion.PROUD: 2,
    Emotion.HAPPY: 2,
    Emotion.RELIEVED: 1,
    Emotion.HOPEFUL: 1,
    Emotion.NEUTRAL: 0,
    Emotion.UNSURE: -1,
    Emotion.WORRIED: -1,
    Emotion.FRUSTRATED: -2,
}
