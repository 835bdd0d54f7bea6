"""Model fields shared by the apps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def region_foreign_key(help_text: str = "") -> models.ForeignKey:
    """The region (Wagtail ``Site``) a non-page item belongs to; empty means national.

    A region that still has items cannot be deleted (``PROTECT``): its data would otherwise
    silently become national. Staff views filter on it (``loket.core.region_admin``).
    """
    return models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("regio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=help_text or _("Leeg: landelijk."),
    )
