"""Moderation of experiences by staff: approve, ask, reject, quote edits and follow-up.

Each step is logged, refreshes the website visibility and mails the contributor where needed.
Approve, ask and reject also go to Wagtail's log (the admin's site history) as the staff's act.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from loket.notifications.services import Kind as NotificationKind
from loket.sanitize import clean_text

from ..models.choices import Status
from ..models.experiences import Experience
from .base import Action, ExperienceError, _clean_short, _log, _mail_contributor
from .consent import purge_public_pages, refresh_visibility, unpublish_cases_of

if TYPE_CHECKING:
    from loket.accounts.models import User


def _locked(experience):
    return Experience.objects.select_for_update().get(pk=experience.pk)


def _log_staff_act(experience, action, by):
    """Wagtail's log entry; the title is not the quote (the contributor's words)."""
    title = _("Ervaring %(pk)s") % {"pk": experience.pk}
    log(experience, action, user=by, title=title, data={"status": experience.status})


def approve(experience: Experience, *, by: User | None, reason: str = "") -> Experience:
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
        _log_staff_act(experience, "loket.testimonials.approved", by)
        # Always purge: the ratings count approved experiences, public or not.
        public = refresh_visibility(experience, force_purge=True)
        paragraphs = [
            _("Je ervaring is goedgekeurd. Dank je wel dat je hem deelt!"),
            _("Andere ondernemers lezen hem nu op onze website.")
            if public
            else _("We gebruiken hem alleen waar je toestemming voor gaf."),
            _("Je kunt je toestemming altijd per kanaal intrekken via de knop hieronder."),
        ]
        _mail_contributor(
            experience,
            "approved",
            _("Je ervaring is goedgekeurd"),
            paragraphs,
            kind=NotificationKind.EXPERIENCE_APPROVED,
        )
    return experience


def ask_question(experience: Experience, *, by: User | None, question: str) -> Experience:
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
        _log_staff_act(experience, "loket.testimonials.question_asked", by)
        refresh_visibility(experience)
        _mail_contributor(
            experience,
            f"question-{n.pk}",
            _("We hebben een vraag over je ervaring"),
            [_("Voordat we je ervaring plaatsen, willen we je iets vragen:"), question],
            button_label=_("Beantwoord de vraag"),
            kind=NotificationKind.MODERATION_QUESTION,
        )
    return experience


def answer_question(experience: Experience, answer: str) -> Experience:
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


def reject(experience: Experience, *, by: User | None, reason: str) -> Experience:
    reason = clean_text(str(reason or "")).strip()
    if not reason:
        raise ExperienceError(_("Geef een reden: de inzender krijgt die te lezen."))
    with transaction.atomic():
        experience = _locked(experience)
        experience.status = Status.REJECTED
        experience.save(update_fields=["status", "updated_at"])
        n = _log(experience, Action.REJECTED, by=by, reason=reason)
        _log_staff_act(experience, "loket.testimonials.rejected", by)
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


def propose_quote_edit(
    experience: Experience, new_quote: str, *, by: User | None, reason: str = ""
) -> Experience:
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


def accept_quote_edit(experience: Experience, *, accept: bool = True) -> Experience:
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


def mark_followed_up(experience: Experience, *, by: User | None, note: str = "") -> Experience:
    with transaction.atomic():
        experience = _locked(experience)
        experience.followed_up_at = timezone.now()
        experience.save(update_fields=["followed_up_at", "updated_at"])
        _log(experience, Action.FOLLOWED_UP, by=by, reason=clean_text(note))
    return experience
