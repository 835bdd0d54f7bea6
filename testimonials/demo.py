"""The ``seed_demo`` step of the testimonials app: /ervaringen/ with a dozen experiences in
several states (all with recorded consent where published), three cases with a journey, two
ambassadors, and a personal follow-up link a tester can open.

Idempotent: the index page is found by slug, experiences by quote, cases by slug, ambassadors by
slug; nothing that exists is touched. No mail is sent: rows are written as the services would.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from events.models import EventPage
from loket.notifications.services import Kind, notify
from loket.themes.models import Theme

from . import services
from .models import (
    Ambassador,
    CaseExperience,
    CaseJourneyStep,
    CasePage,
    Channel,
    Consent,
    Experience,
    JourneyPhase,
    ModerationLog,
    Status,
    SubjectKind,
    TestimonialsIndexPage,
)

INDEX_SLUG = "ervaringen"
ALL_CHANNELS = [Channel.WEBSITE, Channel.MAGAZINE, Channel.SOCIAL, Channel.PRINT]

# (member e-mail or None, name, company, sector, theme, score, status, channels, display, event
#  slug or None, quote, story)
EXPERIENCES = [
    (
        "sanne.devries@example.com",
        "Sanne de Vries",
        "Bakkerij De Vries",
        "C",
        "financien",
        9,
        Status.APPROVED,
        ALL_CHANNELS,
        "volledig",
        "financieren-zonder-bank",
        "Eén avond met collega-ondernemers leverde me meer op dan een jaar piekeren over de bank.",
        "Ik wilde een tweede oven, maar de bank zei nee. Op de bijeenkomst vertelde een "
        "bakker uit Zeist hoe hij leasede. Twee weken later had ik een offerte.",
    ),
    (
        "ahmed.elamrani@example.com",
        "Ahmed El Amrani",
        "El Amrani Transport",
        "H",
        "personeelszaken",
        8,
        Status.APPROVED,
        [Channel.WEBSITE, Channel.MAGAZINE],
        "volledig",
        None,
        "Mijn chauffeurs blijven nu langer, omdat ik eindelijk een goed inwerkprogramma heb.",
        "In de intervisiegroep legde ik mijn verloop op tafel. Drie ondernemers deelden hun "
        "aanpak; ik nam het beste van elk over.",
    ),
    (
        "marieke.jansen@example.com",
        "Marieke Jansen",
        "Jansen Installatietechniek",
        "F",
        "duurzaamheid",
        9,
        Status.APPROVED,
        [Channel.WEBSITE],
        "voornaam",
        None,
        "Warmtepompen installeren deden we al; nu verdienen we er ook echt aan.",
        "Het loket zette me aan tafel met een installateur die net zo groot is. Zijn "
        "calculatiemodel scheelde me maanden.",
    ),
    (
        "joost.bakker@example.com",
        "Joost Bakker",
        "Bakker Digitaal",
        "J",
        "digitalisering",
        10,
        Status.APPROVED,
        ALL_CHANNELS,
        "volledig",
        None,
        "Ik dacht dat ik alles al wist van software. "
        "Mijn collega-ondernemers lieten zien van niet.",
        "",
    ),
    (
        "fatma.yilmaz@example.com",
        "Fatma Yilmaz",
        "Yilmaz Groothandel",
        "G",
        "internationaal-ondernemen",
        8,
        Status.APPROVED,
        [Channel.WEBSITE, Channel.SOCIAL],
        "volledig",
        None,
        "Dankzij een tip van een andere groothandel importeer ik nu zonder gedoe uit Turkije.",
        "Douane, inkoopvoorwaarden, valuta: ik liep overal tegenaan. Via het loket kwam ik bij "
        "iemand die het allemaal al had uitgezocht.",
    ),
    (
        "pieter.vandam@example.com",
        "Pieter van Dam",
        "Van Dam Hoveniers",
        "N",
        "marketing",
        7,
        Status.APPROVED,
        [Channel.WEBSITE],
        "anoniem",
        None,
        "Eindelijk weet ik wat ik op mijn website moet zetten: wat klanten écht vragen.",
        "",
    ),
    (
        None,
        "Linda Koster",
        "Koster Kinderopvang",
        "Q",
        "wet-en-regelgeving",
        8,
        Status.APPROVED,
        [Channel.WEBSITE, Channel.PRINT],
        "voornaam",
        None,
        "De nieuwe regels leken een berg. "
        "Samen met twee andere opvangondernemers werd het een lijstje.",
        "",
    ),
    (
        None,
        "Ruud Hendriks",
        "Hendriks Metaalbewerking",
        "C",
        "bedrijfsovername-en-stoppen",
        9,
        Status.APPROVED,
        ALL_CHANNELS,
        "volledig",
        None,
        "Mijn bedrijf gaat over op mijn zoon. Zonder de gesprekken met andere overdragers was dat "
        "nooit zo rustig gegaan.",
        "",
    ),
    (
        None,
        "Esther Willems",
        "Willems Communicatie",
        "M",
        "marketing",
        8,
        Status.NEW,
        [Channel.WEBSITE],
        "volledig",
        "financieren-zonder-bank",
        "Ik ging voor de borrel en kwam terug met drie nieuwe klanten.",
        "",
    ),
    (
        None,
        "Karim Benali",
        "Benali Schoonmaak",
        "N",
        "personeelszaken",
        7,
        Status.QUESTION,
        [Channel.WEBSITE, Channel.MAGAZINE],
        "voornaam",
        None,
        "Het loket hielp me om mijn eerste vaste krachten aan te nemen.",
        "",
    ),
    (
        None,
        "Tom de Graaf",
        "De Graaf Advies",
        "M",
        "financien",
        6,
        Status.REJECTED,
        [Channel.WEBSITE],
        "volledig",
        None,
        "Bel mij voor het beste financiële advies van de regio!",
        "",
    ),
    (
        None,
        "Anouk Vermeer",
        "Vermeer Bloemen",
        "G",
        "financien",
        4,
        Status.PRIVATE,
        [],
        "anoniem",
        "financieren-zonder-bank",
        "De zaal was te vol en ik kreeg mijn vraag niet gesteld.",
        "Jammer, want het onderwerp was precies wat ik nodig had.",
    ),
    (
        None,
        "Bas Visser",
        "Visser Bouw",
        "F",
        "ondernemen-in-zwaar-weer",
        5,
        Status.PRIVATE,
        [],
        "anoniem",
        None,
        "Ik had meer concrete hulp verwacht bij mijn betalingsproblemen.",
        "",
    ),
]

CASES = [
    {
        "slug": "sanne-de-vries-tweede-oven",
        "title": "Hoe Sanne de Vries zonder bank een tweede oven financierde",
        "intro": "Een bakkerij met 14 medewerkers wilde groeien. De bank zei nee; "
        "collega-ondernemers wezen de weg.",
        "entrepreneur": "Sanne de Vries",
        "company": "Bakkerij De Vries, Utrecht",
        "themes": ["financien", "financiering"],
        "experiences": [0],
        "sections": [
            (
                "challenge",
                "De vraag naar brood groeide harder dan de oven aankon. Een tweede "
                "oven kostte 80.000 euro en de bank wilde niet meefinancieren.",
            ),
            (
                "approach",
                "Het loket nodigde Sanne uit voor 'Financieren zonder bank'. Daar "
                "vertelde een bakker uit Zeist hoe hij leasede; de adviseur van het loket rekende "
                "het daarna met haar door.",
            ),
            (
                "result",
                "Binnen twee maanden stond de oven er, via lease. De omzet groeide met "
                "een vijfde en er kwamen twee bakkers bij.",
            ),
        ],
        "journey": [
            ("Ik lag er wakker van dat ik klanten moest teleurstellen.", 2, 4, "bezorgd"),
            ("Ik hoorde voor het eerst van lease en factoring.", 3, 3, "hoopvol"),
            ("Met de adviseur rekende ik drie varianten door.", 4, 3, "onzeker"),
            ("De oven staat er en we bakken het dubbele.", 5, 2, "trots"),
            ("Nu help ik zelf andere bakkers op weg.", 5, 1, "blij"),
        ],
    },
    {
        "slug": "ahmed-el-amrani-chauffeurs-blijven",
        "title": "Minder verloop bij El Amrani Transport",
        "intro": "Elke maand vertrok er een chauffeur. In een intervisiegroep vond Ahmed "
        "El Amrani de aanpak die werkte.",
        "entrepreneur": "Ahmed El Amrani",
        "company": "El Amrani Transport, Nieuwegein",
        "themes": ["personeelszaken"],
        "experiences": [1],
        "sections": [
            ("challenge", "Nieuwe chauffeurs vertrokken vaak binnen een half jaar."),
            (
                "approach",
                "In de intervisiegroep deelden drie ondernemers hun inwerkprogramma. "
                "Ahmed koos een buddy-systeem en een vast gesprek na zes weken.",
            ),
            ("result", "Het verloop halveerde in een jaar."),
        ],
        "journey": [
            ("Ik was meer bezig met werven dan met plannen.", 2, 5, "gefrustreerd"),
            ("In de groep bleek ik niet de enige.", 3, 3, "opgelucht"),
            ("Ik begon met een buddy voor elke nieuwe chauffeur.", 4, 3, "hoopvol"),
            ("Het verloop is gehalveerd.", 5, 2, "trots"),
            ("Volgend jaar wil ik een eigen opleiding starten.", 4, 2, "hoopvol"),
        ],
    },
    {
        "slug": "ruud-hendriks-overdracht",
        "title": "Ruud Hendriks draagt zijn bedrijf rustig over",
        "intro": "Na 32 jaar gaat Hendriks Metaalbewerking naar de volgende generatie.",
        "entrepreneur": "Ruud Hendriks",
        "company": "Hendriks Metaalbewerking, Amersfoort",
        "themes": ["bedrijfsovername-en-stoppen"],
        "experiences": [7],
        "sections": [
            (
                "challenge",
                "Ruud wilde stoppen, maar wist niet of zijn zoon het bedrijf wilde en "
                "kon overnemen.",
            ),
            (
                "approach",
                "Aan de keukentafel bij andere overdragers hoorde hij wat er bij "
                "hen misging. Het loket bracht hem in contact met een overnameadviseur.",
            ),
            (
                "result",
                "Over twee jaar is de overdracht rond; de zoon volgt nu een managementopleiding.",
            ),
        ],
        "journey": [
            ("Ik durfde het onderwerp thuis niet aan te snijden.", 2, 4, "onzeker"),
            ("Andere overdragers vertelden open over hun fouten.", 3, 2, "opgelucht"),
            ("We maakten samen een overdrachtsplan.", 4, 4, "hoopvol"),
            ("Het plan ligt er en iedereen weet waar hij aan toe is.", 5, 2, "blij"),
            ("Ik blijf nog twee jaar als adviseur betrokken.", 4, 1, "trots"),
        ],
    },
]

AMBASSADORS = [
    {
        "slug": "yasmina-bouali",
        "name": "Yasmina Bouali",
        "company": "Bouali Schoonmaak",
        "role": "bouwde haar schoonmaakbedrijf op van twee naar 38 medewerkers",
        "quote": "Van andere ondernemers leerde ik meer dan van welk boek ook. "
        "Dat geef ik graag door.",
        "offer": "Een uur sparren over groeien met personeel.",
        "themes": ["personeelszaken", "ondernemen-in-zwaar-weer"],
    },
    {
        "slug": "henk-van-der-meer",
        "name": "Henk van der Meer",
        "company": "Van der Meer Installaties",
        "role": "oprichter van een installatiebedrijf met 60 medewerkers",
        "quote": "Ondernemen is geen solosport. Wie hulp vraagt, komt verder.",
        "offer": "Een gesprek over verduurzamen en investeren.",
        "themes": ["duurzaamheid", "financiering"],
    },
]

AMBASSADOR_CONSENT = (
    "Ik geef het Ondernemersloket toestemming om mijn naam, bedrijf, foto en citaat te tonen op "
    "de website en in drukwerk. Ik kan dit altijd intrekken."
)


def index_page(ctx):
    """The index page under the region's home (``ctx.home``), made when missing."""
    index = TestimonialsIndexPage.objects.child_of(ctx.home).first()
    if index is not None:
        return index
    index = TestimonialsIndexPage(
        title="Ervaringen",
        slug=INDEX_SLUG,
        show_in_menus=True,
        intro="Ondernemers vertellen wat het ze opleverde. Eerlijk, kort en in hun eigen woorden.",
        share_intro="Wat leverde een bijeenkomst, je intervisiegroep of een gesprek met ons je "
        "op? Vertel het: andere ondernemers leren ervan.",
    )
    ctx.home.add_child(instance=index)
    index.save_revision(log_action=False).publish(log_action=False)
    ctx.count("ervaringenpagina")
    return index


