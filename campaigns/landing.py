"""Services of the campaign landing pages: which campaigns run, who may see one, limited offers.

Claiming a place of a limited offer follows *lock, then recount, then write*: the offer row is
locked with ``select_for_update`` and the claims are counted from rows inside that lock, so 80
people clicking at once for 50 places get exactly 50 claims. A member claims once; the unique
constraint backs that up. ``offer_claimed`` is sent after the transaction commits, so a receiver
(attribution) never counts a claim that was rolled back.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.models import Site

from events.models import EventIndexPage
from loket.core import memo, registry
from loket.core.models import SiteSettings
from loket.mail.services import queue_mail

from .offers import LimitedOffer, OfferClaim
from .pages import CampaignPage, in_region

# Sent after commit with ``claim``, ``offer``, ``campaign``, ``user`` and ``request`` (or None).
offer_claimed = Signal()

CARD_IMAGE = "fill-640x360-c50"


class OfferError(Exception):
    def __init__(self, message, code="invalid", status=400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


# Campaigns ------------------------------------------------------------------------------------


def running_campaigns(site=None, now=None):
    """Live, public campaigns that have started and not ended, the newest start first; with
    ``site``, that region's own and the national ones."""
    now = now or timezone.now()
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE)
    pages = (
        memo.public(CampaignPage.objects.live())
        .filter(starts_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .defer_streamfields()
        .prefetch_related(Prefetch("social_image", queryset=images))
        .order_by("-starts_at", "pk")
    )
    return in_region(pages, site)


def open_campaigns(now=None):
    """Campaigns a visitor may act on: live, public (no view restriction) and started."""
    return CampaignPage.objects.live().public().filter(starts_at__lte=now or timezone.now())


def where_next(page, request):
    """Where an ended campaign sends visitors: its next page, the agenda and the home page."""
    site = Site.find_for_request(request)
    next_page = page.next_page
    if next_page is not None and not next_page.live:
        next_page = None
    agenda = EventIndexPage.objects.live().public()
    return {
        "next_page": next_page,
        "agenda_page": registry.in_site(agenda, site).first(),
        "home_page": site.root_page if site is not None else None,
    }


def can_edit(user, page):
    """Staff who may edit this page in the Wagtail admin (and so may see it before its start)."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return False
    return page.permissions_for_user(user).can_edit()


# Limited offers -------------------------------------------------------------------------------


def page_offers(page):
    """The offers of ``page``'s counters: its own and any chosen in its blocks, claims counted.

    One query however many offers: the claims are counted by annotation. An offer block may
    show an offer made for another campaign; its counter must update all the same.
    """
    chosen = set()
    for block in page.body.raw_data:
        if block.get("type") == "offer":
            offer_id = (block.get("value") or {}).get("offer")
            if isinstance(offer_id, int):
                chosen.add(offer_id)
    return list(
        LimitedOffer.objects.filter(Q(campaign=page) | Q(pk__in=chosen))
        .annotate(claimed_total=Count("claims"))
        .order_by("pk")
    )


def offer_state(offer):
    """``{"offer", "key", "total", "claimed", "left"}`` for the counter of ``offer``."""
    claimed = offer.claimed_count()
    return {
        "offer": offer,
        "key": offer.key,
        "total": offer.total,
        "claimed": claimed,
        "left": max(0, offer.total - claimed),
    }


def claim_offer(user, offer_id, *, now=None, request=None):
    """Claim one place of offer ``offer_id`` for ``user``; the claim, or ``OfferError``.

    Safe to call twice: a second call (a double click) finds the first claim and says so.
    """
    now = now or timezone.now()
    try:
        offer_id = int(offer_id)
    except (TypeError, ValueError):
        raise OfferError(_("Dit aanbod bestaat niet."), "unknown", status=404) from None
    if not user.is_authenticated:
        raise OfferError(_("Log in om een plek te claimen."), "login", status=403)
    try:
        with transaction.atomic():
            offer = (
                LimitedOffer.objects.select_for_update()
                .select_related("campaign")
                .filter(pk=offer_id)
                .first()
            )
            if offer is None:
                raise OfferError(_("Dit aanbod bestaat niet."), "unknown", status=404)
            campaign = offer.campaign
            if not open_campaigns(now).filter(pk=campaign.pk).exists():
                raise OfferError(_("Dit aanbod bestaat niet."), "unknown", status=404)
            if campaign.ends_at and campaign.ends_at <= now:
                raise OfferError(
                    _("Deze campagne is afgelopen; plekken claimen kan niet meer."),
                    "ended",
                    status=410,
                )
            if OfferClaim.objects.filter(offer=offer, user=user).exists():
                raise OfferError(_("Je hebt al een plek. Tot dan!"), "already", status=409)
            if OfferClaim.objects.filter(offer=offer).count() >= offer.total:
                raise OfferError(
                    _("Helaas, alle %(total)s plekken zijn vergeven.") % {"total": offer.total},
                    "full",
                    status=409,
                )
            claim = OfferClaim.objects.create(offer=offer, user=user)
            transaction.on_commit(
                lambda: offer_claimed.send(
                    sender=OfferClaim,
                    claim=claim,
                    offer=offer,
                    campaign=campaign,
                    user=user,
                    request=request,
                )
            )
    except IntegrityError:
        # Two clicks that raced past the check: the unique constraint kept one.
        raise OfferError(_("Je hebt al een plek. Tot dan!"), "already", status=409) from None
    return claim


def claims_for(offers, user):
    """The keys of ``offers`` that ``user`` claimed, in one query."""
    if not user.is_authenticated:
        return set()
    return set(
        OfferClaim.objects.filter(offer__in=offers, user=user).values_list("offer_id", flat=True)
    )


def mail_claim(claim, offer, campaign, user, request=None):
    """A claimed place: a confirmation to the member and a notice to the region's desk (its
    contact address in the site settings). Once per claim: the idempotency keys.

    A national campaign belongs to no region: the desk is the one of the region where the place
    was claimed (the request's site), else the member's home region."""
    site = campaign.get_site()
    if site is None and request is not None:
        site = Site.find_for_request(request)
    if site is None:
        site = getattr(getattr(user, "profile", None), "home_site", None)
    context = {
        "first_name": user.first_name or user.get_full_name() or "",
        "member_name": user.get_full_name() or user.email,
        "member_email": user.email,
        "offer": offer,
        "campaign_title": campaign.title,
        "campaign_url": campaign.get_full_url(request),
    }
    queue_mail(
        to=user.email,
        template="campaigns_offer_claimed",
        context=context,
        idempotency_key=f"campaigns:offer-claimed:{claim.pk}",
    )
    desk = SiteSettings.for_site(site).contact_email if site else ""
    if desk:
        queue_mail(
            to=desk,
            template="campaigns_offer_claimed_desk",
            context=context,
            idempotency_key=f"campaigns:offer-claimed-desk:{claim.pk}",
            reply_to=user.email,
        )
