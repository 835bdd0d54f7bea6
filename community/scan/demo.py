"""The scan's ``seed_demo`` step and the page every region gets: a published fitheidscan with
real Dutch questions across six themes and the phase of the business, and demo results."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from loket.themes.models import Theme

from .choices import Phase
from .models import ScanPage, ScanResult
from .models.pages import MIN_QUESTIONS
from .services import current_version, record_result

SLUG = "fitheidscan"

# (theme slug, question, weight, [(answer, score), ...])
QUESTIONS = [
    (
        "financien",
        "Hoe goed weet je hoe je bedrijf er financieel voor staat?",
        2,
        [
            ("Ik kijk pas naar de cijfers als de boekhouder belt", 0),
            ("Eén keer per jaar, bij de jaarrekening", 1),
            ("Elk kwartaal bekijk ik omzet, marge en kosten", 3),
            ("Elke maand, en ik stuur bij op basis van de cijfers", 4),
        ],
    ),
    (
        "financien",
        "Weet je hoeveel geld je de komende drie maanden binnenkrijgt en uitgeeft?",
        1,
        [
            ("Nee, dat zie ik wel als het zover is", 0),
            ("Ongeveer, uit mijn hoofd", 1),
            ("Ja, ik houd een eenvoudige planning bij", 3),
            ("Ja, met een liquiditeitsbegroting die ik bijwerk", 4),
        ],
    ),
    (
        "marketing",
        "Weet je waarom klanten voor jou kiezen en niet voor een ander?",
        2,
        [
            ("Eerlijk gezegd niet", 0),
            ("Ik heb een vermoeden, maar nooit gevraagd", 1),
            ("Ja, dat hoor ik regelmatig van klanten", 3),
            ("Ja, en dat verhaal gebruik ik in alles wat ik laat zien", 4),
        ],
    ),
    (
        "marketing",
        "Hoe vinden nieuwe klanten je?",
        1,
        [
            ("Vooral toevallig of via één grote klant", 0),
            ("Via mond-tot-mondreclame, verder doe ik weinig", 1),
            ("Via een paar kanalen die ik bewust gebruik", 3),
            ("Via kanalen waarvan ik weet wat ze opleveren", 4),
        ],
    ),
    (
        "personeelszaken",
        "Lukt het je om goede mensen te vinden en te houden?",
        2,
        [
            ("Nee, vacatures blijven lang open en mensen vertrekken", 0),
            ("Het gaat moeizaam", 1),
            ("Meestal wel", 3),
            ("Ja, mensen komen graag en blijven", 4),
        ],
    ),
    (
        "personeelszaken",
        "Voer je met je medewerkers gesprekken over hun werk en ontwikkeling?",
        1,
        [
            ("Nee, daar komen we niet aan toe", 0),
            ("Alleen als er iets misgaat", 1),
            ("Eén keer per jaar", 3),
            ("Ja, regelmatig en met afspraken die we nakomen", 4),
        ],
    ),
    (
        "financiering",
        "Weet je waar je geld vandaan haalt voor je volgende stap?",
        2,
        [
            ("Nee, en ik weet niet waar ik moet beginnen", 0),
            ("Ik ken alleen mijn eigen bank", 1),
            ("Ik ken een paar mogelijkheden", 3),
            ("Ja, ik heb mijn opties op een rij en een plan klaar", 4),
        ],
    ),
    (
        "financiering",
        "Hoe zou je bank of financier je plannen nu beoordelen?",
        1,
        [
            ("Ik heb geen plan op papier", 0),
            ("Er ligt een plan, maar het is verouderd", 1),
            ("Ik heb een actueel plan met cijfers", 3),
            ("Ik bespreek mijn plan al regelmatig met mijn financier", 4),
        ],
    ),
    (
        "digitalisering",
        "Hoeveel van je werk doe je nog met de hand of op papier?",
        1,
        [
            ("Bijna alles", 0),
            ("Een groot deel", 1),
            ("Een klein deel", 3),
            ("Bijna niets: wat kan, gaat automatisch", 4),
        ],
    ),
    (
        "digitalisering",
        "Is je bedrijf goed beveiligd tegen hacks en datalekken?",
        2,
        [
            ("Daar heb ik nooit over nagedacht", 0),
            ("Ik heb een virusscanner, verder niets", 1),
            ("Back-ups en wachtwoordbeleid zijn geregeld", 3),
            ("Ja, en we oefenen wat we doen als het toch misgaat", 4),
        ],
    ),
    (
        "duurzaamheid",
        "Weet je hoeveel energie en materiaal je bedrijf gebruikt?",
        1,
        [
            ("Nee", 0),
            ("Alleen wat op de rekening staat", 1),
            ("Ja, en ik heb een paar maatregelen genomen", 3),
            ("Ja, en ik stuur er actief op", 4),
        ],
    ),
    (
        "duurzaamheid",
        "Vragen klanten of opdrachtgevers naar je duurzame aanpak?",
        1,
        [
            ("Ja, en daar heb ik nog geen antwoord op", 0),
            ("Soms, en dan improviseer ik", 1),
            ("Ja, en ik kan laten zien wat ik doe", 3),
            ("Het is een reden waarom klanten voor mij kiezen", 4),
        ],
    ),
]
PHASE_QUESTION = (
    "In welke fase zit je bedrijf nu?",
    [
        ("Ik ben net begonnen of sta op het punt te beginnen", Phase.STARTEN),
        ("Het gaat goed en ik wil groeien", Phase.GROEIEN),
        ("Ik wil iets nieuws: een ander product, een andere markt", Phase.VERNIEUWEN),
        ("Het gaat hard en ik wil nog sneller", Phase.VERSNELLEN),
        ("Het zit tegen en ik maak me zorgen", Phase.ZWAAR_WEER),
        ("Ik denk na over overdragen of stoppen", Phase.OVERDRAGEN),
    ],
)
ADVICE = {
    "financien": (
        "Je hebt je cijfers goed in beeld. Daarmee kun je op tijd bijsturen.",
        "Zet één vast moment per maand in je agenda voor je cijfers. Ondernemers in de "
        "community Financiën laten zien hoe ze dat eenvoudig houden.",
    ),
    "marketing": (
        "Je weet waarom klanten voor je kiezen. Dat is de basis van elk goed verhaal.",
        "Vraag vijf klanten waarom ze voor jou kozen. Hun antwoorden zijn je beste marketing.",
    ),
    "personeelszaken": (
        "Mensen werken graag bij je. Vertel andere ondernemers hoe je dat doet.",
        "Een goed gesprek met je mensen levert vaak meer op dan een nieuwe vacature. Leer "
        "van ondernemers die hetzelfde meemaken.",
    ),
    "financiering": (
        "Je weet waar je geld voor je volgende stap vandaan kan komen.",
        "Zet je plannen en cijfers op papier voordat je geld nodig hebt. Een adviseur van het "
        "loket kijkt graag mee.",
    ),
    "digitalisering": (
        "Je werkt slim en veilig met software. Dat scheelt tijd en zorgen.",
        "Begin klein: zet back-ups en sterke wachtwoorden op orde, en kijk welk handwerk je "
        "kunt automatiseren.",
    ),
    "duurzaamheid": (
        "Duurzaamheid is bij jou meer dan een voornemen, en klanten merken dat.",
        "Breng je energieverbruik in kaart. Vaak zit er een besparing in die zich snel "
        "terugverdient.",
    ),
}


def _options(rows, key):
    return [
        {"type": "item", "value": {"label": label, key: value}, "id": str(uuid.uuid4())}
        for label, value in rows
    ]


def question_blocks(themes: dict[str, Theme]) -> list[dict[str, Any]]:
    """The demo questions as StreamField data, for the themes that exist."""
    blocks = []
    for slug, text, weight, options in QUESTIONS:
        if slug not in themes:
            continue
        blocks.append(
            {
                "type": "theme_question",
                "id": str(uuid.uuid4()),
                "value": {
                    "question": text,
                    "help": "",
                    "theme": themes[slug].pk,
                    "weight": weight,
                    "options": _options(options, "score"),
                },
            }
        )
    text, options = PHASE_QUESTION
    blocks.append(
        {
            "type": "phase_question",
            "id": str(uuid.uuid4()),
            "value": {
                "question": text,
                "help": "",
                "options": _options([(label, str(p)) for label, p in options], "phase"),
            },
        }
    )
    return blocks


def advice_blocks(themes: dict[str, Theme]) -> list[dict[str, Any]]:
    return [
        {
            "type": "advice",
            "id": str(uuid.uuid4()),
            "value": {"theme": themes[slug].pk, "strength": strong, "attention": attention},
        }
        for slug, (strong, attention) in ADVICE.items()
        if slug in themes
    ]


def scan_page(ctx):
    """The region's scan under its home (``ctx.home``), made and published when missing."""
    page = ScanPage.objects.child_of(ctx.home).first()
    if page is not None:
        return page
    themes = {t.slug: t for t in Theme.objects.all()}
    questions = question_blocks(themes)
    if len(questions) < MIN_QUESTIONS:
        # Without the themes (a database flushed of what the migrations stored) there is no scan
        # to offer yet; the region's other pages don't wait for it.
        ctx.note("Fitheidscan: te weinig thema's voor de vragen, pagina nog niet gemaakt.")
        return None
    page = ScanPage(
        title="Fitheidscan",
        slug=SLUG,
        show_in_menus=False,
        intro="Hoe fit is je bedrijf? Beantwoord dertien korte vragen en zie in vijf minuten "
        "waar je sterk staat, waar je het meest te winnen hebt en welke ondernemers en "
        "bijeenkomsten je daarbij helpen. Zonder account, en we sturen niets zonder dat je "
        "het vraagt.",
        questions=questions,
        advice=advice_blocks(themes),
    )
    ctx.home.add_child(instance=page)
    page.save_revision().publish()
    ctx.count("pagina's")
    return page


