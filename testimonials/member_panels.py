"""The testimonials app's panel on a member's account overview: their experiences and consent."""

from loket.core import registry

from .models import Experience, TestimonialsIndexPage


def my_experiences(user, site=None, **kwargs):
    """Registry provider (for_member): links to share an experience and to manage consent."""
    index = TestimonialsIndexPage.objects.live()
    index = registry.in_site(index, site)
    index = index.first()
    if index is None:
        return []
    return [
        {
            "count": Experience.objects.of_contributor(user).count(),
            "mine_url": index.url + index.reverse_subpage("mine"),
            "share_url": index.url + index.reverse_subpage("share"),
        }
    ]
