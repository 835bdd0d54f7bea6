"""``/partners/``: the partners of the request's region and the national ones, by theme; and
the page where an SLA-partner confirms they made contact (a signed link from the mail)."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail.models import Site

from loket.themes.models import Theme

from . import services
from .models import Organisation, Tier
from .services.handover import link_expired

TIER_ORDER = [Tier.SLA, Tier.NETWORK, Tier.REFERRAL]


@require_http_methods(["GET", "HEAD"])
def directory(request):
    site = Site.find_for_request(request)
    rows = (
        Organisation.objects.public()
        .for_site(site)
        .prefetch_related("themes")
        .order_by("name", "pk")
    )
    themes = list(Theme.objects.filter(organisation__in=rows).distinct().order_by("name"))
    chosen = None
    # A slug is letters, digits and dashes; anything else (a NUL byte too) is no theme of ours.
    slug = request.GET.get("thema", "")
    if slug and not slug.replace("-", "").isalnum():
        slug = "-"
    status = 200
    if slug:
        chosen = next((theme for theme in themes if theme.slug == slug), None)
        if chosen is None:
            status = 404
        rows = rows.filter(themes__slug=slug).distinct()
    organisations = list(rows)
    groups = [
        (Tier(tier).label, [org for org in organisations if org.tier == tier])
        for tier in TIER_ORDER
    ]
    return render(
        request,
        "partners/directory.html",
        {
            "groups": [(label, orgs) for label, orgs in groups if orgs],
            "themes": themes,
            "chosen": chosen,
            "unknown_theme": status == 404,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        handover = services.handover_from_token(token)
        if handover.reply_due_at is None:
            raise services.PartnerError("")
    except services.PartnerError:
        return render(request, "partners/confirm.html", {"invalid": True}, status=404)
    if link_expired(handover):
        return render(request, "partners/confirm.html", {"expired": True}, status=410)
    confirmed_now = False
    if request.method == "POST":
        handover, confirmed_now = services.confirm(token)
    return render(
        request,
        "partners/confirm.html",
        {"handover": handover, "confirmed_now": confirmed_now},
    )
