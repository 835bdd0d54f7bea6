"""What every testimonials service shares: the error, the log, the index page and mail.

Private helpers (``_log``, ``_mail_contributor``) are used by the sibling modules only.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.cache import cache
from django.utils.translation import gettext as _

from loket.core.site_settings import site_settings
from loket.mail.services import queue_mail
from loket.notifications.services import Kind as NotificationKind
from loket.notifications.services import notify
from loket.sanitize import clean_text

from ..models.experiences import ModerationLog

if TYPE_CHECKING:
    from ..models.experiences import Experience
    from ..models.pages import TestimonialsIndexPage


Action = ModerationLog.Action

GENERATION_KEY = "testimonials:generation"


class ExperienceError(Exception):
    """A refused action, with a Dutch message for the person who tried it."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


def _actor_label(user):
    if user is None:
        return str(_("Inzender"))
    return user.get_full_name() or user.email


def _log(experience, action, *, by=None, reason="", actor_label=None):
    return ModerationLog.objects.create(
        experience=experience,
        action=action,
        actor=by,
        actor_label=actor_label or _actor_label(by),
        reason=reason,
    )


def index_page() -> TestimonialsIndexPage | None:
    # By name, not imported: the page module imports the views, and the views import us.
    page_model = apps.get_model("testimonials", "TestimonialsIndexPage")
    return page_model.objects.live().order_by("path").first()


AMBASSADORS_URL_KEY = "testimonials:ambassadors-url"
# A process with its own cache (the embedded default) sees another's move within this time.
AMBASSADORS_URL_SECONDS = 300


def ambassadors_url() -> str:
    """The address of the ambassadors' overview ("" without a live testimonials index), from
    the shared cache: every ambassador block on every page would otherwise look the index up.
    Emptied when any page is published, unpublished, moved or deleted (``signals``)."""
    url = cache.get(AMBASSADORS_URL_KEY)
    if url is None:
        index = index_page()
        url = index.url_for("ambassadors") if index is not None else ""
        cache.set(AMBASSADORS_URL_KEY, url, AMBASSADORS_URL_SECONDS)
    return url


def forget_ambassadors_url() -> None:
    cache.delete(AMBASSADORS_URL_KEY)


def _clean_short(value, limit):
    return clean_text(str(value or "")).strip()[:limit]


def cache_generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def manage_url(experience: Experience) -> str:
    index = index_page()
    if index is None:
        return ""
    return index.full_url_for("manage", token=experience.token)


def _mail_contributor(experience, key, heading, paragraphs, *, button_label=None, kind=None):
    """Mail the contributor; with a notification ``kind`` a member who shared it also gets a
    notification, and the mail goes as they chose for that kind. Someone who shared without an
    account has no notifications or preferences: their mail goes as before."""
    mail = partial(_queue_contributor_mail, experience, key, heading, paragraphs, button_label)
    member = experience.contributor
    if kind is None or member is None:
        return mail()
    notification = notify(
        member,
        kind,
        experience,
        key=f"{key}:{experience.pk}",
        title=heading,
        text=paragraphs[-1] if kind == NotificationKind.MODERATION_QUESTION else paragraphs[0],
        url=manage_url(experience),
        mail=mail,
    )
    return notification.mail if notification is not None else mail()


def _queue_contributor_mail(experience, key, heading, paragraphs, button_label):
    return queue_mail(
        to=experience.contributor_email,
        template="notification",
        context={
            "subject": heading,
            "heading": heading,
            "first_name": experience.first_name,
            "paragraphs": [str(p) for p in paragraphs],
            "button_label": button_label or _("Bekijk je ervaring"),
            "button_url": manage_url(experience),
        },
        idempotency_key=f"testimonials:{key}:{experience.pk}",
    )


def desk_address() -> str:
    """The desk's e-mail address from the default site's settings; empty without a site."""
    found = site_settings()
    return found.contact_email if found else ""
