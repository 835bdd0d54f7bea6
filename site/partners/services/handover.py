"""The warm handover: staff hand an intake over to a named contact, with the entrepreneur's
consent; one introduction mail goes to both; an SLA-partner confirms contact through a signed
link, and the desk is alerted when that stays out past the partner's reply time.

How consent is obtained: the desk asks it in the conversation (the intake, or a call), reading
the exact text the handover page shows; staff tick that it was given and the text is stored
with the time and the staff member. A signed link the entrepreneur has to click would stall
every handover on an extra mail, while the entrepreneur is on the phone already; the
introduction mail goes to the entrepreneur too, so they see at once what was shared and with
whom, and can tell the desk when that is not what they agreed to.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from loket.core.site_settings import desk_contact, site_settings
from loket.intake import services as intake_services
from loket.intake.models import IntakeRequest
from loket.mail.services import queue_mail
from loket.satisfaction.contacts import ask_after_handover

from ..models import Contact, FollowUpKind, Handover, Organisation, Tier
from .base import PartnerError, region_of, staff_sites
from .follow_up import schedule_follow_up

if TYPE_CHECKING:
    from loket.accounts.models import User


CONFIRM_LINK_DAYS = 60


def consent_text(contact: Contact) -> str:
    """The exact text the desk reads out and stores as the entrepreneur's consent."""
    return _(
        "Ik vind het goed dat het Ondernemersloket mijn naam, bedrijf, e-mailadres, "
        "telefoonnummer en mijn vraag doorgeeft aan %(contact)s van %(organisation)s, zodat "
        "%(contact)s contact met mij opneemt."
    ) % {"contact": contact.name, "organisation": contact.organisation.name}


