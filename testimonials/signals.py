"""Receivers of the testimonials app.

- A case is a public page built on experiences: it may not stay live while one of them lacks
  website consent (``page_published`` unpublishes it at once; the admin refuses it earlier).
- A finished intervision group's shared experience becomes an experience for moderation (the
  receiver lives in ``intervision_receivers``, imported here so that ``ready()`` connects it).

The personal "Deel mijn ervaring" link of the follow-up mail is no signal but a contribution to
the ``FOLLOW_UP_CONTEXT`` hook, in ``wagtail_hooks.py``.
"""

from django.core.exceptions import ValidationError
from django.dispatch import receiver

from wagtail.signals import page_published

from . import intervision_receivers  # noqa: F401 - connects the intervision receiver
from .models import CasePage


@receiver(page_published, sender=CasePage)
def _keep_cases_consented(sender, instance, **kwargs):
    try:
        instance.check_consent()
    except ValidationError:
        instance.unpublish(log_action=True)
