"""Experiences, consent, moderation, published cases and ambassadors."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimonialsConfig(AppConfig):
    name = "testimonials"
    label = "testimonials"
    verbose_name = _("Ervaringen en cases")

    def ready(self):
        from loket.accounts import privacy
        from loket.core import registry
        from loket.core.models import HomePage

        from . import (
            demo,  # noqa: F401 - registers the seed_demo step
            intervision_receivers,  # noqa: F401 - turns shared intervision experiences into experiences
            services,
            signals,  # noqa: F401 - connects the receivers
        )
        from . import privacy as testimonial_privacy

        if "testimonials.TestimonialsIndexPage" not in HomePage.subpage_types:
            HomePage.subpage_types.append("testimonials.TestimonialsIndexPage")

        registry.register(
            "by_theme",
            "testimonials",
            label=_("Ervaringen van ondernemers"),
            provider=services.for_theme,
            template="testimonials/includes/experience_listing_theme.html",
            order=30,
        )
        registry.register(
            "by_theme",
            "cases",
            label=_("Cases"),
            provider=services.cases_for_theme,
            template="testimonials/includes/case_listing.html",
            order=31,
        )
        registry.register(
            "latest",
            "testimonials",
            label=_("Wat ondernemers zeggen"),
            provider=services.latest,
            template="testimonials/includes/experience_listing.html",
            order=30,
        )
        registry.register(
            "by_event",
            "testimonials",
            label=_("Wat deelnemers zeiden"),
            provider=services.for_event,
            template="testimonials/includes/experience_listing_event.html",
            order=30,
        )
        from .member_panels import my_experiences

        registry.register(
            "for_member",
            "testimonials",
            label=_("Jouw ervaringen"),
            provider=my_experiences,
            template="testimonials/includes/member_panel.html",
            order=30,
        )
        privacy.register_exporter("ervaringen", testimonial_privacy.export_experiences)
        privacy.register_eraser("ervaringen", testimonial_privacy.erase_experiences)