def contacts_for(user, theme=None):
    """The contacts ``user`` may hand over to (their regions and the national partners), those
    whose partner works on ``theme`` first."""
    rows = Contact.objects.filter(active=True, organisation__active=True).select_related(
        "organisation"
    )
    sites = staff_sites(user)
    if sites is not None:
        rows = rows.filter(Q(organisation__site__in=sites) | Q(organisation__site__isnull=True))
    order = ["organisation__name", "name", "pk"]
    if theme is not None:
        theme_ids = list(
            Organisation.themes.through.objects.filter(theme=theme).values_list(
                "organisation_id", flat=True
            )
        )
        rows = rows.annotate(
            fits=Case(
                When(organisation_id__in=theme_ids, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        order = ["fits", *order]
    return rows.order_by(*order)


def _label(contact):
    return f"{contact.name} ({contact.organisation.name})"[:200]


def _log(handover, action, by, **data):
    title = _("Overdracht %(pk)s") % {"pk": handover.pk}
    log(handover, action, user=by, title=title, data=data)


def _site_url():
    return settings.SITE_URL.rstrip("/")


def confirm_url(handover: Handover) -> str:
    return _site_url() + reverse("partners:confirm", args=[handover.token])


def _introduce(handover: Handover, intake: IntakeRequest, contact: Contact) -> None:
    """One introduction, sent to each of the two with the other as reply address."""
    context = {
        "entrepreneur_first_name": intake.first_name,
        "entrepreneur_name": intake.name,
        "entrepreneur_email": intake.email,
        "entrepreneur_phone": intake.phone,
        "company": intake.company,
        "question": intake.question,
        "contact_first_name": contact.name.split(" ", 1)[0],
        "contact_name": contact.name,
        "contact_role": contact.role,
        "contact_email": contact.email,
        "contact_phone": contact.phone,
        "organisation": contact.organisation.name,
        "reply_label": contact.organisation.reply_label,
        "staff_name": (handover.created_by.get_full_name() if handover.created_by else ""),
        "site_url": _site_url(),
        **desk_contact(),
    }
    queue_mail(
        to=intake.email,
        template="partners_introduction",
        context={**context, "for_partner": False},
        reply_to=contact.email,
        idempotency_key=f"handover-introduction:{handover.pk}:ondernemer",
    )
    partner_context = {**context, "for_partner": True}
    if handover.reply_due_at is not None:
        partner_context["confirm_url"] = confirm_url(handover)
    queue_mail(
        to=contact.email,
        template="partners_introduction",
        context=partner_context,
        reply_to=intake.email,
        idempotency_key=f"handover-introduction:{handover.pk}:partner",
    )


def hand_over(
    intake: IntakeRequest,
    *,
    contact: Contact | None,
    consent_given: bool,
    consent_shown: str,
    by: User | None = None,
) -> Handover:
    """Hand ``intake`` over to ``contact`` with the entrepreneur's consent to ``consent_shown``.

    Refused (nothing stored, nothing mailed): no consent, a text that is not the one for this
    contact, a contact staff may not use, a request without an address or already closed.
    """
    if contact is None or not contact.active or not contact.organisation.active:
        raise PartnerError(_("Kies een contactpersoon uit de lijst."), "contact")
    sites = staff_sites(by) if by is not None else None
    if sites is not None and contact.organisation.site_id not in {None, *(s.pk for s in sites)}:
        raise PartnerError(_("Deze contactpersoon hoort bij een andere regio."), "contact")
    if not consent_given:
        raise PartnerError(
            _(
                "Zonder akkoord van de ondernemer dragen we niet over. Lees de tekst voor en "
                "vink aan dat de ondernemer akkoord gaf."
            ),
            "consent",
        )
    expected = consent_text(contact)
    if (consent_shown or "").strip() != expected:
        raise PartnerError(
            _(
                "De tekst van het akkoord klopt niet met deze contactpersoon. "
                "Laad de pagina opnieuw."
            ),
            "consent",
        )
    if intake.erased_at is not None:
        raise PartnerError(str(intake_services.ERASED_MESSAGE), "erased")
    if not intake.email:
        raise PartnerError(
            _("Deze aanvraag heeft geen e-mailadres; een introductiemail kan dan niet."), "email"
        )
    organisation = contact.organisation
    now = timezone.now()
    delta = organisation.reply_delta
    try:
        with transaction.atomic():
            if Handover.objects.filter(intake=intake).exists():
                raise PartnerError(_("Deze aanvraag is al overgedragen."), "state")
            try:
                intake = intake_services.refer(
                    intake, referred_to=_label(contact), by=by, mail=False
                )
            except intake_services.IntakeError as error:
                raise PartnerError(error.message, error.code) from error
            handover = Handover.objects.create(
                intake=intake,
                site=region_of(intake=intake, organisation=organisation, by=by),
                contact=contact,
                contact_name=contact.name,
                organisation_name=organisation.name,
                tier=organisation.tier,
                consent_text=expected,
                consented_at=now,
                created_by=by,
                created_at=now,
                reply_due_at=now + delta if delta is not None else None,
            )
            _introduce(handover, intake, contact)
            _log(handover, "loket.partners.handed_over", by, intake=intake.pk, tier=handover.tier)
            schedule_follow_up(
                kind=str(FollowUpKind.HANDOVER),
                source_key=f"intake:{intake.pk}",
                site=handover.site,
                intake=intake,
                handover=handover,
                responsible=by,
                start=now,
            )
    except IntegrityError as error:
        raise PartnerError(_("Deze aanvraag is al overgedragen."), "state") from error
    return handover


def handover_from_token(token: Any) -> Handover:
    pk = Handover.pk_from_token(token)
    handover = (
        Handover.objects.select_related("intake").filter(pk=pk).first() if pk is not None else None
    )
    if handover is None:
        raise PartnerError(
            _("Deze link klopt niet (meer). Gebruik de link uit de introductiemail."), "token"
        )
    if handover.intake.erased_at is not None:
        raise PartnerError(_("Deze overdracht bestaat niet meer."), "token")
    return handover


def link_expired(handover: Handover, now: datetime | None = None) -> bool:
    """An unconfirmed link stops working ``CONFIRM_LINK_DAYS`` after the handover: by then the
    desk called the partner itself, and an old mail should not change the record."""
    now = now or timezone.now()
    return handover.confirmed_at is None and now > handover.created_at + timedelta(
        days=CONFIRM_LINK_DAYS
    )


def confirm(token: Any) -> tuple[Handover, bool]:
    """The partner confirms contact through their link; ``(handover, newly_confirmed)``."""
    handover = handover_from_token(token)
    if handover.reply_due_at is None:
        raise PartnerError(_("Voor deze overdracht hoeft niets bevestigd te worden."), "token")
    if link_expired(handover):
        raise PartnerError(_("Deze link is verlopen. Bel of mail het loket even."), "expired")
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        if locked.confirmed_at is not None:
            return locked, False
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
        _log(locked, "loket.partners.confirmed", None)
    # Now the entrepreneur can say how the handover went (one question per handover).
    ask_after_handover(locked)
    return locked, True


def alert_unconfirmed(now: datetime | None = None) -> int:
    """The desk hears of each SLA-handover still unconfirmed past its reply time, once.
    Safe to run twice: the mail's key and ``alerted_at`` both say it went."""
    now = now or timezone.now()
    late = (
        Handover.objects.awaiting_confirmation()
        .filter(alerted_at__isnull=True, reply_due_at__lt=now, tier=Tier.SLA)
        .select_related("created_by", "intake", "site")
    )
    sent = 0
    for handover in late:
        to = handover.created_by.email if handover.created_by else ""
        if not to:
            found = site_settings(handover.site)
            to = found.contact_email if found else ""
        if not to:
            continue
        with transaction.atomic():
            if not Handover.objects.filter(pk=handover.pk, alerted_at__isnull=True).update(
                alerted_at=now
            ):
                continue
            queue_mail(
                to=to,
                template="partners_unconfirmed",
                context={
                    "first_name": (handover.created_by.first_name if handover.created_by else ""),
                    "handover": handover,
                    "entrepreneur_name": handover.intake.name,
                    "due": timezone.localtime(handover.reply_due_at),
                    "handle_url": _site_url()
                    + reverse(
                        "wagtailsnippets_intake_intakerequest:handle", args=[handover.intake_id]
                    ),
                },
                idempotency_key=f"handover-unconfirmed:{handover.pk}",
            )
            _log(handover, "loket.partners.unconfirmed_alert", None)
        sent += 1
    return sent
