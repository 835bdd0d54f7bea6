"""Consent per channel and what follows from it: visibility on the website and cache purges.

``is_publishable`` is the one place that decides whether an experience may appear on a channel.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.contrib.frontend_cache.utils import PurgeBatch

from loket.core import pagecache
from loket.core.models import ThemeIndexPage

from ..models.cases import CasePage
from ..models.choices import PRIVATE_FEEDBACK_MAX_SCORE, Channel, Status
from ..models.experiences import Consent, Experience
from .base import GENERATION_KEY, Action, ExperienceError, _log, index_page

if TYPE_CHECKING:
    from loket.accounts.models import User


# The exact sentences the contributor ticks; each Consent row stores the one that was shown.
CONSENT_TEXTS = {
    Channel.WEBSITE: gettext_lazy(
        "Het Ondernemersloket mag mijn ervaring op de eigen website laten zien, zoals ik hierboven "
        "heb gekozen (naam of anoniem)."
    ),
    Channel.MAGAZINE: gettext_lazy(
        "Het Ondernemersloket mag mijn ervaring gebruiken in het magazine en de nieuwsbrief."
    ),
    Channel.SOCIAL: gettext_lazy(
        "Het Ondernemersloket mag mijn ervaring delen op sociale media (zoals LinkedIn)."
    ),
    Channel.PRINT: gettext_lazy(
        "Het Ondernemersloket mag mijn ervaring gebruiken in drukwerk, zoals folders en posters."
    ),
}


def consent_text(channel: Channel | str) -> str:
    return str(CONSENT_TEXTS[Channel(channel)])


def _consent_row(experience, channel, *, by=None, action=Consent.Action.GRANTED):
    """A consent row (a grant, or with ``action`` a withdrawal) with the text that was shown."""
    return Consent.objects.create(
        experience=experience,
        channel=channel,
        action=action,
        text=consent_text(channel),
        recorded_by=by,
    )


def current_channels(experience: Experience) -> set[str]:
    """The channels consented to right now, read from the rows (never from a cache)."""
    latest = {}
    for channel, action in (
        Consent.objects.filter(experience=experience)
        .order_by("recorded_at", "pk")
        .values_list("channel", "action")
    ):
        latest[channel] = action
    return {ch for ch, action in latest.items() if action == Consent.Action.GRANTED}


def record_consent(
    experience: Experience, channels: Iterable[Channel | str], *, by: User | None = None
) -> list[Channel]:
    """Record consent for ``channels`` with the text shown; already-held channels are skipped."""
    if experience.is_private_feedback:
        raise ExperienceError(
            _("Feedback met een 5 of lager blijft bij het loket en wordt nooit gepubliceerd."),
            "private",
        )
    chosen = [Channel(c) for c in channels]
    with transaction.atomic():
        held = current_channels(experience)
        new = [c for c in chosen if c not in held]
        for channel in new:
            _consent_row(experience, channel, by=by)
        if new:
            _log(
                experience,
                Action.CONSENT_GRANTED,
                by=by,
                actor_label=experience.contributor_name if by is None else None,
                reason=", ".join(str(c.label) for c in new),
            )
        refresh_visibility(experience)
    return new


def withdraw_consent(
    experience: Experience,
    channels: Iterable[Channel | str] | None = None,
    *,
    by: User | None = None,
    reason: str = "",
) -> list[str]:
    """Withdraw consent for ``channels`` (all when ``None``): a withdrawal row per channel.

    Off the website at once: ``is_public`` goes false in the same transaction, linked cases are
    unpublished, and caches are purged after commit. Safe to run twice: only held channels get
    a withdrawal row.
    """
    with transaction.atomic():
        locked = Experience.objects.select_for_update().get(pk=experience.pk)
        held = current_channels(locked)
        wanted = held if channels is None else {Channel(c) for c in channels}
        withdrawn = sorted(c for c in wanted if c in held)
        for channel in withdrawn:
            _consent_row(locked, channel, by=by, action=Consent.Action.WITHDRAWN)
        if withdrawn:
            _log(
                locked,
                Action.CONSENT_WITHDRAWN,
                by=by,
                actor_label=locked.contributor_name if by is None else None,
                reason=reason or ", ".join(str(Channel(c).label) for c in withdrawn),
            )
        refresh_visibility(locked, force_purge=bool(withdrawn))
        if Channel.WEBSITE in withdrawn:
            unpublish_cases_of(locked, by=by)
    experience.is_public = locked.is_public
    experience.__dict__.pop("current_consents", None)
    return withdrawn


def is_publishable(experience: Experience, channel: Channel | str) -> bool:
    """May ``experience`` appear on ``channel`` right now? Read from the database.

    Approved, above the private-feedback score, and consent for that channel holds. A pending
    quote edit does not block: the quote the contributor agreed to is what appears.
    """
    if experience.pk is None:
        return False
    status, score = Experience.objects.filter(pk=experience.pk).values_list(
        "status", "score"
    ).first() or (None, 0)
    if status != Status.APPROVED or score <= PRIVATE_FEEDBACK_MAX_SCORE:
        return False
    return Channel(channel) in current_channels(experience)


def refresh_visibility(experience: Experience, *, force_purge: bool = False) -> bool:
    """Store whether the website may show ``experience``; purge caches when that changed."""
    # The ignore: without Django's stubs mypy reads a TextChoices member as a tuple.
    public = is_publishable(experience, Channel.WEBSITE)  # type: ignore[arg-type]
    changed = public != experience.is_public
    if changed:
        Experience.objects.filter(pk=experience.pk).update(is_public=public)
        experience.is_public = public
    if changed or force_purge:
        purge_public_pages(experience)
    return public


def unpublish_cases_of(experience: Experience, *, by: User | None = None) -> list[str]:
    """Take every live case built on ``experience`` offline and note it in the log."""
    cases = CasePage.objects.live().filter(experience_links__experience=experience).distinct()
    titles = []
    for case in cases:
        case.unpublish(user=by, log_action=True)
        titles.append(case.title)
    if titles:
        _log(
            experience,
            Action.CASE_UNPUBLISHED,
            by=by,
            actor_label=str(_("Automatisch")) if by is None else None,
            reason=", ".join(titles),
        )
    return titles


def purge_public_pages(experience: Experience) -> None:
    """After commit: new cache generation (blocks, ratings) and the frontend cache of every page
    that may have shown ``experience``. Safe to run twice."""

    def purge() -> None:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, None)
        pagecache.purge_now()
        if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
            return
        batch = PurgeBatch()
        index = index_page()
        if index is not None:
            batch.add_page(index)
            batch.add_page(index.get_parent())
        if experience.event_id and experience.event is not None:
            batch.add_page(experience.event)
        batch.add_pages(CasePage.objects.filter(experience_links__experience=experience))
        if experience.theme_id:
            for theme_index in ThemeIndexPage.objects.live():
                batch.add_url(theme_index.theme_url(experience.theme))
        batch.purge()

    transaction.on_commit(purge)
