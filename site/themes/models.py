"""Themes: the fixed taxonomy of what entrepreneurs struggle with.

Free tags beside it use taggit's shared Tag table; each page type keeps its own ParentalKey
through model (``TaggedItemBase``), as Wagtail needs for revisions and previews.
"""

from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from loket.core import memo


class ThemeManager(models.Manager):
    """Themes are few: in a request every block that chooses one shares one query for all."""

    def in_bulk(self, id_list=None, *, field_name="pk"):
        # What Wagtail's chooser blocks call when a page's StreamField is read.
        if memo.active() and field_name == "pk" and id_list is not None:
            themes = all_themes()
            found = {pk: themes[pk] for pk in id_list if pk in themes}
            if len(found) == len(set(id_list)):
                return found
        return super().in_bulk(id_list, field_name=field_name)


THEMES_CACHE_KEY = "loket:themes:all"
# A process with its own cache (the embedded default) sees another's edit within this time.
THEMES_CACHE_SECONDS = 300


def _load_themes():
    themes = cache.get(THEMES_CACHE_KEY)
    if themes is None:
        themes = list(Theme._base_manager.order_by("sort_order", "name"))
        cache.set(THEMES_CACHE_KEY, themes, THEMES_CACHE_SECONDS)
    return {theme.pk: theme for theme in themes}


def all_themes():
    """``{pk: theme}`` of every theme, in sort order: from the shared cache (emptied when a
    theme is saved or deleted), read once per request (loket.core.memo)."""
    return memo.memoised("themes", _load_themes)


class Theme(models.Model):
    name = models.CharField(_("naam"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("korte omschrijving"), max_length=255, blank=True)
    icon = models.CharField(
        _("icoon"),
        max_length=40,
        blank=True,
        help_text=_("Naam van een icoon uit de set van de site, bijvoorbeeld 'euro'."),
    )
    colour = models.CharField(
        _("kleur"),
        max_length=7,
        default="#1d5c63",
        # The colour goes into a style attribute: only a plain hex colour may get there.
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Gebruik een hex-kleur als #1d5c63."))],
        help_text=_("Hex-kleur, bijvoorbeeld #1d5c63; houd het contrast met wit op WCAG AA."),
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ThemeManager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/themas/{self.slug}/"


@receiver([post_save, post_delete], sender=Theme, dispatch_uid="themes-cache")
def _forget_themes(**kwargs):
    cache.delete(THEMES_CACHE_KEY)