def _experience(row, themes, users, events, now, n, site=None):
    (
        email,
        name,
        company,
        sector,
        theme,
        score,
        status,
        channels,
        display,
        event_slug,
        quote,
        story,
    ) = row
    existing = Experience.objects.filter(quote=quote).first()
    if existing is not None:
        return existing, False
    user = users.get(email)
    event = events.get(event_slug)
    created = now - timedelta(days=3 * n + 2)
    experience = Experience.objects.create(
        site=site,
        contributor=user,
        contributor_name=name,
        contributor_email=email or f"{name.split()[0].lower()}@example.com",
        company_name=company,
        sector=sector,
        quote=quote,
        story=story,
        score=score,
        theme=themes.get(theme),
        subject_kind=SubjectKind.EVENT if event else SubjectKind.DESK,
        event=event,
        display_mode=display,
        status=status,
        created_at=created,
        approved_at=created + timedelta(days=1) if status == Status.APPROVED else None,
    )
    ModerationLog.objects.create(
        experience=experience,
        action=ModerationLog.Action.SUBMITTED,
        actor_label=name,
        created_at=created,
    )
    for channel in channels:
        Consent.objects.create(
            experience=experience,
            channel=channel,
            action=Consent.Action.GRANTED,
            text=services.consent_text(channel),
            recorded_at=created,
        )
    later = created + timedelta(days=1)
    steps = {
        Status.APPROVED: (ModerationLog.Action.APPROVED, ""),
        Status.QUESTION: (
            ModerationLog.Action.QUESTION,
            "Mogen we je voornaam en sector noemen, of liever helemaal anoniem?",
        ),
        Status.REJECTED: (
            ModerationLog.Action.REJECTED,
            "Dit leest als een advertentie; we plaatsen alleen ervaringen met het loket.",
        ),
        Status.PRIVATE: (ModerationLog.Action.PRIVATE, ""),
    }
    if status in steps:
        action, reason = steps[status]
        ModerationLog.objects.create(
            experience=experience,
            action=action,
            actor_label="Redactie",
            reason=reason,
            created_at=later,
        )
    services.refresh_visibility(experience)
    _notify(experience, status, later)
    return experience, True


