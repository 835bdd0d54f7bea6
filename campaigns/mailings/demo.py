"""The ``seed_demo`` step of mailings: the launch teaser of "Een kritische blik", sent, and the
invitation to the first meetup, scheduled.

Idempotent: each mailing is found by its subject and made only when missing. The campaign is
looked up by its code (made by the campaign step at order 500); without it the mailings are made
without a campaign. The sample members get mailing consent, so the teaser has an audience.
"""

from datetime import timedelta

from django.utils import timezone

from campaigns.pages import CampaignPage
from loket.accounts.models import Profile
from loket.accounts.services import set_newsletter_subscription

from . import services
from .blocks import absolute_url
from .models import Mailing, MailingStatus

CAMPAIGN_CODE = "een-kritische-blik"
TEASER_SUBJECT = "[voornaam], waarom kan ik je online niet vinden?"
INVITATION_SUBJECT = "Kom ook: Een kritische blik op je bedrijf, met ondernemers zoals jij"

TEASER_BODY = [
    ("heading", {"heading": "Waarom kan ik je online niet vinden?"}),
    (
        "text",
        {
            "text": (
                "<p>Die vraag stelde een klant aan Sanne, eigenaar van een bakkerij met veertien "
                "mensen. Ze had er geen antwoord op. Twee weken later zat ze met vijf andere "
                "ondernemers aan tafel, en ging ze naar huis met drie dingen die ze de volgende "
                "ochtend kon doen.</p>"
                "<p>Dat is <b>Een kritische blik</b>: ondernemers die eerlijk naar elkaars bedrijf "
                "kijken. Geen verkooppraatje, wel vragen die je jezelf niet stelt.</p>"
            )
        },
    ),
    (
        "text",
        {
            "text": (
                "<p>Ook benieuwd hoe [bedrijfsnaam] ervoor staat? Vraag een gratis "
                "intakegesprek aan. Binnen een week hoor je van ons.</p>"
            )
        },
    ),
    ("button", {"label": "Vraag een gratis intakegesprek aan", "page": None, "url": ""}),
]

INVITATION_BODY = [
    ("heading", {"heading": "Een avond lang een kritische blik op je bedrijf"}),
    (
        "text",
        {
            "text": (
                "<p>Hoi [voornaam], je kreeg vorige week de vraag die veel ondernemers wakker "
                "houdt. Nu nodigen we je uit voor de eerste bijeenkomst van de campagne: "
                "vijf ondernemers, één begeleider, en jouw bedrijf op tafel.</p>"
                "<ul><li>Je vertelt in tien minuten waar je tegenaan loopt.</li>"
                "<li>De anderen stellen vragen en geven eerlijk advies.</li>"
                "<li>Je gaat naar huis met drie concrete stappen.</li></ul>"
            )
        },
    ),
    ("button", {"label": "Bekijk de agenda", "page": None, "url": ""}),
]


def _site_url(path):
    return absolute_url(path)


def _body(blocks, campaign):
    link = _site_url(campaign.url) if campaign is not None and campaign.url else ""
    result = []
    for kind, value in blocks:
        value = dict(value)
        if kind == "button":
            if value["label"].startswith("Vraag"):
                value["url"] = link or _site_url("/gesprek-aanvragen/")
            else:
                value["url"] = _site_url("/bijeenkomsten/")
        result.append((kind, value))
    return result


def _give_consent():
    profiles = Profile.objects.select_related("user").filter(
        user__email__endswith="@example.com", user__email_verified=True, newsletter=False
    )
    for profile in profiles:
        profile.newsletter = True
        profile.save(update_fields=["newsletter", "updated_at"])
        set_newsletter_subscription(profile.user, True)


def seed_mailings(ctx):
    campaign = CampaignPage.objects.filter(code=CAMPAIGN_CODE).first()
    if campaign is None:
        ctx.note("Mailings: campagne 'een-kritische-blik' niet gevonden; mailings zonder campagne.")
    _give_consent()

    teaser = Mailing.objects.filter(subject=TEASER_SUBJECT).first()
    if teaser is None:
        teaser = Mailing.objects.create(
            site=ctx.site,
            campaign=campaign,
            subject=TEASER_SUBJECT,
            preheader="Een vraag die veel ondernemers wakker houdt, en wat je eraan doet.",
            body=_body(TEASER_BODY, campaign),
        )
        ctx.count("mailings")
    if teaser.status == MailingStatus.CONCEPT:
        try:
            services.schedule(teaser)
        except services.MailingError as error:
            ctx.note(f"Mailings: teaser niet verstuurd: {error.message}")
        else:
            # Without a broker the tasks ran already; with one the worker does this.
            services.start_sending(teaser.pk)
            while services.send_batch(teaser.pk):
                pass

    invitation = Mailing.objects.filter(subject=INVITATION_SUBJECT).first()
    if invitation is None:
        invitation = Mailing.objects.create(
            site=ctx.site,
            campaign=campaign,
            subject=INVITATION_SUBJECT,
            preheader="Vijf ondernemers, één begeleider en jouw bedrijf op tafel.",
            body=_body(INVITATION_BODY, campaign),
        )
        ctx.count("mailings")
    if invitation.status == MailingStatus.CONCEPT:
        try:
            services.schedule(invitation, timezone.now() + timedelta(days=7))
        except services.MailingError as error:
            ctx.note(f"Mailings: uitnodiging niet ingepland: {error.message}")
    teaser.refresh_from_db()
    ctx.note(
        f"Mailings: teaser {teaser.get_status_display().lower()} "
        f"({teaser.sent_count} ontvangers), uitnodiging ingepland."
    )
