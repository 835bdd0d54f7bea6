"""The community app's panel on a member's account overview: communities suggested for them."""

from loket.core import registry

from .models import CommunityIndexPage
from .services.suggestions import suggest_communities


def suggested_communities(user, site=None, limit=3, **kwargs):
    """Registry provider (for_member): up to ``limit`` communities, each with its reason."""
    index = CommunityIndexPage.objects.live()
    index = registry.in_site(index, site)
    index = index.first()
    if index is None:
        return []
    suggestions = suggest_communities(user, limit)
    if not suggestions:
        return []
    more_url = index.url + index.reverse_subpage("suggestions")
    return [{"suggestions": suggestions, "more_url": more_url}]
