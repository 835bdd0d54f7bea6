"""A high rating with a sentence (``loket.satisfaction``) offered as an experience: the channels
and their consent texts, and storing it for moderation tied to the contact's theme. Registered
for the ``RATING_EXPERIENCE`` hook in ``wagtail_hooks``."""

from __future__ import annotations

from typing import Any

from . import services
from .models.choices import Channel, DisplayMode, SubjectKind


def rating_channels() -> list[tuple[str, str, str]]:
    return [(c.value, str(c.label), services.consent_text(c)) for c in Channel]


def rating_display_modes() -> list[tuple[str, str]]:
    return [(m.value, str(m.label)) for m in DisplayMode]


def submit_rating_experience(rating: Any, *, channels: list[str], display_mode: str) -> Any:
    """The rating's sentence as a new experience (status "nieuw": it waits in moderation).

    The link's digest is per contact, so one rating becomes one experience at most, even when
    the consent form is sent twice at once."""
    link = services.ShareLink(
        token=f"satisfaction:{rating.contact_key}",
        email=rating.email,
        subject_label=rating.contact_label or str(rating.get_kind_display()),
    )
    try:
        return services.submit_experience(
            quote=rating.sentence,
            score=rating.score,
            display_mode=display_mode,
            channels=channels,
            theme=rating.theme,
            subject_kind=SubjectKind.DESK,
            user=rating.user,
            link=link,
            name=rating.name,
            email=rating.email,
            site=rating.site,
        )
    except services.ExperienceError as error:
        raise ValueError(error.message) from error
