"""The rules of experiences: sharing, consent, moderation, quote edits and what may be shown.

Views, the admin, tasks and tests all call these functions. Whether an experience may appear on
a channel is decided in one place (``is_publishable``); for the website the answer is stored in
``Experience.is_public`` by ``refresh_visibility`` after every change, so public queries are a
plain filter and a withdrawal takes effect everywhere at once.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.images import get_image_model
from wagtail.models import Site

from events.models import EventPage
from loket.core import registry
from loket.core.models import SiteSettings, ThemeIndexPage
from loket.mail.models import normalise_email
from loket.mail.services import queue_mail
from loket.sanitize import clean_text

from .models import (
    PRIVATE_FEEDBACK_MAX_SCORE,
    Ambassador,
    CasePage,
    Channel,
    Consent,
    DisplayMode,
    Experience,
    ModerationLog,
    Status,
    SubjectKind,
    TestimonialsIndexPage,
    validate_video_url,
)

Action = ModerationLog.Action

SHARE_SALT = "testimonials.share"
SHARE_MAX_AGE = timedelta(days=90)
GENERATION_KEY = "testimonials:generation"

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


def consent_text(channel):
    return str(CONSENT_TEXTS[Channel(channel)])


class ExperienceError(Exception):
    """A refused action, with a Dutch message for the person who tried it."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
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


# The personal link ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareLink:
    token: str
    event: object = None
    email: str = ""
    subject_type: object = None
    subject_id: int | None = None
    subject_label: str = ""

    @property
    def digest(self):
        return hashlib.sha256(self.token.encode()).hexdigest()

    @property
    def subject_kind(self):
        if self.event is not None:
            return SubjectKind.EVENT
        if self.subject_type is not None:
            return SubjectKind.GROUP
        return None


def index_page():
    return TestimonialsIndexPage.objects.live().order_by("path").first()


def share_token(event=None, email=None, *, subject=None):
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


def share_experience_url(event=None, email=None, *, subject=None):
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


def read_share_link(token):
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


# Sharing ------------------------------------------------------------------------------------


def _clean_short(value, limit):
    return clean_text(str(value or "")).strip()[:limit]