def _notify(experience, status, when):
    """The member's notification of the moderation step, as the real step makes it (no mail)."""
    if experience.contributor is None or status not in (Status.APPROVED, Status.QUESTION):
        return
    approved = status == Status.APPROVED
    notify(
        experience.contributor,
        Kind.EXPERIENCE_APPROVED if approved else Kind.MODERATION_QUESTION,
        experience,
        key=f"demo:{experience.pk}",
        title="Je ervaring is goedgekeurd" if approved else "We hebben een vraag over je ervaring",
        text="Dank je wel dat je hem deelt!"
        if approved
        else "Mogen we je voornaam en sector noemen, of liever helemaal anoniem?",
        url=services.manage_url(experience),
        created_at=when,
    )


def _case(index, spec, experiences, themes, phases):
    if CasePage.objects.filter(slug=spec["slug"]).exists():
        return False
    body = [
        {"type": "section", "value": {"kind": kind, "heading": "", "text": f"<p>{text}</p>"}}
        for kind, text in spec["sections"]
    ]
    first = experiences[spec["experiences"][0]]
    body.insert(
        2,
        {
            "type": "quote",
            "value": {
                "text": first.quote,
                "author": first.contributor_name,
                "role": first.company_name,
            },
        },
    )
    case = CasePage(
        title=spec["title"],
        slug=spec["slug"],
        intro=spec["intro"],
        entrepreneur=spec["entrepreneur"],
        company=spec["company"],
        body=body,
    )
    case.themes = [themes[slug] for slug in spec["themes"] if slug in themes]
    case.experience_links = [
        CaseExperience(experience=experiences[i], sort_order=n)
        for n, i in enumerate(spec["experiences"])
    ]
    case.journey_steps = [
        CaseJourneyStep(
            phase=phase, line=line, satisfaction=sat, effort=effort, emotion=emotion, sort_order=n
        )
        for n, (phase, (line, sat, effort, emotion)) in enumerate(
            zip(phases, spec["journey"], strict=False)
        )
    ]
    index.add_child(instance=case)
    case.save_revision(log_action=False).publish(log_action=False)
    return True


