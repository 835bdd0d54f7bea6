"""Keep cached menus and the page cache in step with the page tree, sites and site settings."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from loket.core import pagecache
from loket.core.models import SiteSettings
from loket.core.navigation import invalidate_menus
from loket.themes.models import Theme


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def _page_changed(sender, **kwargs):
    invalidate_menus()
    # The whole site: home, agenda and theme pages list what changed.
    pagecache.purge()


# Only for Page: deleting any page deletes its base Page row, and Django sends post_delete for
# it with sender=Page. A receiver without a sender would turn off Django's fast delete
# (one DELETE query) for every model of the project.
@receiver(post_delete, sender=Page)
def _page_deleted(sender, instance, **kwargs):
    invalidate_menus()
    pagecache.purge()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _site_changed(sender, **kwargs):
    invalidate_menus()
    pagecache.purge()


# Every page shows the site settings (footer, contact) and theme names and colours.
@receiver(post_save, sender=SiteSettings)
@receiver(post_save, sender=Theme)
@receiver(post_delete, sender=Theme)
def _shown_everywhere_changed(sender, **kwargs):
    pagecache.purge()
