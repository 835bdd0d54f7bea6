"""The one lookup of the site settings: of a given site, of a request's site or of the default site.
Owns the desk's contact details as the mails show them (phone, e-mail, address)."""

from __future__ import annotations

from django.http import HttpRequest

from wagtail.models import Site

from .models import SiteSettings


def site_settings(
    site: Site | None = None, *, request: HttpRequest | None = None
) -> SiteSettings | None:
    """The settings of ``site``, else of the request's site, else of the default site.

    None only when no site is given and there is no default site (a flushed database). With a
    request the settings are cached on it, and a host no site answers for gets unsaved defaults.
    """
    if request is not None and site is None:
        return SiteSettings.for_request(request)
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site is not None else None


def desk_contact() -> dict[str, str]:
    """The desk's phone, e-mail and address for a mail's context; empty without a default site."""
    found = site_settings()
    if found is None:
        return {}
    return {
        "desk_phone": found.phone,
        "desk_email": found.contact_email,
        "desk_address": found.address,
    }
