"""The entrepreneur's mails about a request: their shared context and the confirmation.
The desk's phone and address come from the default site's settings."""

from __future__ import annotations

from django.conf import settings

from loket.core.site_settings import desk_contact
from loket.mail.services import queue_mail


def _mail_context(intake):
    return {
        "first_name": intake.first_name,
        "intake": intake,
        "channel": intake.get_channel_display().lower(),
        "theme": intake.theme.name if intake.theme_id else "",
        "site_url": settings.SITE_URL.rstrip("/"),
        **desk_contact(),
    }


def _queue_confirmation(intake):
    queue_mail(
        to=intake.email,
        template="intake_confirmation",
        context=_mail_context(intake),
        idempotency_key=f"intake-confirmation:{intake.pk}",
    )