def submit_experience(
    *,
    quote,
    score,
    display_mode,
    channels=(),
    private_only=False,
    story="",
    theme=None,
    subject_kind=SubjectKind.DESK,
    event=None,
    subject_label="",
    photo=None,
    video_url="",
    user=None,
    link=None,
    name="",
    email="",
    company_name="",
    sector="",
):
    """Store an experience from a signed-in member (``user``) or a personal link (``link``).

    A rapportcijfer of 5 or lower becomes private feedback for the desk: no consent is asked or
    recorded and it is never offered for publication. Otherwise at least one channel is needed,
    or ``private_only`` (shared with the desk alone).
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
    except IntegrityError as error:
        # Two submissions through the same link at once: the unique digest lets one through.
        raise ExperienceError(_("Met deze link is al een ervaring gedeeld."), "used") from error
    _notify_submitted(experience)
    return experience


# Consent ------------------------------------------------------------------------------------


def _consent_row(experience, channel, *, by=None, action=Consent.Action.GRANTED):
    """A consent row (a grant, or with ``action`` a withdrawal) with the text that was shown."""
    return Consent.objects.create(
        experience=experience,
        channel=channel,
        action=action,
        text=consent_text(channel),
        recorded_by=by,
    )


def current_channels(experience):
    """The channels consented to right now, read from the rows (never from a cache)."""
    latest = {}
    for channel, action in (
        Consent.objects.filter(experience=experience)
        .order_by("recorded_at", "pk")
        .values_list("channel", "action")
    ):
        latest[channel] = action
    return {ch for ch, action in latest.items() if action == Consent.Action.GRANTED}


def record_consent(experience, channels, *, by=None):
    """Record consent for ``channels`` with the text shown; already-held channels are skipped."""
    if experience.is_private_feedback:
        raise ExperienceError(
            _("Feedback met een 5 of lager blijft bij het loket en wordt nooit gepubliceerd."),
            "private",
        )
    channels = [Channel(c) for c in channels]
    with transaction.atomic():
        held = current_channels(experience)
        new = [c for c in channels if c not in held]
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


def withdraw_consent(experience, channels=None, *, by=None, reason=""):
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


def is_publishable(experience, channel):
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


def refresh_visibility(experience, *, force_purge=False):
    """Store whether the website may show ``experience``; purge caches when that changed."""
    public = is_publishable(experience, Channel.WEBSITE)
    changed = public != experience.is_public
    if changed:
        Experience.objects.filter(pk=experience.pk).update(is_public=public)
        experience.is_public = public
    if changed or force_purge:
        purge_public_pages(experience)
    return public


def unpublish_cases_of(experience, *, by=None):
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


def purge_public_pages(experience):
    """After commit: new cache generation (blocks, ratings) and the frontend cache of every page
    that may have shown ``experience``. Safe to run twice."""

    def purge():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, None)
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


def cache_generation():
    return cache.get_or_set(GENERATION_KEY, 1, None)


# Moderation ---------------------------------------------------------------------------------


def _locked(experience):
    return Experience.objects.select_for_update().get(pk=experience.pk)


def approve(experience, *, by, reason=""):
    if experience.is_private_feedback:
        raise ExperienceError(
            _("Privé-feedback (een 5 of lager) wordt nooit gepubliceerd."), "private"
        )
    with transaction.atomic():
        experience = _locked(experience)
        if experience.status == Status.APPROVED:
            return experience
        experience.status = Status.APPROVED
        experience.approved_at = timezone.now()
        experience.save(update_fields=["status", "approved_at", "updated_at"])
        _log(experience, Action.APPROVED, by=by, reason=clean_text(reason))
        # Always purge: the ratings count approved experiences, public or not.
        public = refresh_visibility(experience, force_purge=True)
        paragraphs = [
            _("Je ervaring is goedgekeurd. Dank je wel dat je hem deelt!"),
            _("Andere ondernemers lezen hem nu op onze website.")
            if public
            else _("We gebruiken hem alleen waar je toestemming voor gaf."),
            _("Je kunt je toestemming altijd per kanaal intrekken via de knop hieronder."),
        ]
        _mail_contributor(experience, "approved", _("Je ervaring is goedgekeurd"), paragraphs)
    return experience


def ask_question(experience, *, by, question):
    question = clean_text(str(question or "")).strip()
    if not question:
        raise ExperienceError(_("Schrijf de vraag op die je de inzender wilt stellen."))
    if experience.is_private_feedback:
        raise ExperienceError(
            _("Bij privé-feedback neem je zelf contact op; markeer hem daarna als opgevolgd."),
            "private",
        )
    with transaction.atomic():
        experience = _locked(experience)
        experience.status = Status.QUESTION
        experience.save(update_fields=["status", "updated_at"])
        n = _log(experience, Action.QUESTION, by=by, reason=question)
        refresh_visibility(experience)
        _mail_contributor(
            experience,
            f"question-{n.pk}",
            _("We hebben een vraag over je ervaring"),
            [_("Voordat we je ervaring plaatsen, willen we je iets vragen:"), question],
            button_label=_("Beantwoord de vraag"),
        )
    return experience


def answer_question(experience, answer):
    answer = clean_text(str(answer or "")).strip()[:2000]
    if not answer:
        raise ExperienceError(_("Schrijf je antwoord in het vak."))
    with transaction.atomic():
        experience = _locked(experience)
        if experience.status != Status.QUESTION:
            raise ExperienceError(_("Er staat geen vraag meer open. Dank je wel!"), "state")
        experience.status = Status.NEW
        experience.save(update_fields=["status", "updated_at"])
        _log(experience, Action.ANSWERED, actor_label=experience.contributor_name, reason=answer)
    return experience


def reject(experience, *, by, reason):
    reason = clean_text(str(reason or "")).strip()
    if not reason:
        raise ExperienceError(_("Geef een reden: de inzender krijgt die te lezen."))
    with transaction.atomic():
        experience = _locked(experience)
        experience.status = Status.REJECTED
        experience.save(update_fields=["status", "updated_at"])
        n = _log(experience, Action.REJECTED, by=by, reason=reason)
        refresh_visibility(experience, force_purge=True)
        unpublish_cases_of(experience, by=by)
        _mail_contributor(
            experience,
            f"rejected-{n.pk}",
            _("Over je ervaring"),
            [
                _("Dank je wel voor het delen van je ervaring. We plaatsen hem deze keer niet:"),
                reason,
                _("Je verhaal heeft ons wel geholpen. Heb je vragen? Beantwoord gerust deze mail."),
            ],
        )
    return experience


def propose_quote_edit(experience, new_quote, *, by, reason=""):
    new_quote = _clean_short(new_quote, 280)
    if not new_quote:
        raise ExperienceError(_("Het aangepaste citaat is leeg."))
    if new_quote == experience.quote:
        raise ExperienceError(_("Het citaat is niet veranderd."), "unchanged")
    with transaction.atomic():
        experience = _locked(experience)
        experience.proposed_quote = new_quote
        experience.save(update_fields=["proposed_quote", "updated_at"])
        n = _log(
            experience,
            Action.QUOTE_PROPOSED,
            by=by,
            reason=clean_text(reason) or f"“{experience.quote}” → “{new_quote}”",
        )
        _mail_contributor(
            experience,
            f"quote-{n.pk}",
            _("Mag je citaat zo?"),
            [
                _(
                    "We hebben je citaat iets ingekort of verduidelijkt. "
                    "We plaatsen het pas zo als "
                    "jij akkoord bent:"
                ),
                f"“{new_quote}”",
            ],
            button_label=_("Bekijk en geef akkoord"),
        )
    return experience


def accept_quote_edit(experience, *, accept=True):
    """The contributor agrees (or not) to the staff's edit of the quote."""
    with transaction.atomic():
        experience = _locked(experience)
        if not experience.proposed_quote:
            raise ExperienceError(_("Er staat geen aangepast citaat meer voor je klaar."), "state")
        if accept:
            experience.quote = experience.proposed_quote
        experience.proposed_quote = ""
        experience.save(update_fields=["quote", "proposed_quote", "updated_at"])
        _log(
            experience,
            Action.QUOTE_ACCEPTED if accept else Action.QUOTE_DECLINED,
            actor_label=experience.contributor_name,
        )
        if experience.is_public:
            purge_public_pages(experience)
    return experience


