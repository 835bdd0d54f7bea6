"""The ``seed_demo`` step of the events app: a year of realistic meetups across the themes.

Among them one full event with a waiting list, one online, one recurring series (every first
Tuesday) and one in the past with attendance. Idempotent: events are found by slug, and
registrations are only added to an event that has none.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Site

from loket.themes.models import Theme

from . import services
from .models import EventIndexPage, EventPage, EventSpeaker, Registration

INDEX_SLUG = "bijeenkomsten"


def _p(*paragraphs):
    return [{"type": "paragraph", "value": {"text": "".join(f"<p>{p}</p>" for p in paragraphs)}}]


def _speaker(name, role, title, profile):
    return {"name": name, "role": role, "title": title, "profile": profile}


HOSTS = {
    "linda": _speaker(
        "Linda Verhoeven",
        "gastheer",
        "communitymanager bij het Ondernemersloket",
        "Linda kent de regio en zijn ondernemers; ze zorgt dat iedereen aan het woord komt.",
    ),
    "mark": _speaker(
        "Mark Hoekstra",
        "expert",
        "financieel adviseur, 20 jaar mkb-ervaring",
        "Mark helpt ondernemers hun cijfers te lezen en er keuzes op te baseren.",
    ),
    "yasmina": _speaker(
        "Yasmina Bouali",
        "ondernemer",
        "eigenaar van een schoonmaakbedrijf met 38 medewerkers",
        "Yasmina bouwde haar bedrijf op van twee naar 38 mensen en vertelt eerlijk wat "
        "daarbij misging.",
    ),
    "erik": _speaker(
        "Erik van Leeuwen",
        "spreker",
        "arbeidsjurist",
        "Erik vertaalt nieuwe regels naar wat je maandag anders moet doen.",
    ),
}

# (slug, title, themes, type, format, place, days ahead, start hour, hours, capacity, price,
#  intro, body, hosts)
EVENTS = [
    (
        "grip-op-je-cashflow",
        "Grip op je cashflow",
        ["financien"],
        "thematisch",
        "fysiek",
        "utrecht",
        12,
        16,
        2,
        25,
        "0",
        "Ondernemers laten zien hoe zij maand voor maand zicht houden op hun geld.",
        _p(
            "Drie ondernemers nemen hun eigen liquiditeitsplanning mee. Geen theorie, wel "
            "spreadsheets, valkuilen en wat het ze opleverde.",
            "Daarna ga je in kleine groepjes aan de slag met je eigen cijfers.",
        ),
        ["linda", "mark"],
    ),
    (
        "personeel-vinden-en-houden",
        "Personeel vinden én houden",
        ["personeelszaken"],
        "workshop",
        "fysiek",
        "amersfoort",
        20,
        9,
        3,
        4,
        "45",
        "Een kleine workshop over werven, inwerken en binden, met ondernemers die het "
        "voor elkaar kregen.",
        _p(
            "Vacatures blijven open staan en goede mensen vertrekken. In deze workshop met "
            "een kleine groep deel je wat werkt en wat niet.",
        ),
        ["yasmina", "linda"],
    ),
    (
        "webinar-e-facturatie",
        "Webinar: digitaal factureren zonder gedoe",
        ["digitalisering"],
        "seminar",
        "online",
        "",
        27,
        12,
        1,
        200,
        "0",
        "In een lunchuur zie je hoe je facturen automatisch verstuurt en sneller betaald krijgt.",
        _p(
            "Een ondernemer en een boekhouder laten live zien hoe zij hun facturatie "
            "inrichtten. Stel je vragen in de chat.",
        ),
        ["mark"],
    ),
    (
        "nieuwe-regels-arbeidsrecht",
        "Wat verandert er in het arbeidsrecht?",
        ["wet-en-regelgeving", "personeelszaken"],
        "seminar",
        "hybride",
        "utrecht",
        41,
        15,
        2,
        60,
        "25",
        "De belangrijkste nieuwe regels voor werkgevers, vertaald naar wat je nu moet regelen.",
        _p("Erik van Leeuwen loopt de wijzigingen door; daarna is er ruim tijd voor vragen."),
        ["erik"],
    ),
    (
        "financiering-voor-groei",
        "Financiering voor groei: bank, krediet of crowdfunding?",
        ["financiering"],
        "thematisch",
        "fysiek",
        "nieuwegein",
        55,
        16,
        2,
        30,
        "0",
        "Ondernemers vertellen welke financiering bij hun groeiplan paste, en waarom.",
        _p("Van bankkrediet tot kredietunie: hoor wat anderen kozen en waar ze op letten."),
        ["mark", "linda"],
    ),
    (
        "businessborrel-zeist",
        "Businessborrel Zeist",
        ["marketing"],
        "businessborrel",
        "fysiek",
        "zeist",
        63,
        17,
        2,
        80,
        "0",
        "Ontmoet ondernemers uit de regio, zonder programma en zonder verkooppraatjes.",
        _p("Loop binnen wanneer het je uitkomt. Er is een drankje en een hapje."),
        ["linda"],
    ),
    (
        "ondernemen-in-zwaar-weer",
        "Ondernemen in zwaar weer: je staat er niet alleen voor",
        ["ondernemen-in-zwaar-weer", "financien"],
        "thematisch",
        "fysiek",
        "utrecht",
        84,
        19,
        2,
        20,
        "0",
        "Een vertrouwelijke avond voor ondernemers die het zwaar hebben, met ervaringen "
        "van wie het overwon.",
        _p(
            "Wat besproken wordt, blijft in de zaal. Je hoort hoe anderen de weg terug "
            "vonden en waar je terechtkunt voor hulp.",
        ),
        ["yasmina", "linda"],
    ),
    (
        "duurzaam-ondernemen-in-de-praktijk",
        "Duurzaam ondernemen in de praktijk",
        ["duurzaamheid"],
        "workshop",
        "fysiek",
        "houten",
        104,
        14,
        3,
        24,
        "35",
        "Kleine stappen met groot effect: ondernemers delen hoe ze energie en afval terugbrachten.",
        _p("Je gaat naar huis met drie maatregelen die je deze maand kunt nemen."),
        ["linda"],
    ),
    (
        "over-de-grens",
        "Over de grens: je eerste klanten in Duitsland",
        ["internationaal-ondernemen"],
        "seminar",
        "hybride",
        "utrecht",
        131,
        15,
        2,
        50,
        "25",
        "Twee ondernemers vertellen hoe ze hun eerste Duitse klanten vonden.",
        _p("Over taal, cultuur, btw en betalingen: wat ze vooraf hadden willen weten."),
        ["mark"],
    ),
    (
        "je-bedrijf-overdragen",
        "Je bedrijf overdragen: begin op tijd",
        ["bedrijfsovername-en-stoppen"],
        "thematisch",
        "fysiek",
        "veenendaal",
        166,
        16,
        2,
        30,
        "0",
        "Ondernemers die hun bedrijf verkochten of overdroegen, vertellen hoe ze dat aanpakten.",
        _p("Over waardering, opvolging in de familie en het moment van loslaten."),
        ["linda", "mark"],
    ),
    (
        "marketing-met-een-klein-budget",
        "Marketing met een klein budget",
        ["marketing", "digitalisering"],
        "workshop",
        "fysiek",
        "woerden",
        199,
        9,
        3,
        20,
        "45",
        "Wat werkt er écht voor een mkb-bedrijf? Ondernemers delen hun beste en slechtste "
        "campagnes.",
        _p("Neem je eigen website of folder mee: we kijken er samen naar."),
        ["yasmina"],
    ),
    (
        "netwerkavond-jonge-ondernemers",
        "Netwerkavond: de eerste vijf jaar",
        ["financien", "marketing"],
        "netwerk",
        "fysiek",
        "utrecht",
        250,
        19,
        2,
        60,
        "0",
        "Voor ondernemers in hun eerste jaren: vragen stellen aan wie je net voor was.",
        _p("Aan tafels per thema schuif je aan bij ondernemers met een paar jaar voorsprong."),
        ["linda"],
    ),
    (
        "jaarplan-maken",
        "Je jaarplan in één middag",
        ["financien"],
        "workshop",
        "fysiek",
        "amersfoort",
        320,
        13,
        4,
        20,
        "45",
        "Met andere ondernemers je plannen voor het komende jaar op papier zetten.",
        _p("Je werkt aan je eigen plan en krijgt feedback van ondernemers uit andere sectoren."),
        ["mark", "linda"],
    ),
]

SERIES = (
    "ondernemerscafe-amersfoort",
    "Ondernemerscafé Amersfoort",
    ["financien", "personeelszaken", "marketing"],
    "netwerk",
    "fysiek",
    "amersfoort",
)

PAST = (
    "financieren-zonder-bank",
    "Financieren zonder bank",
    ["financiering"],
    "thematisch",
    "fysiek",
    "utrecht",
    -21,
    16,
    2,
    25,
    "0",
    "Ondernemers vertelden hoe zij groei financierden met leasing, factoring en een kredietunie.",
    _p("Een volle zaal en goede gesprekken; het verslag staat binnenkort op de site."),
    ["mark"],
)

VENUES = {
    "utrecht": ("Het Ondernemershuis", "Stationsplein 45, 3511 ED", "Utrecht"),
    "amersfoort": ("De Prodentfabriek", "Kleine Koppel 40, 3812 PH", "Amersfoort"),
    "nieuwegein": ("Businesscentrum Nieuwegein", "Archimedesbaan 16, 3439 ME", "Nieuwegein"),
    "zeist": ("Landgoed Den Breul", "Amersfoortseweg 20, 3705 GM", "Zeist"),
    "houten": ("Het Rond", "Het Rond 1, 3995 DN", "Houten"),
    "veenendaal": ("Ondernemershuis Foodvalley", "Kerkewijk 63, 3901 EC", "Veenendaal"),
    "woerden": ("Werkplaats Woerden", "Rembrandtlaan 4, 3443 AB", "Woerden"),
}


def index_page(ctx):
    """The agenda under the region's home (``ctx.home``), made when missing."""
    home = ctx.home
    if home is None:
        site = Site.objects.filter(is_default_site=True).first()
        home = site.root_page if site else None
    if home is None:
        return None
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = EventIndexPage(
            title="Bijeenkomsten",
            slug=INDEX_SLUG,
            intro="Thematische bijeenkomsten, workshops en borrels: ontmoet ondernemers die "
            "hetzelfde meemaken als jij.",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision(log_action=False).publish(log_action=False)
        ctx.count("pagina's")
    return index


def _start(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _event(ctx, index, definition, *, start=None):
    (
        slug,
        title,
        theme_slugs,
        kind,
        form,
        place,
        days,
        hour,
        hours,
        capacity,
        price,
        intro,
        body,
        hosts,
    ) = definition
    existing = EventPage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    start = start or _start(days, hour)
    venue = VENUES.get(place, ("", "", ""))
    event = EventPage(
        title=title,
        slug=slug,
        intro=intro,
        body=body,
        start=start,
        end=start + timedelta(hours=hours),
        event_type=kind,
        format=form,
        region="utrecht" if form != "online" else "",
        venue_name=venue[0] if form != "online" else "",
        venue_address=venue[1] if form != "online" else "",
        municipality=venue[2] if form != "online" else "",
        online_url="https://meet.ondernemersloket.nl/" + slug if form != "fysiek" else "",
        capacity=capacity,
        price=Decimal(price),
        reduced_price=Decimal("0") if Decimal(price) else None,
        reduced_price_condition="voor ondernemers in zwaar weer" if Decimal(price) else "",
        # Seminars can be paid with Tip een ander credits too.
        credits_price=20 if kind == "seminar" else 0,
    )
    for host in hosts:
        event.speakers.add(_speaker_row(HOSTS[host]))
    index.add_child(instance=event)
    event.themes.set(Theme.objects.filter(slug__in=theme_slugs))
    event.save_revision(log_action=False).publish(log_action=False)
    ctx.count("bijeenkomsten")
    return EventPage.objects.get(pk=event.pk), True


def _speaker_row(data):
    return EventSpeaker(**data)


def _members():
    User = get_user_model()
    return list(User.objects.filter(is_staff=False, is_active=True).order_by("pk")[:6])


def _register(event, users, *, status, checked_in=False, answers=()):
    now = timezone.now()
    for i, user in enumerate(users):
        Registration.objects.create(
            event=event,
            user=user,
            status=status,
            created_at=min(now, event.start) - timedelta(days=10, minutes=len(users) - i),
            confirmed_at=now if status == Registration.Status.CONFIRMED else None,
            answer=answers[i] if i < len(answers) else "",
            checked_in_at=event.start + timedelta(minutes=5) if checked_in else None,
        )


ANSWERS = [
    "Hoe houden jullie overzicht als er veel tegelijk binnenkomt?",
    "Ik wil horen hoe anderen met een seizoensdip omgaan.",
    "Welke software gebruiken jullie?",
    "Hoe vind je een goede adviseur?",
]


def seed_events(ctx):
    index = index_page(ctx)
    if index is None:
        ctx.note("Bijeenkomsten overgeslagen: er is nog geen homepagina.")
        return
    for definition in EVENTS:
        _event(ctx, index, definition)

    # The recurring series: every first Tuesday of the month, six times.
    first_tuesday = _first_weekday_from(timezone.localdate() + timedelta(days=7), 1)
    series_definition = (
        *SERIES,
        0,
        19,
        2,
        30,
        "0",
        "Elke eerste dinsdag van de maand: koffie, een korte pitch en vooral elkaar spreken.",
        _p("Schuif aan, stel je vraag aan de groep en ga naar huis met nieuwe contacten."),
        ["linda"],
    )
    start = timezone.make_aware(datetime.combine(first_tuesday, time(19)))
    series_event, created = _event(ctx, index, series_definition, start=start)
    if created:
        ctx.count(
            "bijeenkomsten", len(services.create_series(series_event, rule="monthly", count=6))
        )

    past, _created = _event(ctx, index, PAST)
    members = _members()
    if members and not past.registrations.exists():
        _register(past, members[:5], status=Registration.Status.CONFIRMED, answers=ANSWERS)
        Registration.objects.filter(event=past, user__in=members[:4]).update(
            checked_in_at=past.start + timedelta(minutes=7)
        )

    full = EventPage.objects.child_of(index).filter(slug="personeel-vinden-en-houden").first()
    if full is not None and len(members) >= 6 and not full.registrations.exists():
        _register(full, members[:4], status=Registration.Status.CONFIRMED, answers=ANSWERS)
        _register(full, members[4:6], status=Registration.Status.WAITING)

    cashflow = EventPage.objects.child_of(index).filter(slug="grip-op-je-cashflow").first()
    if cashflow is not None and members and not cashflow.registrations.exists():
        _register(cashflow, members[:3], status=Registration.Status.CONFIRMED, answers=ANSWERS)

    total = EventPage.objects.child_of(index).count()
    ctx.note(f"Agenda op /{INDEX_SLUG}/ met {total} bijeenkomsten.")


def _first_weekday_from(day, weekday):
    """The first ``weekday`` (0 = Monday) that is the first of its kind in a month, on or
    after ``day``."""
    while True:
        if day.weekday() == weekday and day.day <= 7:
            return day
        day += timedelta(days=1)
