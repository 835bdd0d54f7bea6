"""The garbage the bad-input suite sends and the URLs it sends it to: path parameters filled per
converter, garbage query strings, form bodies and the request kinds (method, CSRF, content type)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

HUGE = "x" * 100_000
INT_GARBAGE = ("-1", "0", str(2**63), "\u0663", "1e9")  # "٣" is an Arabic-Indic three
STR_GARBAGE = ("\x00", "'\"", "<script>alert(1)</script>", HUGE, "../")
VALUES = ("-1", str(2**63), "\u0663", "1e9", "\x00", "'\"--", "<script>alert(1)</script>", HUGE)
QUERY_KEYS = (
    "q", "page", "p", "id", "pk", "o", "ordering", "sort", "status", "type", "kind", "tag",
    "year", "month", "date", "next", "format", "filter", "community", "event", "export",
)  # fmt: skip

# The catch-all of Wagtail's page serving: the suite walks the live pages instead.
SKIP_PATTERNS = {r"^((?:[\w\-]+/)*)$"}

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
GROUP = re.compile(r"\((?:\?P<\w+>)?(?P<body>[^()]*)\)")


@dataclass(frozen=True)
class Target:
    """One URL to attack: a name for the summary, the path filled with plausible values, and the
    same path filled with each garbage value (empty when the URL has no parameters)."""

    name: str
    path: str
    garbage_paths: tuple[str, ...]
    admin: bool = False


def _fill_route(route: str, int_value: str, str_value: str) -> str:
    def fill(match: re.Match[str]) -> str:
        conv = match.group("conv") or "str"
        return int_value if conv == "int" else str_value

    return PARAM.sub(fill, route)


def _fill_regex(regex: str, int_value: str, str_value: str) -> str:
    def fill(match: re.Match[str]) -> str:
        body = match.group("body")
        if "\\d" in body or "[0-9]" in body:
            return int_value
        if re.fullmatch(r"[\w|]+", body):  # an alternation of words: keep the first
            return body.split("|")[0] if str_value == "plausible" else str_value
        return str_value

    text = GROUP.sub(fill, regex.lstrip("^").rstrip("$").replace("\\Z", ""))
    return text.replace("\\", "")


def fill(pattern: object, int_value: str, str_value: str) -> str:
    if isinstance(pattern, RoutePattern):
        return _fill_route(str(pattern._route), int_value, str_value)
    if isinstance(pattern, RegexPattern):
        return _fill_regex(str(pattern._regex), int_value, str_value)
    raise TypeError(pattern)


def _variants(patterns: tuple[object, ...]) -> tuple[str, tuple[str, ...]]:
    """The plausible path ("1" for numbers, "plausible" for words) and the garbage paths."""
    plausible = "".join(fill(p, "1", "plausible") for p in patterns)
    garbage = []
    if plausible != "".join(fill(p, "", "") for p in patterns):
        for int_value, str_value in zip(INT_GARBAGE, STR_GARBAGE, strict=True):
            garbage.append(
                "".join(fill(p, quote(int_value), quote(str_value, safe="")) for p in patterns)
            )
    return plausible, tuple(garbage)


def _walk(resolver: URLResolver, prefix: tuple[object, ...] = ()) -> Iterator[tuple]:
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            yield from _walk(item, (*prefix, item.pattern))
        elif isinstance(item, URLPattern):
            yield (*prefix, item.pattern)


def urlconf_targets() -> list[Target]:
    """Every pattern of the URL conf (Wagtail's admin included), but Wagtail's page catch-all."""
    targets = []
    for patterns in _walk(get_resolver()):
        if str(getattr(patterns[-1], "_regex", "")) in SKIP_PATTERNS:
            continue
        name = "".join(str(p) for p in patterns)
        plausible, garbage = _variants(patterns)
        targets.append(
            Target(
                name, "/" + plausible, tuple("/" + g for g in garbage), name.startswith("admin/")
            )
        )
    return targets


def page_targets(per_type: int = 2) -> list[Target]:
    """Every live page (its URL), and for routable pages the routes of the first ``per_type``
    pages of each page type (the others answer the same code)."""
    targets, seen = [], {}
    for page in Page.objects.live().specific().order_by("path"):
        url = page.get_url()
        if not url:
            continue
        kind = type(page).__name__
        targets.append(Target(f"{kind} {url}", url, ()))
        seen[kind] = seen.get(kind, 0) + 1
        if not isinstance(page, RoutablePageMixin) or seen[kind] > per_type:
            continue
        for pattern in page.get_subpage_urls():
            plausible, garbage = _variants((pattern.pattern,))
            if not plausible:
                continue
            name = f"{kind} {url}{pattern.pattern}"
            targets.append(Target(name, url + plausible, tuple(url + g for g in garbage)))
    return targets


def garbage_query(index: int) -> str:
    """A query string of repeated keys with garbage values; ``index`` rotates the values."""
    pairs = []
    for offset, key in enumerate(QUERY_KEYS):
        pairs.append((key, VALUES[(index + offset) % len(VALUES)]))
        pairs.append((key, VALUES[(index + offset + 3) % len(VALUES)]))
    return urlencode(pairs)


FIELD = re.compile(rb'name="([^"]{1,80})"')


def form_fields(html: bytes) -> list[str]:
    """The field names of the forms in a page, so garbage reaches the real form fields."""
    names = {m.decode("utf-8", "replace") for m in FIELD.findall(html)}
    names.discard("csrfmiddlewaretoken")
    return sorted(names)[:60]


def garbage_form(names: list[str], index: int) -> dict[str, list[str]]:
    """Each field twice, with two garbage values (repeated parameters); one field gets the
    100 KB string, the others a 1 KB one in its place (so the body stays under Django's limit)."""
    fields = [*names, *QUERY_KEYS[:6]]
    huge_field = fields[index % len(fields)]
    data = {}
    for offset, name in enumerate(fields):
        pair = [VALUES[(index + offset + step) % len(VALUES)] for step in (0, 1)]
        if name != huge_field:
            pair = ["9" * 1000 if value is HUGE else value for value in pair]
        data[name] = pair
    return data