def mark_followed_up(experience, *, by, note=""):
    with transaction.atomic():
        experience = _locked(experience)
        experience.followed_up_at = timezone.now()
        experience.save(update_fields=["followed_up_at", "updated_at"])
        _log(experience, Action.FOLLOWED_UP, by=by, reason=clean_text(note))
    return experience


# Mail ---------------------------------------------------------------------------------------


def manage_url(experience):
    index = index_page()
    if index is None:
        return ""
    return index.full_url_for("manage", token=experience.token)


def _mail_contributor(experience, key, heading, paragraphs, *, button_label=None):
    queue_mail(
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


# Ambassadors --------------------------------------------------------------------------------


def desk_address():
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).contact_email if site else ""


def request_ambassador_conversation(ambassador, user, message):
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


# Reading ------------------------------------------------------------------------------------


def experiences_for_block(value):
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


def public_ambassador(ambassador):
    if ambassador is None:
        return None
    return (
        Ambassador.objects.public()
        .select_related("photo")
        .prefetch_related("themes")
        .filter(pk=ambassador.pk)
        .first()
    )


def rating(*, theme=None, event=None, event_type=None):
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


def _listed_experiences(site=None):
    """Public experiences for ``site`` (a region): about the desk, or about one of its events."""
    experiences = Experience.objects.for_listing()
    if site is not None:
        experiences = experiences.filter(
            Q(event__isnull=True) | Q(event__path__startswith=site.root_page.path)
        )
    return experiences


def for_theme(theme, limit=6, site=None, **kwargs):
    """Registry provider (by_theme): the newest public experiences of a theme."""
    return list(_listed_experiences(site).filter(theme=theme)[:limit])


def latest(limit=3, site=None, **kwargs):
    """Registry provider (latest): the newest public experiences."""
    return list(_listed_experiences(site)[:limit])


def for_event(event, limit=3, **kwargs):
    """Registry provider (by_event): public experiences about this event."""
    return list(Experience.objects.for_listing().filter(event=event)[:limit])


def case_queryset():
    images = get_image_model().objects.prefetch_renditions("fill-640x360-c50")
    return (
        CasePage.objects.live()
        .public()
        .defer_streamfields()
        .prefetch_related(Prefetch("image", queryset=images), "themes")
        .order_by("-first_published_at", "-pk")
    )


def cases_for_theme(theme, limit=6, site=None, **kwargs):
    """Registry provider (by_theme): live cases of a theme."""
    cases = case_queryset().filter(themes=theme)
    cases = registry.in_site(cases, site)
    return list(cases.distinct()[:limit])