DEMO_MEMBER = "sanne.devries@example.com"


def seed_scan(ctx):
    """Published scan, two dozen anonymous results for the figures, and two saved scans of a
    demo member a few months apart (her account shows the progress)."""
    page = scan_page(ctx)
    if page is None or ScanResult.objects.filter(version__page=page).exists():
        return
    version = current_version(page)
    rng = random.Random(16)  # noqa: S311 - the same demo figures every time, not security
    for _ in range(24):
        answers = {q["id"]: rng.choice(q["options"])["id"] for q in version.questions}
        record_result(version, answers, site=ctx.site)
    ctx.count("scans", 24)
    member = get_user_model().objects.filter(email=DEMO_MEMBER).first()
    if member is None:
        return
    for months_ago, pick in ((4, min), (0, _second_best)):
        answers = {q["id"]: _pick(q, pick)["id"] for q in version.questions}
        result = record_result(version, answers, site=ctx.site, user=member)
        ScanResult.objects.filter(pk=result.pk).update(
            created_at=timezone.now() - timedelta(days=30 * months_ago)
        )
    ctx.count("scans", 2)


def _second_best(options, key):
    return sorted(options, key=key)[-2]


def _pick(question, pick):
    if question["kind"] == "phase":
        return next(o for o in question["options"] if o["phase"] == Phase.GROEIEN)
    return pick(question["options"], key=lambda o: o["score"])
