"""The ``seed_demo`` step of the campaign pages: ``/campagnes/`` with three campaigns.

The launch campaign "Een kritische blik" uses every block type and a limited offer of 50 places;
"Samen sterker: tip een ander" is the word-of-mouth campaign; one older campaign has ended.
Idempotent: the index is found by slug, campaigns by their unique code, the offer by its key.
"""

from datetime import timedelta
from io import BytesIO
from uuid import uuid4

from PIL import Image as PILImage
from PIL import ImageDraw

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from wagtail.images import get_image_model

from events.models import EventIndexPage
from loket.themes.models import Theme
from testimonials.models import Ambassador

from .offers import LimitedOffer
from .pages import (
    CampaignIndexPage,
    CampaignKind,
    CampaignPage,
    Phase,
    national_campaign_index,
)

LAUNCH_CODE = "een-kritische-blik"
WORD_OF_MOUTH_CODE = "tip-een-ander-najaar"
ENDED_CODE = "voorjaarsronde-cashflow"
OFFER_KEY = "gesprek-bekende-ondernemer"


def _block(kind, phase, **value):
    return {"type": kind, "value": {"phase": phase, **value}}


def launch_body(*, theme=None, ambassador=None, offer=None, cta_page=None):
    """Every block type, in the order of the four phases; also used by tests and benchmarks."""
    body = [
        _block(
            "hero",
            Phase.MAKE_KNOWN,
            question="Waarom kan ik je online niet vinden?",
            text=(
                "Je bent goed in je vak, maar klanten zoeken je op hun telefoon. Een kritische "
                "blik van een collega-ondernemer laat in een uur zien wat je zelf over het hoofd "
                "ziet."
            ),
            image=None,
            button_label="Vraag een gratis gesprek aan",
            page=None,
            url="#gesprek",
        ),
        _block(
            "teaser",
            Phase.MAKE_KNOWN,
            heading="Een kritische blik, van iemand die het zelf meemaakt",
            text=(
                "<p>Negen van de tien ondernemers die bij ons aankloppen, hebben een prima "
                "bedrijf. Ze missen alleen iemand die eerlijk zegt wat een klant ziet. Dat doen "
                "wij: gratis, zonder verkooppraatje, met ondernemers uit je eigen regio.</p>"
            ),
        ),
        _block(
            "testimonials",
            Phase.INFORM,
            heading="Ondernemers die je voorgingen",
            source="theme" if theme else "latest",
            experiences=[],
            theme=theme.pk if theme else None,
            count=3,
        ),
        _block(
            "events",
            Phase.INFORM,
            heading="Kom naar een bijeenkomst",
            theme=theme.pk if theme else None,
            count=3,
        ),
        _block(
            "faq",
            Phase.INFORM,
            heading="Veelgestelde vragen",
            items=[
                {
                    "type": "item",
                    "id": str(uuid4()),
                    "value": {
                        "question": "Wat kost een intakegesprek?",
                        "answer": "Niets. Het Ondernemersloket is er voor ondernemers in de "
                        "regio en wordt betaald door de gemeenten en de provincie.",
                    },
                },
                {
                    "type": "item",
                    "id": str(uuid4()),
                    "value": {
                        "question": "Met wie praat ik?",
                        "answer": "Met een adviseur van het loket, en als je wilt met een "
                        "ondernemer die hetzelfde heeft meegemaakt.",
                    },
                },
                {
                    "type": "item",
                    "id": str(uuid4()),
                    "value": {
                        "question": "Is mijn bedrijf niet te klein?",
                        "answer": "Nee. We richten ons op bedrijven met 5 tot 50 medewerkers, "
                        "maar iedere ondernemer is welkom.",
                    },
                },
            ],
        ),
    ]
    if ambassador is not None:
        body.append(_block("ambassador", Phase.CONVINCE, ambassador=ambassador.pk, show_offer=True))
    if offer is not None:
        body.append(_block("offer", Phase.CONVINCE, offer=offer.pk, button_label="Claim je plek"))
    body += [
        _block(
            "intake",
            Phase.CONVINCE,
            heading="Vraag een gratis intakegesprek aan",
            text="Vertel in een paar zinnen waar je tegenaan loopt. We bellen je binnen twee "
            "werkdagen terug.",
            button_label="Gesprek aanvragen",
        ),
        _block(
            "scan",
            Phase.CONVINCE,
            heading="Doe de fitheidscan",
            text="Eerst zelf kijken waar je staat? In vijf minuten zie je je sterke punten en "
            "welke ondernemers je verder helpen. Zonder account.",
            button_label="Start de scan",
        ),
        _block(
            "communities",
            Phase.CONVINCE,
            heading="Sluit je aan bij ondernemers zoals jij",
            text="In een community deel je vragen en tips met ondernemers uit je eigen sector.",
            theme=theme.pk if theme else None,
            count=3,
        ),
        _block(
            "signup",
            Phase.CONVINCE,
            heading="Word gratis lid",
            text="Met een account meld je je aan voor bijeenkomsten en praat je mee in de "
            "communities.",
            button_label="Aanmelden",
        ),
        _block(
            "tip",
            Phase.WORD_OF_MOUTH,
            heading="Ken jij een ondernemer die dit moet horen?",
            text="Tip een collega-ondernemer. Doet die mee, dan krijg je credits voor een "
            "gratis seminar.",
        ),
    ]
    if cta_page is not None:
        body.append(
            _block(
                "cta",
                Phase.WORD_OF_MOUTH,
                heading="Nog even rondkijken?",
                text="In de agenda staan de bijeenkomsten van de komende maanden.",
                page=cta_page.pk,
                url="",
                button_label="Bekijk de agenda",
            )
        )
    return body


