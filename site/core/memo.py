"""What many parts of one page ask the database for, fetched once per request.

A campaign page asks for themes in every block that chooses one, and for the view restrictions
in Wagtail's own check and in every listing that shows only public pages. Both are small tables
that change rarely: ``RequestMemoMiddleware`` opens a memo for the duration of a GET or HEAD
request (the view *and* the rendering of its template), and ``memoised`` computes a value once
in it. Outside a request (a task, a shell, a POST that may change what it reads) nothing is
memoised: every call asks the database, as before.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db.models import Q

T = TypeVar("T")

_memo: ContextVar[dict[str, Any] | None] = ContextVar("loket_request_memo", default=None)


class RequestMemoMiddleware:
    """Opens the memo around a GET or HEAD request, rendering included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            # Django renders a TemplateResponse inside get_response: still in the memo.
            return self.get_response(request)
        finally:
            _memo.reset(token)


def active() -> bool:
    return _memo.get() is not None


def memoised(key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per request under ``key``; every call outside a request."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


# View restrictions ----------------------------------------------------------------------------


def view_restrictions() -> list:
    """Every page view restriction with its page, in one query per request."""
    from wagtail.models import PageViewRestriction

    return memoised(
        "view-restrictions",
        lambda: list(PageViewRestriction.objects.select_related("page").order_by("pk")),
    )


def private_q() -> Q:
    """Matches the pages in a section with a view restriction (Wagtail's ``private_q``)."""
    q = Q()
    for restriction in view_restrictions():
        q |= Q(path__startswith=restriction.page.path)
    return q


def public(pages):
    """``pages.public()``: the view restrictions read once per request, not once per listing."""
    q = private_q()
    return pages.exclude(q) if q else pages


def restrictions_for(page):
    """The view restrictions that apply to ``page`` (its own and its ancestors'), from the memo.

    A queryset of exactly those rows, already filled: iterating it (Wagtail's check before
    serving) costs no query, ordering or filtering it (the admin) asks the database as usual.
    ``None`` when the memo cannot answer: outside a request, or for an alias (whose source's
    restrictions apply; Wagtail's own method resolves those).
    """
    if not active() or page.alias_of_id is not None:
        return None
    from wagtail.models import PageViewRestriction

    rows = [r for r in view_restrictions() if page.path.startswith(r.page.path)]
    restrictions = PageViewRestriction.objects.filter(pk__in=[r.pk for r in rows])
    restrictions._result_cache = rows  # what evaluating it would have fetched
    return restrictions
