"""What the public pages show: blocks, ratings, registry providers, cases and ambassadors.

Reads only public rows; a member's request for an ambassador conversation goes to the desk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Avg, Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.images import get_image_model

from loket.core import registry
from loket.mail.services import queue_mail
from loket.sanitize import clean_text

from ..models.ambassadors import Ambassador
from ..models.cases import CasePage
from ..models.choices import Status
from ..models.experiences import Experience
from .base import ExperienceError, cache_generation, desk_address

if TYPE_CHECKING:
    from wagtail.models import Site
    from wagtail.query import PageQuerySet

    from events.models import EventPage
    from loket.accounts.models import User
    from loket.themes.models import Theme

    from ..models.experiences import ExperienceQuerySet


def request_ambassador_conversation(ambassador: Ambassador, user: User, message: str) -> None:
    """A member asks for what an ambassador offers; the desk gets a mail and makes the match.

    Asking again the same day about the same ambassador sends nothing new.
    """
    message = clean_text(str(message or "")).strip()[:1000]
    if not message:
        raise ExperienceError(_("Vertel in een paar zinnen waarover je wilt praten."))
    address = desk_address()
    if not address:
        raise ExperienceError(
            _("Dit kan nu nog niet via de site. Bel of mail ons gerust."), "unavailable"
        )
    name = user.get_full_name() or user.email
    company = getattr(getattr(user, "profile", None), "company_name", "")
    queue_mail(
        to=address,
        reply_to=user.email,
        template="notification",
        context={
            "subject": _("Gesprek met ambassadeur %(name)s") % {"name": ambassador.name},
            "heading": _("Een lid wil graag praten met %(name)s") % {"name": ambassador.name},
            "paragraphs": [
                _("%(member)s%(company)s vraagt om: %(offer)s")
                % {
                    "member": name,
                    "company": f" ({company})" if company else "",
                    "offer": ambassador.offer or _("een gesprek"),
                },
                f"“{message}”",
                _("Beantwoord deze mail om %(member)s te mailen.") % {"member": name},
            ],
        },
        idempotency_key=(
            f"testimonials:ambassador:{ambassador.pk}:{user.pk}:{timezone.localdate():%Y%m%d}"
        ),
    )


def experiences_for_block(value: Mapping[str, Any]) -> list[Experience]:
    """What a ``TestimonialsBlock`` shows right now, in at most one query."""
    source = value.get("source")
    count = value.get("count") or 3
    public = Experience.objects.for_listing()
    if source == "chosen":
        ids = [e.pk for e in (value.get("experiences") or []) if e is not None]
        if not ids:
            return []
        found = {e.pk: e for e in public.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found][:count]
    if source == "theme":
        theme = value.get("theme")
        if theme is None:
            return []
        return list(public.filter(theme=theme)[:count])
    return list(public[:count])


def public_ambassador(ambassador: Ambassador | None) -> Ambassador | None:
    if ambassador is None:
        return None
    if "themes" in getattr(ambassador, "_prefetched_objects_cache", {}):
        # Loaded with its photo and themes when the block was read (``AmbassadorManager``):
        # only whether it may be shown is left to check.
        shown = ambassador.active and ambassador.consent_at is not None
        return ambassador if shown else None
    return (
        Ambassador.objects.public()
        .select_related("photo")
        .prefetch_related("themes")
        .filter(pk=ambassador.pk)
        .first()
    )


def rating(
    *, theme: Theme | None = None, event: EventPage | None = None, event_type: str | None = None
) -> dict[str, Any] | None:
    """``{"average": 8.2, "count": 37}`` over approved experiences only, or ``None`` when there
    are none. Cached per cache generation, so a moderation step shows up at once."""
    rows = Experience.objects.filter(status=Status.APPROVED)
    key = "all"
    if theme is not None:
        rows, key = rows.filter(theme=theme), f"theme-{theme.pk}"
    if event is not None:
        rows, key = rows.filter(event=event), f"event-{event.pk}"
    if event_type:
        rows, key = rows.filter(event__event_type=event_type), f"type-{event_type}"
    cache_key = f"testimonials:rating:{cache_generation()}:{key}"
    result = cache.get(cache_key)
    if result is None:
        data = rows.aggregate(average=Avg("score"), count=Count("pk"))
        result = (
            {"average": round(data["average"], 1), "count": data["count"]} if data["count"] else {}
        )
        cache.set(cache_key, result, 60 * 60)
    return result or None


def _listed_experiences(site: Site | None = None) -> ExperienceQuerySet:
    """Public experiences for ``site`` (a region): about the desk, or about one of its events."""
    experiences = Experience.objects.for_listing()
    if site is not None:
        experiences = experiences.filter(
            Q(event__isnull=True) | Q(event__path__startswith=site.root_page.path)
        )
    return experiences


def for_theme(
    theme: Theme, limit: int = 6, site: Site | None = None, **kwargs: Any
) -> list[Experience]:
    """Registry provider (by_theme): the newest public experiences of a theme."""
    return list(_listed_experiences(site).filter(theme=theme)[:limit])


def latest(limit: int = 3, site: Site | None = None, **kwargs: Any) -> list[Experience]:
    """Registry provider (latest): the newest public experiences."""
    return list(_listed_experiences(site)[:limit])


def for_event(event: EventPage, limit: int = 3, **kwargs: Any) -> list[Experience]:
    """Registry provider (by_event): public experiences about this event."""
    return list(Experience.objects.for_listing().filter(event=event)[:limit])


def case_queryset() -> PageQuerySet:
    images = get_image_model().objects.prefetch_renditions("fill-640x360-c50")
    return (
        CasePage.objects.live()
        .public()
        .defer_streamfields()
        .prefetch_related(Prefetch("image", queryset=images), "themes")
        .order_by("-first_published_at", "-pk")
    )


def cases_for_theme(
    theme: Theme, limit: int = 6, site: Site | None = None, **kwargs: Any
) -> list[CasePage]:
    """Registry provider (by_theme): live cases of a theme."""
    cases = case_queryset().filter(themes=theme)
    cases = registry.in_site(cases, site)
    return list(cases.distinct()[:limit])
