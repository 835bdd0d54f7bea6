"""The Content-Security-Policy per part of the site (public pages, Wagtail's admin) and the
endpoint where browsers report violations of it: logged, size-limited and throttled."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("loket.csp")

# A violation report is a few hundred bytes; anything bigger is not worth reading.
REPORT_MAX_BYTES = 8 * 1024
# What one field of a report may add to the log line.
_FIELD_MAX_CHARS = 300
_FIELDS = (
    "document-uri",
    "documentURL",
    "violated-directive",
    "effectiveDirective",
    "blocked-uri",
    "blockedURL",
    "source-file",
    "sourceFile",
    "line-number",
    "lineNumber",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's allowances (``CSP_ADMIN_REPLACE``) under
    ``CSP_ADMIN_PREFIX`` (Wagtail's admin has inline scripts and previews pages in a frame),
    and the ``Permissions-Policy`` header, which Django's SecurityMiddleware does not send."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(settings.CSP_ADMIN_PREFIX):
            parts.replace = {**settings.CSP_ADMIN_REPLACE, **(parts.replace or {})}
        return parts


def _over_limit(request: HttpRequest) -> bool:
    # A keyed hash of the address, only as a rate-limit key in the cache.
    address = request.META.get("REMOTE_ADDR", "").encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), address, hashlib.sha256).hexdigest()[:32]
    key = f"core:csp-report:{digest}"
    limit, period = settings.CSP_REPORT_LIMIT
    if cache.add(key, 1, period):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period)
        return False


def _summary(body: bytes) -> dict[str, str]:
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except ValueError:
        return {}
    if isinstance(data, list):  # the Reporting API sends a list of {"type", "body"}
        data = data[0].get("body", {}) if data and isinstance(data[0], dict) else {}
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        data = data["csp-report"]
    if not isinstance(data, dict):
        return {}
    return {
        name: str(data[name])[:_FIELD_MAX_CHARS].replace("\n", " ")
        for name in _FIELDS
        if name in data
    }


@never_cache
@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log one violation report sent by a browser; 204 whatever it holds, 413/429 for abuse."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    if _over_limit(request):
        return HttpResponse(status=429)
    summary = _summary(request.read(REPORT_MAX_BYTES))
    if summary:
        logger.warning("CSP-overtreding: %s", json.dumps(summary, ensure_ascii=False))
    return HttpResponse(status=204)