def word_of_mouth_body(*, cta_page=None):
    body = [
        _block(
            "hero",
            Phase.WORD_OF_MOUTH,
            question="Wie ken jij die er alleen voor staat?",
            text="Elke ondernemer kent er wel een: iemand die hard werkt en nergens mee kan "
            "sparren. Tip hem of haar het Ondernemersloket.",
            image=None,
            button_label="Tip een ander",
            page=None,
            url="#tip-een-ander",
        ),
        _block(
            "teaser",
            Phase.WORD_OF_MOUTH,
            heading="Samen sterker",
            text="<p>Ondernemers leren het meest van elkaar. Daarom vragen we jou: wie zou er "
            "baat bij hebben? Eén tip is genoeg, wij doen de rest.</p>",
        ),
        _block("tip", Phase.WORD_OF_MOUTH, heading="Tip een ondernemer die je kent", text=""),
        _block(
            "testimonials",
            Phase.CONVINCE,
            heading="Zo begon het voor hen",
            source="latest",
            experiences=[],
            theme=None,
            count=3,
        ),
        _block(
            "faq",
            Phase.INFORM,
            heading="Vragen over tippen",
            items=[
                {
                    "type": "item",
                    "id": str(uuid4()),
                    "value": {
                        "question": "Krijgt mijn collega veel mail?",
                        "answer": "Nee, één mail namens jou. Wie niet reageert, horen we niet "
                        "meer van.",
                    },
                },
                {
                    "type": "item",
                    "id": str(uuid4()),
                    "value": {
                        "question": "Wat levert het mij op?",
                        "answer": "Doet je collega mee aan een bijeenkomst, dan krijg je credits "
                        "voor een gratis seminar of een gesprek met een bekende ondernemer.",
                    },
                },
            ],
        ),
    ]
    if cta_page is not None:
        body.append(
            _block(
                "cta",
                Phase.CONVINCE,
                heading="Zelf ook weer eens langskomen?",
                text="De agenda staat vol met bijeenkomsten rond de thema's die jij kiest.",
                page=cta_page.pk,
                url="",
                button_label="Naar de agenda",
            )
        )
    return body


