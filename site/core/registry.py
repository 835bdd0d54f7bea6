"""Listings of later apps on earlier pages: a thin layer over the ``LISTINGS`` hook.

Each app contributes its providers in its ``wagtail_hooks.py`` (see ``loket.core.hooks``);
generic pages, blocks and template tags ask here::

    registry.collect("by_theme", theme=theme, limit=6, site=site)

Callers pass ``site`` (the request's Wagtail Site, or None outside a request): a provider lists
only what belongs to that site and is public there, since every region runs as its own site on
one installation. ``register``/``unregister`` add a provider at run time (tests, scripts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from loket.core import hooks
from loket.core.hooks import LISTING_KINDS as KINDS
from loket.core.hooks import Listing
from loket.core.hooks import ListingProvider as Provider

__all__ = ["KINDS", "Listing", "Provider", "collect", "in_site", "providers", "register"]


def register(
    kind: str,
    name: str,
    *,
    label: str,
    provider: Callable[..., Iterable[Any]],
    template: str,
    order: int = 100,
) -> None:
    """Add ``provider`` for ``kind`` until ``unregister``; the same name replaces it."""
    item = Provider(kind, name, label, provider, template, order)
    hooks.contribute(hooks.LISTINGS, f"{kind}:{name}", item)


def unregister(kind: str, name: str) -> None:
    hooks.withdraw(hooks.LISTINGS, f"{kind}:{name}")


def providers(kind: str) -> list[Provider]:
    return hooks.listing_providers(kind)


def collect(kind: str, *, names: Iterable[str] | None = None, **kwargs: Any) -> list[Listing]:
    """Ask every provider of ``kind`` (only those in ``names`` when given); listings without
    items are left out."""
    return hooks.collect_listings(kind, names=names, **kwargs)


def in_site(pages, site):
    """``pages`` (a PageQuerySet) limited to ``site``'s tree; all of them when site is None."""
    return pages if site is None else pages.descendant_of(site.root_page)
