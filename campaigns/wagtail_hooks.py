"""Admin: the tips, read-only (names and statuses; decisions on credits are in Credits)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from loket.accounts.services.roles import ROLE_COMMUNICATIE
from loket.core.hooks import (
    CREDIT_REVIEW_NOTES,
    FOLLOW_UP_CONTEXT,
    LISTINGS,
    MEMBER_DATA,
    MEMBER_HOME_PANELS,
    REGION_SECTIONS,
    SEARCH_SOURCES,
    SEED_STEPS,
    SIGNUP_VALIDATORS,
    ListingProvider,
    MemberData,
    RegionSection,
    SeedStep,
    SignupValidator,
)
from loket.core.region_admin import RegionViewSetMixin
from loket.credits.wagtail_hooks import ReadOnlyPolicy

from . import (
    demo,
    home_demo,
    member_home,
    offer_admin,  # noqa: F401 - limited offers and their claims in the admin
    page_demo,
    privacy,
    search_sources,
    services,
)
from .listings import tips_panel
from .models import Referral

register_permission_policy(Referral, ReadOnlyPolicy(Referral))


class ReferralViewSet(RegionViewSetMixin, SnippetViewSet):
    """Tips of the members of the staff member's regions (the tip giver's home region)."""

    model = Referral
    region_field = "referrer__profile__home_site"
    no_region_is_default_site = True
    icon = "mail"
    menu_label = _("Tip een ander")
    menu_order = 262
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["referrer", "referred", "channel", "status", "risk_score", "created_at"]
    list_filter = ["status", "channel"]
    ordering = ["-risk_score", "-created_at"]

    def get_queryset(self, request):
        return Referral.objects.select_related("referrer", "referred")


register_snippet(ReferralViewSet)


# Contributions to earlier apps' pages and flows (the hooks are documented in loket.core.hooks).


hooks.register(SEARCH_SOURCES, search_sources.search_sources)


@hooks.register(LISTINGS)
def referral_listings():
    return ListingProvider(
        "for_member",
        "tip-een-ander",
        _("Tip een ander"),
        tips_panel,
        "campaigns/includes/member_panel.html",
        order=50,
    )


@hooks.register(MEMBER_HOME_PANELS)
def referral_member_home(*, user, site):
    return member_home.tips_panel(user=user, site=site)


@hooks.register(FOLLOW_UP_CONTEXT)
def add_tip_link_to_follow_up(sender, registration, context, **kwargs):
    """The meetup's follow-up mail carries the member's own Tip een ander link."""
    context["tip_url"] = services.referral_url(registration.user)


@hooks.register(MEMBER_DATA)
def referral_member_data():
    return MemberData(
        "tip-een-ander", export=privacy.export_referrals, erase=privacy.erase_referrals
    )


@hooks.register(SEED_STEPS)
def campaign_seed_steps():
    return [
        SeedStep("referrals", demo.seed_referrals, label="Tip een ander en credits", order=400),
        SeedStep(
            "member-home",
            home_demo.seed_member_home,
            label="Thuispagina van het voorbeeldlid",
            order=480,
        ),
        SeedStep(
            "campaign-pages",
            page_demo.seed_campaign_pages,
            label="Campagnepagina's",
            order=500,
        ),
        SeedStep(
            "national-campaign",
            page_demo.seed_national_campaign,
            label="Landelijke campagne",
            order=510,
        ),
    ]


@hooks.register(SIGNUP_VALIDATORS)
def referral_signup_validators():
    """The tip code typed at sign-up must be a known, usable code."""
    return SignupValidator("tip_code", services.check_signup_code)


@hooks.register(CREDIT_REVIEW_NOTES)
def referral_risk_notes(awards):
    """Beside a Tip een ander award on the review list: the referral's risk score and signals."""
    referral_of = {}
    for award in awards:
        kind, _sep, rest = award.reference.partition(":")
        number = rest.partition(":")[0]
        if kind == "referral" and number.isascii() and number.isdigit():
            referral_of[award.pk] = int(number)
    if not referral_of:
        return {}
    referrals = Referral.objects.only("risk_score", "risk_reasons").in_bulk(
        set(referral_of.values())
    )
    notes = {}
    for award_pk, referral_pk in referral_of.items():
        referral = referrals.get(referral_pk)
        if referral is None or not (referral.risk_score or referral.risk_reasons):
            continue
        line = gettext("Risicoscore %(score)s") % {"score": referral.risk_score}
        if referral.risk_reasons:
            line = f"{line}: {', '.join(str(reason) for reason in referral.risk_reasons)}"
        notes[award_pk] = [line]
    return notes


@hooks.register(REGION_SECTIONS)
def region_sections():
    """The app's index page in every region, and who of the region's staff works beneath it."""
    return RegionSection(
        "campaigns",
        "campaigns.CampaignIndexPage",
        page_demo.index_page,
        roles=(ROLE_COMMUNICATIE,),
        order=50,
    )
