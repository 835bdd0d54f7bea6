"""Receivers of the testimonials app.

- A case is a public page built on experiences: it may not stay live while one of them lacks
  website consent (``page_published`` unpublishes it at once; the admin refuses it earlier).
- A finished intervision group's shared experience becomes an experience for moderation (the
  receiver lives in ``intervision_receivers``, imported here so that ``ready()`` connects it).

The personal "Deel mijn ervaring" link of the follow-up mail is no signal but a contribution to
the ``FOLLOW_UP_CONTEXT`` hook, in ``wagtail_hooks.py``.
"""

from django.core.exceptions import ValidationError
from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import intervision_receivers  # noqa: F401 - connects the intervision receiver
from .models import CasePage
from .services import forget_ambassadors_url


@receiver(page_published, sender=CasePage)
def _keep_cases_consented(sender, instance, **kwargs):
    try:
        instance.check_consent()
    except ValidationError:
        instance.unpublish(log_action=True)


@receiver(page_published, dispatch_uid="testimonials-url-published")
@receiver(page_unpublished, dispatch_uid="testimonials-url-unpublished")
@receiver(page_slug_changed, dispatch_uid="testimonials-url-slug")
@receiver(post_page_move, dispatch_uid="testimonials-url-moved")
def _forget_ambassadors_url(**kwargs):
    # Any page: the index itself, or an ancestor whose slug or place changes its address.
    forget_ambassadors_url()


# sender=Page: deleting any page deletes its Page row too, and a receiver without a sender would
# cost every plain model its fast delete (tests/site/test_fast_delete.py).
@receiver(post_delete, sender=Page, dispatch_uid="testimonials-url-deleted")
def _forget_ambassadors_url_on_delete(sender, **kwargs):
    forget_ambassadors_url()
