"""The personal "Deel mijn ervaring" link: signing it, building its URL and reading it back.

A link is good for one experience; ``read_share_link`` refuses a tampered, expired or used one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.utils.translation import gettext as _

from events.models import EventPage
from loket.mail.models import normalise_email

from ..models.choices import SubjectKind
from ..models.experiences import Experience
from .base import ExperienceError, index_page

if TYPE_CHECKING:
    from django.db.models import Model


SHARE_SALT = "testimonials.share"
SHARE_MAX_AGE = timedelta(days=90)


@dataclass(frozen=True)
class ShareLink:
    token: str
    event: EventPage | None = None
    email: str = ""
    subject_type: ContentType | None = None
    subject_id: int | None = None
    subject_label: str = ""

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.token.encode()).hexdigest()

    @property
    def subject_kind(self) -> SubjectKind | None:
        # The ignores: without Django's stubs mypy reads a TextChoices member as a tuple.
        if self.event is not None:
            return SubjectKind.EVENT  # type: ignore[return-value]
        if self.subject_type is not None:
            return SubjectKind.GROUP  # type: ignore[return-value]
        return None


def share_token(
    event: EventPage | None = None, email: str | None = None, *, subject: Model | None = None
) -> str:
    payload = {}
    if event is not None:
        payload["e"] = event.pk
    if email:
        payload["m"] = normalise_email(email)
    if subject is not None:
        payload["t"] = ContentType.objects.get_for_model(subject).pk
        payload["i"] = subject.pk
        payload["l"] = str(subject)[:200]
    return signing.dumps(payload, salt=SHARE_SALT, compress=True)


def share_experience_url(
    event: EventPage | None = None, email: str | None = None, *, subject: Model | None = None
) -> str:
    """The "Deel mijn ervaring" link for a follow-up mail, signed and good for one experience.

    ``event`` ties it to a meetup, ``subject`` to anything else (an intervision group); ``email``
    to the person, who then needs no log-in. Without any of them it is the plain page (members
    log in). Returns ``""`` while the site has no live testimonials index page.
    """
    index = index_page()
    if index is None:
        return ""
    url = index.full_url_for("share")
    if event is None and not email and subject is None:
        return url
    return f"{url}?{urlencode({'link': share_token(event, email, subject=subject)})}"


def read_share_link(token: str) -> ShareLink:
    """The link behind ``token``; raises ``ExperienceError`` when tampered, expired or used."""
    try:
        payload = signing.loads(
            str(token or ""), salt=SHARE_SALT, max_age=SHARE_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired as error:
        raise ExperienceError(
            _("Deze link is verlopen. Log in om je ervaring toch te delen; we horen hem graag."),
            "expired",
        ) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise ExperienceError(
            _(
                "Deze link klopt niet. Gebruik de link uit je mail, "
                "of log in om je ervaring te delen."
            ),
            "bad_link",
        ) from error
    if not isinstance(payload, dict):
        raise ExperienceError(_("Deze link klopt niet."), "bad_link")
    event = None
    if payload.get("e"):
        event = EventPage.objects.filter(pk=payload["e"]).first()
        if event is None:
            raise ExperienceError(_("De bijeenkomst van deze link bestaat niet meer."), "bad_link")
    subject_type = None
    if payload.get("t"):
        subject_type = ContentType.objects.filter(pk=payload["t"]).first()
    link = ShareLink(
        token=token,
        event=event,
        email=payload.get("m", ""),
        subject_type=subject_type,
        subject_id=payload.get("i") if subject_type else None,
        subject_label=payload.get("l", "") if subject_type else "",
    )
    if Experience.objects.filter(link_digest=link.digest).exists():
        raise ExperienceError(
            _(
                "Met deze link is al een ervaring gedeeld. Dank je wel! Je vindt hem terug via de "
                "link in je bevestigingsmail."
            ),
            "used",
        )
    return link
