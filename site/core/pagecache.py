"""The page cache for anonymous visitors: public Wagtail pages from the shared cache.

Which responses are shared. Only a GET of a Wagtail page (``wagtail_serve``) by a visitor who
sends no cookie but the CSRF cookie — no session, so nobody signed in, no messages, nothing a
password restriction granted — and only a ``200`` that sets no cookie but the CSRF cookie, is not
marked ``private``/``no-store``/``no-cache``, did not use the CSP nonce, and whose page has no
view restriction. A stored page therefore holds nothing but what every cookieless visitor gets
at that address; anyone with a session is served the page itself, never a cached copy.

Forms. A page's forms (a campaign's sign-up, an event's registration) carry the visitor's CSRF
token. The stored copy holds a placeholder instead of every token (and is not stored when a token
is left anywhere else); each hit fills in a token of its own visitor and sets or renews their
CSRF cookie, exactly as Django's middleware does. No visitor ever gets another's token.

Purging. Every stored copy holds the generation number it was stored under, and is fetched
together with the current one (one round trip); purging is incrementing that one key, so every
stored page is stale at once, without scanning or deleting keys (a stale copy is replaced at the
next visit, or expires by its timeout). The receivers in each app's ``signals`` call ``purge()``
after commit: publishing, unpublishing, moving or deleting a page, sites, site settings, themes,
registrations (seats), consent withdrawals, threads, replies, memberships, offers. What no
signal reports (time passing: an event that starts, a campaign that ends) is at most
``PAGE_CACHE_SECONDS`` old.

The cache is Django's ``default`` cache: local memory on the embedded default (one process),
Redis (``CACHE_URL``) in production, where every web process shares it. With a shared cache each
process also keeps the pages it served last (``PAGE_CACHE_LOCAL_SECONDS``, default 1 s): a hit
then costs no round trip, and another process's purge reaches it within that time.
"""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase

# _does_token_match: Django's own check whether a token belongs to a secret (private, but what
# its middleware uses).
from django.middleware.csrf import CsrfViewMiddleware, _does_token_match, get_token

GENERATION_KEY = "loket:pagecache:generation"
PAGE_PREFIX = "loket:pagecache:page:"
HEADER = "X-Cache"
# Marks the page Wagtail served on the request (set by the ``before_serve_page`` hook).
PAGE_ATTRIBUTE = "_pagecache_page"

_REFUSING_CACHE_CONTROL = ("private", "no-store", "no-cache", "max-age=0")
# Headers a stored copy keeps; the outer middleware (security, CSP) adds its own on every hit.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options", "Cache-Control")
# What ``{% csrf_token %}`` renders; autoescaping keeps member text from ever producing it.
_TOKEN_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"')
_PUNCHED = b'name="csrfmiddlewaretoken" value="{csrf}"'
# Anything that could be a CSRF token elsewhere on the page.
_TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_csrf = CsrfViewMiddleware(lambda request: None)


def timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def _new_generation() -> int:
    # From the clock, not 1: a generation that was evicted and starts again never matches the
    # copies stored under an earlier one.
    return time.time_ns() // 1000


def _start_generation() -> int:
    # add: two processes starting at once agree on the first generation.
    cache.add(GENERATION_KEY, _new_generation(), None)
    return int(cache.get(GENERATION_KEY) or 0)


def _key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", errors="replace")).hexdigest()
    return f"{PAGE_PREFIX}{digest}"


# The process's own copies of the pages it served last, in front of a shared cache: a hit is then
# no round trip at all. They count while the generation read from the shared cache is at most
# PAGE_CACHE_LOCAL_SECONDS old, so another process's purge shows here within that time.
_LOCAL_MAX_PAGES = 200
_local_pages: dict[str, dict] = {}
_local_generation: dict[str, float] = {"value": 0, "read_at": float("-inf")}


def _forget_local() -> None:
    _local_pages.clear()
    _local_generation["read_at"] = float("-inf")


