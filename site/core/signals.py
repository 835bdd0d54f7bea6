"""Keep cached menus in step with the page tree."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from loket.core.navigation import invalidate_menus


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def _page_changed(sender, **kwargs):
    invalidate_menus()


# Only for Page: deleting any page deletes its base Page row, and Django sends post_delete for
# it with sender=Page. A receiver without a sender would turn off Django's fast delete
# (one DELETE query) for every model of the project.
@receiver(post_delete, sender=Page)
def _page_deleted(sender, instance, **kwargs):
    invalidate_menus()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _site_changed(sender, **kwargs):
    invalidate_menus()
