"""The beacon: a campaign page reports its visit here, so the page itself can stay cacheable.

``POST /attributie/bezoek/`` with ``q`` (``location.search``), ``p`` (the path), ``c`` (the
page's campaign code) and ``e`` (``bezoek`` or ``gelezen``). CSRF-exempt because a cached page
carries no token; instead the Origin must be this site, and each client gets a limited number of
hits per period (counted in the cache under a keyed hash, never stored). Answers 204.
"""

import hashlib
import hmac

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from loket.accounts.services import over_limit

from . import services

EVENTS = {"bezoek", "gelezen"}


def _origin_allowed(request):
    origin = request.headers.get("Origin")
    if origin is None:
        # Browsers send Origin with every POST from a page; Sec-Fetch-Site is the fallback.
        return request.headers.get("Sec-Fetch-Site") == "same-origin"
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def _client_key(request):
    # A keyed hash of the address, valid for a day, only as a rate-limit key in the cache.
    day = timezone.localdate().isoformat()
    raw = f"{request.META.get('REMOTE_ADDR', '')}|{day}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), raw, hashlib.sha256).hexdigest()[:32]
    return f"attribution:beacon:{digest}"


def _plain(text, status):
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@never_cache
@csrf_exempt
@require_POST
def beacon(request):
    if not _origin_allowed(request):
        return _plain("Deze melding komt niet van onze eigen site.", 403)
    limit, period = settings.ATTRIBUTION_BEACON_LIMIT
    if over_limit(_client_key(request), limit, period):
        return _plain("Te veel meldingen in korte tijd; probeer het later opnieuw.", 429)
    event = str(request.POST.get("e", "bezoek"))[:20]
    if event not in EVENTS:
        return _plain("Onbekende soort melding.", 400)
    page_code = str(request.POST.get("c", ""))[:200]
    if event == "gelezen":
        services.record_engaged(request, page_code)
    else:
        touch = services.touch_from_query(
            request.POST.get("q", ""), path=request.POST.get("p", ""), page_code=page_code
        )
        if touch is not None:
            services.record_arrival(request, touch)
    return HttpResponse(status=204)
