"""Shared ground of the intake services: the errors, the allowed status steps and settings.
Nothing here changes a request; the other modules build on it."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Status

# The session key a campaign's attribution may set; a hidden ``campaign`` field wins over it.
SESSION_CAMPAIGN_KEY = "campaign_code"
# Which status may follow which. Nothing goes back: a held intake stays held (it may still be
# referred on), and a referred request is closed.
# A planned conversation may also be cancelled (by the entrepreneur's link) or recorded as a
# no-show; after either, staff may plan a new one.
ALLOWED_STEPS = {
    Status.NEW: {Status.PLANNED, Status.HELD, Status.REFERRED},
    Status.PLANNED: {
        Status.PLANNED,
        Status.HELD,
        Status.REFERRED,
        Status.NO_SHOW,
        Status.CANCELLED,
    },
    Status.HELD: {Status.REFERRED},
    Status.REFERRED: set(),
    Status.NO_SHOW: {Status.PLANNED},
    Status.CANCELLED: {Status.PLANNED},
}


class IntakeError(Exception):
    """A request or step that cannot be done; ``message`` is Dutch and meant for the screen."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


ERASED_MESSAGE = gettext_lazy(
    "De gegevens van deze aanvraag zijn gewist; je kunt er niets meer aan wijzigen."
)


def _erased_error():
    return IntakeError(str(ERASED_MESSAGE), "erased")


class RateLimited(IntakeError):
    def __init__(self):
        super().__init__(
            _(
                "We kregen net al een paar aanvragen van je binnen. Probeer het over een uur "
                "nog eens, of bel ons even."
            ),
            "rate_limited",
        )


def _digest(*parts):
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def retention_days() -> int:
    return getattr(settings, "INTAKE_RETENTION_DAYS", 365)
