"""Asking after a contact and taking the one answer: ``request_rating`` (safe to call twice per
contact), ``submit_rating`` (once), the alert on a low score and the offer of a high one as an
experience (through the ``RATING_EXPERIENCE`` hook; testimonials answers it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core import hooks as loket_hooks
from loket.core.site_settings import site_settings
from loket.mail.services import queue_mail
from loket.sanitize import clean_text

from ..models import (
    ALERT_MAX_SCORE,
    CES_MAX,
    CES_MIN,
    EXPERIENCE_MIN_SCORE,
    SCORE_MAX,
    SCORE_MIN,
    SENTENCE_MAX_LENGTH,
    ContactKind,
    Rating,
    Resolved,
)

if TYPE_CHECKING:
    from wagtail.models import Site

    from loket.accounts.models import User
    from loket.themes.models import Theme


def answered_message() -> str:
    return _("Je gaf dit contact al een cijfer. Je eerdere antwoord blijft staan; dank je wel!")


class RatingError(Exception):
    """A refused answer: ``code`` maps to the status a view answers with."""

    STATUS = {"invalid": 400, "link": 400, "answered": 409, "not_offered": 409}

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message, self.code = message, code

    @property
    def status(self) -> int:
        return self.STATUS.get(self.code, 400)


@dataclass(frozen=True)
class Contact:
    """Someone without an account: the address the question goes to and the name to greet."""

    email: str
    name: str = ""


def _person_fields(person: User | Contact) -> dict[str, Any]:
    if isinstance(person, Contact):
        return {"user": None, "email": person.email, "name": person.name[:150]}
    return {
        "user": person,
        "email": person.email,
        "name": (person.get_full_name() or person.email)[:150],
    }


def request_rating(
    kind: ContactKind | str,
    *,
    site: Site,
    person: User | Contact,
    contact_key: str,
    theme: Theme | None = None,
    adviser: str = "",
    label: str = "",
    responsible: User | None = None,
    contact_at: datetime | None = None,
    mail: bool = True,
) -> Rating:
    """Ask ``person`` how the contact ``contact_key`` was: a row and (with ``mail``) one mail.

    Safe to call twice, from any helper: the contact key is unique, so a second call (or two at
    once) returns the first row, and the mail's idempotency key is per row.
    """
    if kind not in ContactKind.values:
        raise ValueError(f"Unknown contact kind {kind!r}.")
    existing = Rating.objects.filter(contact_key=contact_key).first()
    if existing is not None:
        return existing
    fields = _person_fields(person)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                site=site,
                kind=kind,
                contact_key=contact_key[:120],
                contact_label=label[:200],
                contact_at=contact_at or timezone.now(),
                theme=theme,
                adviser=adviser[:150],
                responsible=responsible,
                **fields,
            )
    except IntegrityError:
        return Rating.objects.get(contact_key=contact_key)
    if mail and rating.email:
        transaction.on_commit(lambda: _mail_question(rating))
    return rating


def _mail_question(rating: Rating) -> None:
    queue_mail(
        to=rating.email,
        template="satisfaction_question",
        context={
            "first_name": rating.first_name,
            "kind_label": rating.get_kind_display().lower(),
            "contact_label": rating.contact_label,
            "rating_url": rating.url(),
        },
        idempotency_key=f"satisfaction:question:{rating.pk}",
        site=rating.site,
    )


def rating_from_token(token: str) -> Rating:
    pk = Rating.pk_from_token(token)
    rating = Rating.objects.select_related("theme", "user").filter(pk=pk).first() if pk else None
    if rating is None:
        raise RatingError(
            _("Deze link klopt niet (meer). Gebruik de link uit je mail, of kijk op je account."),
            "link",
        )
    return rating


def _whole(value: Any, low: int, high: int, message: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise RatingError(message) from None
    if not low <= number <= high:
        raise RatingError(message)
    return number


def _clean_answer(score: Any, ces: Any, resolved: Any, sentence: Any) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "score": _whole(
            score, SCORE_MIN, SCORE_MAX, _("Kies een rapportcijfer van 1 tot en met 10.")
        ),
        "ces": _whole(ces, CES_MIN, CES_MAX, _("Kies bij moeite een getal van 1 tot en met 5.")),
    }
    if resolved not in Resolved.values:
        raise RatingError(_("Laat weten of je vraag is opgelost: ja, deels of nee."))
    answer["resolved"] = resolved
    answer["sentence"] = clean_text(str(sentence or "")).strip()[:SENTENCE_MAX_LENGTH]
    return answer


def submit_rating(
    rating: Rating, *, score: Any, ces: Any, resolved: Any, sentence: Any = ""
) -> Rating:
    """Store the one answer to ``rating``. A second answer changes nothing and says so.

    The row is locked and its ``answered_at`` checked inside the transaction, so two submits at
    once store one answer. A score of 5 or lower alerts the responsible staff member.
    """
    answer = _clean_answer(score, ces, resolved, sentence)
    with transaction.atomic():
        locked = Rating.objects.select_for_update().get(pk=rating.pk)
        if locked.answered_at is not None:
            raise RatingError(answered_message(), "answered")
        for name, value in answer.items():
            setattr(locked, name, value)
        locked.answered_at = timezone.now()
        locked.save(update_fields=[*answer, "answered_at"])
        if locked.score <= ALERT_MAX_SCORE:
            _alert(locked)
    return locked


def answer_from_follow_up(
    contact_key: str, *, score: int, ces: int, resolved: Resolved | str, sentence: str = ""
) -> Rating | None:
    """The answer given in another app's own form (the meetup follow-up): the first one counts,
    later edits there change nothing here. None when nobody asked about ``contact_key``."""
    rating = Rating.objects.filter(contact_key=contact_key).first()
    if rating is None or rating.answered_at is not None:
        return rating
    try:
        return submit_rating(rating, score=score, ces=ces, resolved=resolved, sentence=sentence)
    except RatingError:
        return rating  # answered at the same moment through the rating link: that one counts


def _alert_address(rating: Rating) -> str:
    if rating.responsible_id and rating.responsible.email:
        return rating.responsible.email
    found = site_settings(rating.site)
    return found.contact_email if found else ""


def _alert(rating: Rating) -> None:
    """A low score goes to the responsible staff member (or the region's desk), never public."""
    address = _alert_address(rating)
    rating.alerted_at = timezone.now()
    Rating.objects.filter(pk=rating.pk).update(alerted_at=rating.alerted_at)
    if not address:
        return
    from django.conf import settings
    from django.urls import reverse

    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("satisfaction_admin:index")
    paragraphs = [
        _("%(name)s gaf een %(score)s na: %(contact)s.")
        % {
            "name": rating.name or _("Een ondernemer"),
            "score": rating.score,
            "contact": rating.contact_label or rating.get_kind_display(),
        },
        _("Moeite (1 weinig – 5 veel): %(ces)s. Vraag opgelost: %(resolved)s.")
        % {"ces": rating.ces, "resolved": rating.get_resolved_display().lower()},
    ]
    if rating.sentence:
        paragraphs.append(f"“{rating.sentence}”")
    if rating.email:
        paragraphs.append(
            _("Bel of mail even om te horen wat beter kan: %(email)s.") % {"email": rating.email}
        )
    queue_mail(
        to=address,
        template="notification",
        context={
            "subject": _("Een laag cijfer om op te volgen"),
            "heading": _("Een laag cijfer om op te volgen"),
            "paragraphs": paragraphs,
            "button_label": _("Bekijk de tevredenheid"),
            "button_url": admin_url,
        },
        idempotency_key=f"satisfaction:alert:{rating.pk}",
    )


def experience_offer() -> Any | None:
    """The app that takes a high rating as an experience (``RATING_EXPERIENCE``), if any."""
    found = loket_hooks.contributions(loket_hooks.RATING_EXPERIENCE)
    return found[-1] if found else None


def may_offer_experience(rating: Rating) -> bool:
    return bool(
        rating.answered_at
        and rating.score is not None
        and rating.score >= EXPERIENCE_MIN_SCORE
        and rating.sentence
        and rating.experience_offered_at is None
        and experience_offer() is not None
    )


def offer_experience(rating: Rating, *, channels: list[str], display_mode: str) -> Any:
    """Put the rating's sentence in moderation as an experience, with consent per channel.

    Once per rating: the row is locked and ``experience_offered_at`` set in the same transaction.
    """
    offer = experience_offer()
    with transaction.atomic():
        locked = (
            Rating.objects.select_for_update(of=("self",))
            .select_related("theme", "user")
            .get(pk=rating.pk)
        )
        if not may_offer_experience(locked) or offer is None:
            raise RatingError(
                _("Deze ervaring is al gedeeld, of kan niet als ervaring op de site."),
                "not_offered",
            )
        try:
            experience = offer.submit(locked, channels=channels, display_mode=display_mode)
        except ValueError as error:
            raise RatingError(str(error)) from error
        locked.experience_offered_at = timezone.now()
        locked.save(update_fields=["experience_offered_at"])
    return experience
