"""Receivers of the community app: Wagtail's publish signals for events and communities.

Imported by ``CommunityConfig.ready()``.
"""

from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from events.models import EventPage

from .models import CommunityPage, TopicProposal
from .services.moderation import sync_community_search_index
from .services.notifications import notify_voters_event_published


@receiver(page_published, sender=EventPage)
def _mail_voters_when_planned_event_is_published(sender, instance, **kwargs):
    # Only events that came from a proposal; safe on every publish (a key per voter).
    if TopicProposal.objects.filter(event=instance).exists():
        notify_voters_event_published(instance)


@receiver(page_published, sender=CommunityPage)
@receiver(page_unpublished, sender=CommunityPage)
def _sync_thread_search_index(sender, instance, **kwargs):
    # A community that turns members-only takes its discussions out of the search index at once.
    sync_community_search_index(CommunityPage.objects.get(pk=instance.pk))
