"""Receivers of the community app: Wagtail's publish signals for events and communities.

Imported by ``CommunityConfig.ready()``.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from events.models import EventPage
from loket.core import pagecache

from .models import CommunityPage, Membership, Reply, Thread, TopicProposal
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


# A public community's page shows its discussions and members to every visitor: a new or
# moderated thread or reply, or a membership that starts or ends, purges the page cache.
@receiver(post_save, sender=Thread)
@receiver(post_save, sender=Reply)
@receiver(post_save, sender=Membership)
def _purge_pages_on_community_change(sender, **kwargs):
    pagecache.purge()