def social_image(title, colour=(29, 92, 99)):
    """A plain 1200×630 sharing image in the desk's colours (the demo ships no photos)."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    canvas = PILImage.new("RGB", (1200, 630), colour)
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((760, 150, 1090, 480), fill=(242, 183, 5))
    draw.ellipse((560, 150, 890, 480), fill=(255, 255, 255))
    buffer = BytesIO()
    canvas.save(buffer, format="PNG")
    slug = title.lower().replace(" ", "-").replace(":", "")
    image = Image(title=title, file=ImageFile(buffer, name=f"{slug}.png"))
    image.save()
    return image


def _publish(page):
    page.save_revision(log_action=False).publish(log_action=False)


def _agenda():
    return EventIndexPage.objects.live().first()


def index_page(ctx):
    """The campaigns index under the region's home (``ctx.home``), made when missing."""
    index = CampaignIndexPage.objects.child_of(ctx.home).first()
    if index is None:
        index = CampaignIndexPage(
            title="Campagnes",
            slug="campagnes",
            show_in_menus=False,
            intro=(
                "Af en toe zetten we een vraag extra in de schijnwerpers, samen met "
                "ondernemers die het zelf hebben meegemaakt. Hier vind je wat er nu loopt: "
                "doe mee, kom langs of tip een collega."
            ),
            search_description="De campagnes van het Ondernemersloket die nu lopen.",
        )
        ctx.home.add_child(instance=index)
        _publish(index)
        ctx.count("pagina's")
    return index


def seed_campaign_pages(ctx):
    if ctx.home is None:
        ctx.note("Campagnes overgeslagen: er is geen homepagina.")
        return
    if CampaignPage.objects.filter(code=LAUNCH_CODE).exists():
        ctx.note("Campagnes: bestaan al (/campagnes/).")
        return

    now = timezone.now()
    theme = Theme.objects.filter(slug="marketing").first() or Theme.objects.first()
    agenda = _agenda()
    with transaction.atomic():
        index = index_page(ctx)

        launch = CampaignPage(
            title="Een kritische blik",
            slug="een-kritische-blik",
            code=LAUNCH_CODE,
            kind=CampaignKind.LAUNCH,
            theme=theme,
            intro=(
                "Waarom kan ik je online niet vinden? Een gratis, eerlijke blik op je bedrijf "
                "van ondernemers die het zelf hebben meegemaakt."
            ),
            starts_at=now - timedelta(days=7),
            ends_at=now + timedelta(days=60),
            og_title="Waarom kan ik je online niet vinden?",
            og_description=(
                "Een gratis, kritische blik op je bedrijf van collega-ondernemers. De eerste 50 "
                "aanmelders spreken een bekende ondernemer."
            ),
            social_image=social_image("Campagne: Een kritische blik"),
            search_description="De lanceringscampagne van het Ondernemersloket.",
        )
        index.add_child(instance=launch)
        offer = LimitedOffer.objects.create(
            campaign=launch,
            key=OFFER_KEY,
            title="De eerste 50 aanmelders spreken een bekende ondernemer",
            description=(
                "Een uur sparren met een van onze ambassadeurs, bij hen op de zaak of online. "
                "Claim je plek: op is op."
            ),
            total=50,
        )
        launch.body = launch_body(
            theme=theme,
            ambassador=Ambassador.objects.public().first(),
            offer=offer,
            cta_page=agenda,
        )
        _publish(launch)

        word_of_mouth = CampaignPage(
            title="Samen sterker: tip een ander",
            slug="samen-sterker",
            code=WORD_OF_MOUTH_CODE,
            kind=CampaignKind.WORD_OF_MOUTH,
            intro="Ken jij een ondernemer die er alleen voor staat? Eén tip kan het verschil "
            "maken.",
            starts_at=now - timedelta(days=2),
            ends_at=now + timedelta(days=90),
            og_title="Samen sterker: tip een ondernemer die je kent",
            og_description="Tip een collega-ondernemer het Ondernemersloket en verdien credits.",
            social_image=social_image("Campagne: Samen sterker", colour=(31, 95, 168)),
            body=word_of_mouth_body(cta_page=agenda),
        )
        index.add_child(instance=word_of_mouth)
        _publish(word_of_mouth)

        ended = CampaignPage(
            title="Voorjaarsronde: grip op je cashflow",
            slug="voorjaarsronde-cashflow",
            code=ENDED_CODE,
            kind=CampaignKind.THEME,
            theme=Theme.objects.filter(slug="financien").first(),
            intro="Een voorjaar lang stonden cashflow en liquiditeit centraal.",
            starts_at=now - timedelta(days=150),
            ends_at=now - timedelta(days=60),
            ended_message=(
                "De voorjaarsronde over cashflow is voorbij. Dank aan de ruim zestig ondernemers "
                "die meededen! Wil je toch sparren over je cijfers? De lanceringscampagne loopt "
                "nu."
            ),
            next_page=launch,
            body=[
                _block(
                    "teaser",
                    Phase.INFORM,
                    heading="Grip op je cashflow",
                    text="<p>Ondernemers vertelden hoe zij hun cashflow op orde kregen.</p>",
                )
            ],
        )
        index.add_child(instance=ended)
        _publish(ended)
    ctx.count("campagnes", 3)
    ctx.note(
        "Campagnes: /campagnes/ met 'Een kritische blik' (beperkt aanbod van 50), "
        "'Samen sterker' en een afgelopen campagne."
    )