def _remember_local(key: str, stored: dict) -> None:
    if len(_local_pages) >= _LOCAL_MAX_PAGES:
        _local_pages.clear()
    _local_pages[key] = stored


def _lookup(key: str) -> tuple[int, dict | None]:
    """The current generation and the stored copy of ``key`` (None when there is none)."""
    local_seconds = float(getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0) or 0)
    now = time.monotonic()
    if local_seconds > 0 and now - _local_generation["read_at"] < local_seconds:
        generation = int(_local_generation["value"])
        stored = _local_pages.get(key)
        if stored is None or stored["generation"] != generation:
            stored = cache.get(key)
    else:
        # One round trip: the generation and the stored copy.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or _start_generation()
        stored = found.get(key)
        _local_generation.update(value=generation, read_at=now)
    if local_seconds > 0 and stored is not None and stored["generation"] == generation:
        _remember_local(key, stored)
    return generation, stored


def purge_now() -> None:
    """Make every stored page stale (one increment); safe to call any number of times."""
    _forget_local()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet, or it was evicted: start a new one
        cache.set(GENERATION_KEY, _new_generation(), None)


def purge() -> None:
    """Purge after the current transaction commits (at once outside one): a page rendered
    between a purge and the commit would otherwise be stored with the old data."""
    transaction.on_commit(purge_now)


def _visitor_may_share(request: HttpRequest) -> bool:
    """A GET without any cookie that could make the page personal."""
    if request.method != "GET" or timeout() <= 0:
        return False
    return all(name == settings.CSRF_COOKIE_NAME for name in request.COOKIES)


def _page_allows(request: HttpRequest) -> bool:
    page = getattr(request, PAGE_ATTRIBUTE, None)
    return page is not None and not page.get_view_restrictions().exists()


def _response_may_be_shared(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in _REFUSING_CACHE_CONTROL):
        return False
    if "*" in response.get("Vary", ""):
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):  # a nonce is for one response
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return _page_allows(request)


def _without_tokens(request: HttpRequest, content: bytes) -> bytes | None:
    """``content`` with a placeholder for every form's CSRF token; None when a token of this
    request is left elsewhere (the page must not be stored then)."""
    content = _TOKEN_FIELD.sub(_PUNCHED, content)
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        for candidate in _TOKEN_LIKE.findall(content):
            if _does_token_match(candidate.decode(), secret):
                return None
    return content


def _stored(content: bytes, response: HttpResponseBase, generation: int) -> dict:
    headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
    return {
        "generation": generation,
        "content": content,
        "headers": headers,
        "forms": _PUNCHED in content,
    }


def _from_stored(request: HttpRequest, stored: dict) -> HttpResponse:
    content = stored["content"]
    if stored["forms"]:
        _csrf.process_request(request)  # the visitor's own CSRF cookie, if they have one
        token = get_token(request)
        content = content.replace(_PUNCHED, _PUNCHED.replace(b"{csrf}", token.encode()))
    response = HttpResponse(content)
    for name, value in stored["headers"].items():
        response[name] = value
    response["Content-Length"] = str(len(content))
    response[HEADER] = "HIT"
    if stored["forms"]:
        _csrf.process_response(request, response)  # sets or renews that cookie
    return response


class PageCacheMiddleware:
    """Serves and stores the shared copies; placed before the session middleware, so a hit
    costs no session, user or database lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _visitor_may_share(request):
            return self.get_response(request)
        key = _key(request)
        generation, stored = _lookup(key)
        # A copy counts only if it was stored under the current generation.
        if stored is not None and stored["generation"] == generation:
            return _from_stored(request, stored)
        response = self.get_response(request)
        if _response_may_be_shared(request, response):
            content = _without_tokens(request, response.content)
            if content is not None:
                # The generation read before rendering: a purge during rendering makes it stale.
                cache.set(key, _stored(content, response, generation), timeout())
                response[HEADER] = "MISS"
        return response


def remember_page(page, request: HttpRequest, *args, **kwargs) -> None:
    """``before_serve_page``: note the page being served for the store decision."""
    setattr(request, PAGE_ATTRIBUTE, page)
