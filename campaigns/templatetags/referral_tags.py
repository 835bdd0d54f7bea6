from django import template

from campaigns import services

register = template.Library()


@register.inclusion_tag("campaigns/includes/leaderboard.html")
def ambassadors_of_the_month(limit=5):
    """``{% ambassadors_of_the_month 5 %}``: the opt-in leaderboard, for campaign pages."""
    return {"ambassadors": services.ambassadors_of_the_month(limit=limit)}
