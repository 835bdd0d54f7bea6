"""Site-wide pages: home, standard pages, site settings, navigation, search and the hooks
later apps extend them through (loket.core.hooks)."""

from PIL import Image

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "loket.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        # local import: the receivers need the models loaded; importing connects them.
        from loket.core import signals  # noqa: F401

        # Pillow refuses to open (before decoding) an image of over twice this many pixels; Wagtail
        # reads an upload's size only after decoding it, so a bomb is stopped here at its limit.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // 2
