"""Choices of the fitheidscan."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    STARTEN = "starten", _("Starten")
    GROEIEN = "groeien", _("Groeien")
    VERNIEUWEN = "vernieuwen", _("Vernieuwen")
    VERSNELLEN = "versnellen", _("Versnellen")
    ZWAAR_WEER = "zwaar_weer", _("Zwaar weer")
    OVERDRAGEN = "overdragen", _("Overdragen")
