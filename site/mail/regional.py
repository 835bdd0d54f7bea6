"""Mail sent for a region carries that region's name, sender, footer address and links to its
own hostname, also when it is rendered outside a request (a Celery task, a management command).

A sender that knows the region passes ``site`` to ``queue_mail`` (or builds a ``MailFiller`` with
:func:`region_context` in its shared context and :func:`region_sender` as the row's sender).
Without a region, mail keeps the platform's defaults (``SITE_URL``, ``MAIL_FOOTER_ADDRESS``,
``DEFAULT_FROM_EMAIL``).
"""

from __future__ import annotations

from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings


def _settings(site):
    from loket.core.models import SiteSettings  # the core app's model; loaded on first use

    return SiteSettings.for_site(site)


def region_context(site) -> dict[str, Any]:
    """``site_url``, ``footer_address`` and ``region_name`` of ``site`` for a mail template."""
    if site is None:
        return {}
    region = _settings(site)
    address = " ".join((region.address or "").split())
    name = region.organisation_name or site.site_name or ""
    footer = " · ".join(part for part in (name, address) if part)
    return {
        "site_url": site.root_url.rstrip("/"),
        "footer_address": footer or settings.MAIL_FOOTER_ADDRESS,
        "region_name": site.site_name or name,
    }


def region_sender(site) -> str:
    """The ``From`` of mail sent for ``site``: its sender name and address from the site
    settings, falling back to the organisation name and ``DEFAULT_FROM_EMAIL``."""
    if site is None:
        return settings.DEFAULT_FROM_EMAIL
    region = _settings(site)
    default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = region.mail_sender_name or region.organisation_name or default_name
    return formataddr((name, region.mail_sender_address or default_address))
