"""Storing a shared experience, from a member or a personal link, and the mails that follow.

A score of 5 or lower becomes private feedback for the desk and is never offered for publication.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import Site

from loket.mail.models import normalise_email
from loket.mail.services import queue_mail
from loket.sanitize import clean_text

from ..dispatch import experience_submitted
from ..models.choices import (
    PRIVATE_FEEDBACK_MAX_SCORE,
    Channel,
    DisplayMode,
    Status,
    SubjectKind,
    validate_video_url,
)
from ..models.experiences import Experience
from .base import Action, ExperienceError, _clean_short, _log, _mail_contributor, desk_address
from .consent import _consent_row

if TYPE_CHECKING:
    from django.core.files import File
    from django.http import HttpRequest

    from events.models import EventPage
    from loket.accounts.models import User
    from loket.themes.models import Theme

    from .sharing import ShareLink


def _region(request: HttpRequest | None, event: EventPage | None) -> Site | None:
    """The region whose staff moderate the experience: the site it was shared on, else the
    event's."""
    if request is not None:
        return Site.find_for_request(request)
    return event.get_site() if event is not None else None


def submit_experience(
    *,
    quote: str,
    score: int | str,
    display_mode: str,
    channels: Iterable[Channel | str] = (),
    private_only: bool = False,
    story: str = "",
    theme: Theme | None = None,
    subject_kind: str = SubjectKind.DESK,  # type: ignore[assignment]  # a choice; no Django stubs
    event: EventPage | None = None,
    subject_label: str = "",
    photo: File | None = None,
    video_url: str = "",
    user: User | None = None,
    link: ShareLink | None = None,
    name: str = "",
    email: str = "",
    company_name: str = "",
    sector: str = "",
    request: HttpRequest | None = None,
    site: Site | None = None,
) -> Experience:
    """Store an experience from a signed-in member (``user``) or a personal link (``link``).

    A rapportcijfer of 5 or lower becomes private feedback for the desk: no consent is asked or
    recorded and it is never offered for publication. Otherwise at least one channel is needed,
    or ``private_only`` (shared with the desk alone). After the commit ``experience_submitted``
    is sent with ``request`` (the contributor's own, if any). ``site`` is the region whose staff
    moderate it (else the site of ``request``, else the event's).
    """
    if user is None and link is None:
        raise ExperienceError(_("Log in of gebruik de link uit je mail."), "forbidden")
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 10:
        raise ExperienceError(_("Geef een rapportcijfer van 1 tot en met 10."))
    quote = _clean_short(quote, 280)
    if not quote:
        raise ExperienceError(_("Vertel in een zin of twee wat het je opleverde."))
    if display_mode not in DisplayMode.values:
        raise ExperienceError(_("Kies hoe we je mogen tonen."))
    try:
        validate_video_url(video_url)
    except ValidationError as error:
        raise ExperienceError(error.messages[0], "video_host") from error
    channels = [Channel(c) for c in channels]
    private = score <= PRIVATE_FEEDBACK_MAX_SCORE
    if not private and not channels and not private_only:
        raise ExperienceError(
            _(
                "Kies waar we je ervaring mogen laten zien, of vink aan dat je hem alleen met het "
                "loket deelt."
            ),
            "no_consent",
        )

    if link is not None:
        event = link.event or event
        if link.subject_kind:
            subject_kind = link.subject_kind
        email = link.email or email
        if user is None and link.email:
            user = get_user_model().objects.filter(email__iexact=link.email).first()
    if subject_kind == SubjectKind.EVENT and event is None:
        raise ExperienceError(_("Kies de bijeenkomst waar je ervaring over gaat."))
    if subject_kind != SubjectKind.EVENT:
        event = None if link is None or link.event is None else event

    profile = getattr(user, "profile", None) if user is not None else None
    if user is not None:
        name = user.get_full_name() or name
        email = user.email
        company_name = company_name or getattr(profile, "company_name", "")
        sector = sector or getattr(profile, "sector", "")
    name = _clean_short(name, 150)
    if not name:
        raise ExperienceError(_("Vul je naam in."))
    if not email:
        raise ExperienceError(_("Vul je e-mailadres in."))

    experience = Experience(
        site=site or _region(request, event),
        contributor=user,
        contributor_name=name,
        contributor_email=normalise_email(email),
        company_name=_clean_short(company_name, 150),
        sector=sector or "",
        quote=quote,
        story=clean_text(str(story or "")).strip()[:5000],
        score=score,
        theme=theme,
        subject_kind=subject_kind,
        event=event,
        subject_label=_clean_short(subject_label or (link.subject_label if link else ""), 200),
        subject_type=link.subject_type if link else None,
        subject_id=link.subject_id if link else None,
        video_url=video_url or "",
        display_mode=display_mode,
        status=Status.PRIVATE if private else Status.NEW,
        link_digest=link.digest if link else None,
    )
    if photo:
        experience.photo = photo
    try:
        with transaction.atomic():
            experience.save()
            _log(experience, Action.SUBMITTED, by=user, actor_label=name)
            if private:
                _log(experience, Action.PRIVATE, actor_label=str(_("Automatisch")))
            elif channels:
                for channel in channels:
                    _consent_row(experience, channel, by=user)
                _log(
                    experience,
                    Action.CONSENT_GRANTED,
                    by=user,
                    actor_label=name,
                    reason=", ".join(str(Channel(c).label) for c in channels),
                )
            transaction.on_commit(
                lambda: experience_submitted.send(
                    sender=Experience, experience=experience, actor=user, request=request
                )
            )
    except IntegrityError as error:
        # Two submissions through the same link at once: the unique digest lets one through.
        raise ExperienceError(_("Met deze link is al een ervaring gedeeld."), "used") from error
    _notify_submitted(experience)
    return experience


def _notify_submitted(experience):
    if experience.status == Status.PRIVATE:
        paragraphs = [
            _(
                "Dank je wel voor je eerlijke feedback. Die houden we bij het loket: we publiceren "
                "hem niet."
            ),
            _("Iemand van ons neemt contact met je op om te horen wat beter kan."),
        ]
        _notify_desk(experience)
    else:
        paragraphs = [
            _(
                "Dank je wel dat je je ervaring deelt! We lezen hem en laten je weten wanneer hij "
                "online staat."
            ),
            _(
                "Via de knop hieronder zie je je ervaring en je toestemming terug. Je kunt die "
                "altijd intrekken."
            ),
        ]
    _mail_contributor(experience, "received", _("Dank je wel voor je ervaring"), paragraphs)


def _notify_desk(experience):
    """Low scores go to the desk's contact address for a personal follow-up."""
    address = desk_address()
    if not address:
        return
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailsnippets_testimonials_experience:moderate", args=[experience.pk]
    )
    queue_mail(
        to=address,
        template="notification",
        context={
            "subject": _("Privé-feedback om op te volgen"),
            "heading": _("Privé-feedback om op te volgen"),
            "paragraphs": [
                _("%(name)s gaf een %(score)s:")
                % {
                    "name": experience.contributor_name,
                    "score": experience.score,
                },
                f"“{experience.quote}”",
                _("Neem contact op via %(email)s en markeer de feedback daarna als opgevolgd.")
                % {"email": experience.contributor_email},
            ],
            "button_label": _("Bekijk in het beheer"),
            "button_url": admin_url,
        },
        idempotency_key=f"testimonials:desk-private:{experience.pk}",
    )
