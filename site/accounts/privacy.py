"""The AVG registry: apps plug their part of "download my data" and "delete my account" in here.

The accounts app knows only the account and the profile. Every later app that stores something
about a member registers, in its ``AppConfig.ready()``::

    from loket.accounts import privacy

    privacy.register_exporter("bijeenkomsten", export_registrations)   # fn(user) -> JSON-able
    privacy.register_eraser("bijeenkomsten", erase_registrations)      # fn(user, keep_content)

An exporter returns plain JSON types (dicts, lists, strings, numbers, booleans, None); dates as
ISO strings. An eraser runs inside the deletion's transaction *before* the account itself is
anonymised, so it can still read ``user.email``; with ``keep_content`` it detaches what the member
wrote from them (keeping the text anonymous), without it it deletes that content.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

# Bump when the text of templates/accounts/privacy_statement.html changes in substance:
# the version a member agreed to is stored on their profile.
PRIVACY_STATEMENT_VERSION = "2026-11"


@dataclass(frozen=True)
class Statement:
    url: str
    version: str


def current_statement(request):
    """The privacy statement a member agrees to at sign-up, and the version to record.

    The site's own privacy page (site settings) when one is set and live: its version is that
    page's live revision, so an edit by the editors is a new version. Otherwise the statement
    that ships with the accounts app.
    """
    from loket.core.models import SiteSettings

    page = SiteSettings.for_request(request).privacy_page
    if page is not None and page.live and page.live_revision_id:
        return Statement(page.get_url(request), f"pagina-{page.pk}-revisie-{page.live_revision_id}")
    return Statement(reverse("accounts:privacy"), PRIVACY_STATEMENT_VERSION)


_exporters: dict[str, Callable] = {}
_erasers: dict[str, Callable] = {}


def register_exporter(name, fn):
    """Add ``fn(user)`` to the data export under the key ``name``; the same name replaces it."""
    _exporters[name] = fn


def register_eraser(name, fn):
    """Call ``fn(user, keep_content)`` when a member deletes their account."""
    _erasers[name] = fn


def unregister(name):
    _exporters.pop(name, None)
    _erasers.pop(name, None)


def exporters():
    return dict(sorted(_exporters.items()))


def erasers():
    return dict(sorted(_erasers.items()))


def export(user):
    """Everything the registered apps hold about ``user``, keyed by name."""
    return {name: fn(user) for name, fn in exporters().items()}


def erase(user, keep_content):
    for fn in erasers().values():
        fn(user, keep_content)
