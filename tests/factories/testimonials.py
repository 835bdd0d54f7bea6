"""Factories for the testimonials app: the /ervaringen/ index and experiences.

``ExperienceFactory`` makes an approved experience on the website, written as a row (no services).
"""

from __future__ import annotations

from datetime import timedelta

import factory

from django.utils import timezone

from loket.themes.models import Theme
from testimonials.models import Experience, TestimonialsIndexPage

from .pages import PageFactory


class ExperienceIndexPageFactory(PageFactory):
    class Meta:
        model = TestimonialsIndexPage

    title = "Ervaringen"
    slug = "ervaringen"
    intro = "Ondernemers vertellen wat het ze opleverde."


class ExperienceFactory(factory.django.DjangoModelFactory):
    """An approved experience on the website about the desk itself (``subject_kind="loket"``).

    ``minutes_ago`` dates its approval back, for listings sorted newest first.
    """

    class Meta:
        model = Experience

    class Params:
        minutes_ago = 0

    contributor_name = factory.Sequence(lambda n: f"Ondernemer {n}")
    contributor_email = factory.Sequence(lambda n: f"ondernemer{n}@example.nl")
    company_name = factory.Sequence(lambda n: f"Bedrijf {n}")
    sector = "G"
    quote = factory.Sequence(lambda n: f"Ervaring nummer {n}: het leverde me echt iets op.")
    score = 8
    theme = factory.LazyFunction(lambda: Theme.objects.order_by("pk").first())
    subject_kind = "loket"
    event = None
    display_mode = "volledig"
    status = "goedgekeurd"
    is_public = True
    approved_at = factory.LazyAttribute(lambda o: timezone.now() - timedelta(minutes=o.minutes_ago))
