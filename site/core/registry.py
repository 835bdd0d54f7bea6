"""A small registry through which later apps offer what they can list to earlier layers.

The site package imports no app. Instead each app registers, in its ``AppConfig.ready()``,
providers for the listings it can supply; generic pages, blocks and template tags ask here::

    registry.register("by_theme", "events", label=_("Bijeenkomsten"), provider=upcoming_for_theme)
    registry.collect("by_theme", theme=theme, limit=6)

A provider is a callable taking keyword arguments and returning a list (or queryset) of items,
each of which must render with the template named in its ``Listing``. Callers pass ``site``
(the request's Wagtail Site, or None outside a request): a provider lists only what belongs to
that site and is public there, since every region runs as its own site on one installation.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Provider:
    kind: str
    name: str
    label: str
    provider: Callable
    template: str
    order: int = 100


@dataclass
class Listing:
    name: str
    label: str
    template: str
    items: list = field(default_factory=list)


_providers: dict[str, dict[str, Provider]] = {}

# by_theme, by_tag, by_event: what belongs to a theme, tag or event; latest: for the home page;
# for_member: panels on a signed-in member's account overview (called with ``user`` and ``site``).
KINDS = ("by_theme", "by_tag", "by_event", "latest", "for_member")


def register(kind, name, *, label, provider, template, order=100):
    """Register ``provider`` for ``kind``; registering the same name again replaces it."""
    if kind not in KINDS:
        raise ValueError(f"Unknown listing kind {kind!r}; choose from {KINDS}.")
    _providers.setdefault(kind, {})[name] = Provider(kind, name, label, provider, template, order)


def unregister(kind, name):
    _providers.get(kind, {}).pop(name, None)


def providers(kind):
    return sorted(_providers.get(kind, {}).values(), key=lambda p: (p.order, p.name))


def collect(kind, *, names=None, **kwargs):
    """Ask every provider of ``kind`` (only those in ``names`` when given); listings without
    items are left out."""
    listings = []
    for p in providers(kind):
        if names is not None and p.name not in names:
            continue
        items = list(p.provider(**kwargs))
        if items:
            listings.append(Listing(p.name, p.label, p.template, items))
    return listings


def in_site(pages, site):
    """``pages`` (a PageQuerySet) limited to ``site``'s tree; all of them when site is None."""
    return pages if site is None else pages.descendant_of(site.root_page)