def seed_testimonials(ctx):
    if ctx.home is None:
        ctx.note("Ervaringen overgeslagen: er is geen homepagina.")
        return
    now = timezone.now()
    with transaction.atomic():
        index = index_page(ctx)
        themes = {t.slug: t for t in Theme.objects.all()}
        emails = [row[0] for row in EXPERIENCES if row[0]]
        users = {
            u.email: u
            for u in get_user_model().objects.filter(email__in=emails).select_related("profile")
        }

        slugs = {row[9] for row in EXPERIENCES if row[9]}
        events = {e.slug: e for e in EventPage.objects.filter(slug__in=slugs)}
        experiences = []
        for n, row in enumerate(EXPERIENCES):
            experience, created = _experience(row, themes, users, events, now, n, ctx.site)
            experiences.append(experience)
            if created:
                ctx.count("ervaringen")
        phases = list(JourneyPhase.objects.order_by("sort_order", "pk"))
        for spec in CASES:
            if _case(index, spec, experiences, themes, phases):
                ctx.count("cases")
        for order, spec in enumerate(AMBASSADORS):
            if Ambassador.objects.filter(slug=spec["slug"]).exists():
                continue
            ambassador = Ambassador.objects.create(
                slug=spec["slug"],
                name=spec["name"],
                company=spec["company"],
                role=spec["role"],
                quote=spec["quote"],
                offer=spec["offer"],
                consent_text=AMBASSADOR_CONSENT,
                consent_at=now - timedelta(days=30),
                sort_order=order,
            )
            ambassador.themes.set([themes[s] for s in spec["themes"] if s in themes])
            ctx.count("ambassadeurs")
    past = events.get("financieren-zonder-bank")
    link = services.share_experience_url(event=past, email="tester@example.com")
    if link:
        ctx.note(f"Deel mijn ervaring (testlink, één keer te gebruiken): {link}")
