"""Experiences, consent, moderation, published cases and ambassadors."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimonialsConfig(AppConfig):
    name = "testimonials"
    label = "testimonials"
    verbose_name = _("Ervaringen en cases")

    def ready(self):
        # local import: the receivers need the models loaded; importing connects them.
        from . import signals  # noqa: F401
