"""What intervision offers to theme pages through the registry: groups open for application.

Only a forming group's public card (title, theme, region, format, seats) is listed; nothing of a
group's space ever is.
"""

from loket.core import registry

from .models import IntervisionIndexPage
from .services import open_groups


def forming_groups_for_theme(theme, limit=6, site=None, **kwargs):
    """Registry provider (by_theme): forming intervision groups about ``theme``."""
    index = IntervisionIndexPage.objects.live().public()
    index = registry.in_site(index, site)
    index = index.first()
    if index is None:
        return []
    groups = list(open_groups(site).filter(theme=theme)[:limit])
    url = index.url_for("apply", None) if groups else ""
    for group in groups:
        group.apply_url = f"{url}?groep={group.pk}"
    return groups