NATIONAL_CODE = "zwaar-weer"


def national_body(theme):
    """The national campaign: every block that shows the visiting region's own data."""
    theme_id = theme.pk if theme else None
    return [
        _block(
            "hero",
            Phase.MAKE_KNOWN,
            question="Loopt het even niet zoals je wilt?",
            text=(
                "Minder klanten, hogere kosten, een lening die knelt. Je bent niet de enige: "
                "praat met ondernemers uit je eigen regio die er samen uitkwamen."
            ),
            image=None,
            button_label="Vraag een gratis gesprek aan",
            page=None,
            url="#gesprek",
        ),
        _block(
            "events",
            Phase.INFORM,
            heading="Bijeenkomsten bij jouw loket",
            theme=theme_id,
            count=3,
        ),
        _block(
            "communities",
            Phase.CONVINCE,
            heading="Praat mee met ondernemers uit je regio",
            text="Stel je vraag aan collega's die het zelf hebben meegemaakt.",
            theme=theme_id,
            count=3,
        ),
        _block(
            "intake",
            Phase.CONVINCE,
            heading="Vraag een gratis gesprek aan bij je loket",
            text="Een adviseur van het loket in je eigen regio belt je binnen twee werkdagen.",
            button_label="Gesprek aanvragen",
        ),
        _block(
            "signup",
            Phase.CONVINCE,
            heading="Word gratis lid",
            text="Met een account meld je je aan voor bijeenkomsten bij jouw loket.",
            button_label="Aanmelden",
        ),
        _block(
            "tip",
            Phase.WORD_OF_MOUTH,
            heading="Ken je een ondernemer die het zwaar heeft?",
            text="Eén tip kan het verschil maken.",
        ),
    ]


def seed_national_campaign(ctx):
    """One national campaign, under the national index: every region's /campagnes/ shows it
    with its own events, communities and desk."""
    if CampaignPage.objects.filter(code=NATIONAL_CODE).exists():
        ctx.note("Landelijke campagne: bestaat al (/campagnes/zwaar-weer/ op elke regio).")
        return
    theme = Theme.objects.filter(slug="ondernemen-in-zwaar-weer").first()
    with transaction.atomic():
        index = national_campaign_index()
        campaign = CampaignPage(
            title="Ondernemen in zwaar weer",
            slug="zwaar-weer",
            code=NATIONAL_CODE,
            kind=CampaignKind.THEME,
            theme=theme,
            intro=(
                "Een landelijke campagne van alle Ondernemersloketten: op tijd bijsturen, "
                "samen met ondernemers uit je eigen regio."
            ),
            starts_at=timezone.now() - timedelta(days=3),
            ends_at=timezone.now() + timedelta(days=75),
            og_title="Loopt het even niet zoals je wilt?",
            og_description="Praat met ondernemers uit je regio die er samen uitkwamen.",
            search_description="De landelijke campagne 'Ondernemen in zwaar weer'.",
            body=national_body(theme),
        )
        index.add_child(instance=campaign)
        _publish(campaign)
    ctx.count("campagnes")
    ctx.note(
        "Landelijke campagne: 'Ondernemen in zwaar weer' op /campagnes/zwaar-weer/ van elke "
        "regio, met de bijeenkomsten en communities van die regio."
    )
