"""``attribution_beacon`` for the site's base template: the visit script on every page, so an
arrival with UTM parameters on any page (an event from a mailing, say) is attributed. The
script tag is the same for every visitor; on a page without UTM parameters it does nothing.
Campaign pages override the template block with their own code
(``{% attribution_beacon page %}``)."""

from functools import cache

from .templatetags.attribution_tags import attribution_beacon


@cache
def _site_beacon():
    # The same tag on every page of every request: build it (static() and reverse()) once.
    return attribution_beacon({})


def beacon(request):
    return {"attribution_beacon": _site_beacon()}
