"""Blocks that show what the desk offers: experiences, an ambassador, the next events
and communities to join."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from community.listings import communities_queryset
from community.models import CommunityPage
from events.views import latest_upcoming, upcoming_for_theme
from loket.core import registry
from testimonials.blocks import AmbassadorBlock, TestimonialsBlock

from .base import Phase, _site, _theme, phase_block


class CampaignTestimonialsBlock(TestimonialsBlock):
    phase = phase_block(Phase.CONVINCE)

    class Meta:
        preview_value = {**TestimonialsBlock._meta_class.preview_value, "phase": Phase.CONVINCE}


class CampaignAmbassadorBlock(AmbassadorBlock):
    phase = phase_block(Phase.CONVINCE)


class UpcomingEventsBlock(blocks.StructBlock):
    phase = phase_block(Phase.INFORM)
    heading = blocks.CharBlock(label=_("kop"), max_length=120, default="Kom naar een bijeenkomst")
    theme = SnippetChooserBlock(
        "themes.Theme",
        label=_("thema"),
        required=False,
        help_text=_("Leeg: het thema van de campagne, en anders de eerstvolgende bijeenkomsten."),
    )
    count = blocks.IntegerBlock(label=_("aantal"), default=3, min_value=1, max_value=12)

    class Meta:
        icon = "date"
        label = _("Komende bijeenkomsten")
        template = "campaigns/blocks/events_block.html"
        description = _("De eerstvolgende openbare bijeenkomsten, van een thema of alle.")
        preview_value = {"phase": Phase.INFORM, "heading": "Kom naar een bijeenkomst", "count": 3}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        theme, site = _theme(value, parent_context), _site(parent_context)
        limit = value.get("count") or 3
        events = upcoming_for_theme(theme, limit=limit, site=site) if theme else []
        # A theme without meetups yet: show the next ones of the whole agenda rather than nothing.
        context["events"] = events or latest_upcoming(limit=limit, site=site)
        return context


class CommunitiesBlock(blocks.StructBlock):
    phase = phase_block(Phase.CONVINCE)
    heading = blocks.CharBlock(
        label=_("kop"), max_length=120, default="Sluit je aan bij ondernemers zoals jij"
    )
    text = blocks.TextBlock(label=_("tekst"), required=False, max_length=400)
    theme = SnippetChooserBlock(
        "themes.Theme",
        label=_("thema"),
        required=False,
        help_text=_("Leeg: het thema van de campagne, en anders de grootste communities."),
    )
    count = blocks.IntegerBlock(label=_("aantal"), default=3, min_value=1, max_value=12)

    class Meta:
        icon = "group"
        label = _("Communities om je bij aan te sluiten")
        template = "campaigns/blocks/communities_block.html"
        description = _("Openbare communities van een thema, de grootste eerst.")
        preview_value = {"phase": Phase.CONVINCE, "heading": "Sluit je aan", "count": 3}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        theme, site = _theme(value, parent_context), _site(parent_context)
        limit = value.get("count") or 3
        queryset = registry.in_site(communities_queryset(), site)
        if theme is None:
            communities = list(queryset.order_by("-member_total", "title")[:limit])
        else:
            # One query for "the theme's communities, else the biggest": those of the theme
            # first; when the first is not of the theme, none is.
            about = Exists(
                CommunityPage.themes.through.objects.filter(
                    communitypage_id=OuterRef("pk"), theme_id=theme.pk
                )
            )
            ranked = queryset.annotate(about_theme=about)
            found = list(ranked.order_by("-about_theme", "-member_total", "title")[:limit])
            of_theme = [c for c in found if c.about_theme]
            communities = of_theme if of_theme else found
        context["communities"] = communities
        return context
