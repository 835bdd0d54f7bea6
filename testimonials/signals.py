"""Receivers of the testimonials app.

- A case is a public page built on experiences: it may not stay live while one of them lacks
  website consent (``page_published`` unpublishes it at once; the admin refuses it earlier).
- The follow-up mail of an event links to "Deel mijn ervaring": when events offers the signal
  ``follow_up_context`` (sent with ``registration`` and the mail's ``context`` dict), the signed
  personal link is added to that context as ``share_experience_url``.
"""

from django.core.exceptions import ValidationError
from django.dispatch import receiver

from wagtail.signals import page_published

from events import signals as event_signals

from .models import CasePage
from .services import share_experience_url


@receiver(page_published, sender=CasePage)
def _keep_cases_consented(sender, instance, **kwargs):
    try:
        instance.check_consent()
    except ValidationError:
        instance.unpublish(log_action=True)


def add_share_link_to_follow_up(sender, registration, context, **kwargs):
    """Give the follow-up mail of ``registration`` its personal "Deel mijn ervaring" link."""
    url = share_experience_url(event=registration.event, email=registration.user.email)
    if url:
        context["share_experience_url"] = url


# Connected only when events sends it: the earlier layer decides where its mail has a hook.
_follow_up_context = getattr(event_signals, "follow_up_context", None)
if _follow_up_context is not None:
    _follow_up_context.connect(add_share_link_to_follow_up, dispatch_uid="testimonials_share_link")
