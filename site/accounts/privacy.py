"""The AVG side of accounts: the privacy statement, and every app's part of export and erasure.

The accounts app knows only the account and the profile. Every later app that stores something
about a member contributes a ``MemberData`` to the ``MEMBER_DATA`` hook in its
``wagtail_hooks.py`` (see ``loket.core.hooks``)::

    @hooks.register(loket_hooks.MEMBER_DATA)
    def member_data():
        return MemberData("bijeenkomsten", export=export_registrations, erase=erase_registrations)

An exporter returns plain JSON types (dicts, lists, strings, numbers, booleans, None); dates as
ISO strings. An eraser runs inside the deletion's transaction *before* the account itself is
anonymised, so it can still read ``user.email``; with ``keep_content`` it detaches what the member
wrote from them (keeping the text anonymous), without it it deletes that content.
``register_exporter``/``register_eraser``/``unregister`` add one at run time (tests, scripts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from loket.core import hooks
from loket.core.hooks import MemberData
from loket.core.site_settings import site_settings

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
    found = site_settings(request=request)
    page = found.privacy_page if found else None
    if page is not None and page.live and page.live_revision_id:
        return Statement(page.get_url(request), f"pagina-{page.pk}-revisie-{page.live_revision_id}")
    return Statement(reverse("accounts:privacy"), PRIVACY_STATEMENT_VERSION)


def iso(value: Any) -> str | None:
    """A date or time as the ISO string an export holds; None when there is none."""
    return value.isoformat() if value else None


def register_exporter(name: str, fn: Callable[[Any], Any]) -> None:
    """Add ``fn(user)`` to the data export under the key ``name``; the same name replaces it."""
    hooks.contribute(hooks.MEMBER_DATA, f"export:{name}", MemberData(name, export=fn))


def register_eraser(name: str, fn: Callable[[Any, bool], None]) -> None:
    """Call ``fn(user, keep_content)`` when a member deletes their account."""
    hooks.contribute(hooks.MEMBER_DATA, f"erase:{name}", MemberData(name, erase=fn))


def unregister(name: str) -> None:
    hooks.withdraw(hooks.MEMBER_DATA, f"export:{name}")
    hooks.withdraw(hooks.MEMBER_DATA, f"erase:{name}")


def exporters() -> dict[str, Callable[[Any], Any]]:
    return hooks.member_exporters()


def erasers() -> dict[str, Callable[[Any, bool], None]]:
    return hooks.member_erasers()


def export(user: Any) -> dict[str, Any]:
    """Everything the apps hold about ``user``, keyed by name."""
    return hooks.export_member_data(user)


def erase(user: Any, keep_content: bool) -> None:
    hooks.erase_member_data(user, keep_content)
