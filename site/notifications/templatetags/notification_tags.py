"""``{% notification_link %}``: the bell with the unread count in the site header."""

from django import template

from ..services import unread_count

register = template.Library()


@register.inclusion_tag("notifications/includes/header_link.html", takes_context=True)
def notification_link(context):
    """One COUNT query for a signed-in member, none for a visitor."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": unread_count(user), "request": request}
