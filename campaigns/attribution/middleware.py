"""Records the touches that need no beacon (the referral link, private pages).

The middleware never touches a response that a cache could share: it records an arrival only
on the referral link ``/r/<code>/`` (a redirect that sets a cookie anyway) and on pages already
marked private or no-cache. Campaign pages, which every visitor gets identically, are recorded
by the beacon instead (see ``campaigns.attribution.services``).
"""

from . import services

REFERRAL_VIEW = "campaigns:referral_link"
_PRIVATE = ("private", "no-cache", "no-store", "max-age=0")


def _shareable(response):
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in _PRIVATE)


class AttributionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        self._record(request, response)
        return response

    def _record(self, request, response):
        if request.method != "GET" or not hasattr(request, "session"):
            return
        match = getattr(request, "resolver_match", None)
        referral = (
            match is not None
            and match.view_name == REFERRAL_VIEW
            and response.status_code == 302
            and not request.user.is_authenticated
        )
        has_utm = any(name.startswith("utm_") for name in request.GET)
        if not referral and not (has_utm and response.status_code == 200):
            return
        if not referral and _shareable(response):
            return
        touch = services.build_touch(request.GET, path=request.path, referral=referral)
        if touch is not None:
            services.record_arrival(request, touch)
