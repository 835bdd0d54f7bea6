"""``attribution_beacon`` for the site's base template: the visit script on every page, so an
arrival with UTM parameters on any page (an event from a mailing, say) is attributed. The
script tag is the same for every visitor; on a page without UTM parameters it does nothing.
Campaign pages override the template block with their own code
(``{% attribution_beacon page %}``)."""

from .templatetags.attribution_tags import attribution_beacon


def beacon(request):
    return {"attribution_beacon": attribution_beacon({})}
