"""Signed ids for the links in mails (``<id>-<signature>``) and URL helpers for routable pages.

One copy of each for every model that mails a personal link or has routes of its own.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core import signing


class SignedIdMixin:
    """A permanent, unguessable token for a row: ``<id>-<signature>``, salted per model.

    Wagtail's page routes allow only letters, digits, ``_`` and ``-``; the id is digits only, so
    the first ``-`` separates it from the signature.
    """

    TOKEN_SALT: ClassVar[str]
    pk: Any

    @property
    def token(self) -> str:
        signed = signing.Signer(salt=self.TOKEN_SALT).sign(str(self.pk))
        return signed.replace(":", "-", 1)

    @classmethod
    def pk_from_token(cls, token: object) -> int | None:
        """The id in a signed link, or ``None`` when the link was tampered with."""
        pk, sep, signature = str(token or "").partition("-")
        if not sep or not pk.isdigit() or not pk.isascii():
            return None
        try:
            return int(signing.Signer(salt=cls.TOKEN_SALT).unsign(f"{pk}:{signature}"))
        except signing.BadSignature:
            return None


class RouteUrlMixin:
    """``url_for``/``full_url_for`` of a RoutablePageMixin page's own routes."""

    def url_for(self, route_name: str, request=None, **kwargs: Any) -> str:
        page: Any = self  # a RoutablePageMixin page, which the mixin does not name
        return page.get_url(request) + self._subpath(route_name, kwargs)

    def full_url_for(self, route_name: str, **kwargs: Any) -> str:
        page: Any = self
        return page.get_full_url() + self._subpath(route_name, kwargs)

    def _subpath(self, route_name: str, kwargs: dict[str, Any]) -> str:
        page: Any = self
        return page.reverse_subpage(route_name, kwargs=kwargs or None).lstrip("/")
