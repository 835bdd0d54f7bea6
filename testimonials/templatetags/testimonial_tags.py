"""``{% experience_rating theme=… %}``: the average rapportcijfer of approved experiences, with
the count, for a theme, an event or an event type (``None`` when there are none)."""

from django import template

from testimonials import services

register = template.Library()


@register.simple_tag
def experience_rating(theme=None, event=None, event_type=None):
    return services.rating(theme=theme, event=event, event_type=event_type)
