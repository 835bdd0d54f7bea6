"""Small template helpers of the community pages."""

from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``{{ my_status|lookup:community.pk }}``: a value from a dict, or an empty string."""
    if not mapping:
        return ""
    return mapping.get(key, "")
