"""The ``seed_demo`` step of intervision: the page, a pool of facilitators, a forming group with
applicants waiting for matching, an active group with its facilitator, sessions, cases, shared
notes and agreed actions, and a finished group.

Idempotent: the page is found by slug, groups by title, members by e-mail address, and a group's
content is only added while it has no participants.
"""

import secrets
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from loket.accounts.services import create_member
from loket.themes.models import Theme

from . import services
from .models import (
    Facilitator,
    GroupStatus,
    IntervisionApplication,
    IntervisionCase,
    IntervisionGroup,
    IntervisionIndexPage,
    IntervisionParticipant,
    IntervisionSession,
    Method,
    SessionAction,
    SessionAttendance,
    SessionNote,
)

SLUG = "intervisie"

PEOPLE = [
    # email, first, last, company, sector, size, municipality, province
    (
        "fleur.mulder@example.com",
        "Fleur",
        "Mulder",
        "Mulder Kinderopvang",
        "Q",
        "10-49",
        "Utrecht",
        "utrecht",
    ),
    (
        "sander.bos@example.com",
        "Sander",
        "Bos",
        "Bos Transport",
        "H",
        "10-49",
        "Nieuwegein",
        "utrecht",
    ),
    (
        "ingrid.peters@example.com",
        "Ingrid",
        "Peters",
        "Peters Fysiotherapie",
        "Q",
        "5-9",
        "Zeist",
        "utrecht",
    ),
    (
        "yusuf.demir@example.com",
        "Yusuf",
        "Demir",
        "Demir Bouw",
        "F",
        "10-49",
        "Utrecht",
        "utrecht",
    ),
    (
        "anouk.smit@example.com",
        "Anouk",
        "Smit",
        "Smit Communicatie",
        "M",
        "5-9",
        "Houten",
        "utrecht",
    ),
    (
        "bart.hendriks@example.com",
        "Bart",
        "Hendriks",
        "Hendriks Metaal",
        "C",
        "10-49",
        "Veenendaal",
        "utrecht",
    ),
    (
        "lotte.vos@example.com",
        "Lotte",
        "Vos",
        "Vos Bakkerij",
        "I",
        "10-49",
        "Amersfoort",
        "utrecht",
    ),
    (
        "ruben.dijkstra@example.com",
        "Ruben",
        "Dijkstra",
        "Dijkstra Installatie",
        "F",
        "10-49",
        "Utrecht",
        "utrecht",
    ),
    (
        "mirjam.deboer@example.com",
        "Mirjam",
        "de Boer",
        "De Boer Kappers",
        "S",
        "5-9",
        "Utrecht",
        "utrecht",
    ),
    (
        "kees.jansen@example.com",
        "Kees",
        "Jansen",
        "Jansen Hoveniers",
        "F",
        "5-9",
        "Zeist",
        "utrecht",
    ),
    (
        "sanne.visser@example.com",
        "Sanne",
        "Visser",
        "Visser Webshop",
        "G",
        "5-9",
        "Utrecht",
        "utrecht",
    ),
    (
        "tom.meijer@example.com",
        "Tom",
        "Meijer",
        "Meijer Drukwerk",
        "C",
        "10-49",
        "Nieuwegein",
        "utrecht",
    ),
]

QUESTIONS = [
    "Hoe houd ik goede mensen vast nu ze overal meer kunnen verdienen?",
    "Ik wil een teamleider aanstellen, maar weet niet hoe ik zelf minder ga doen.",
    "Een medewerker is vaak ziek en het team raakt gefrustreerd. Hoe pak ik dat aan?",
    "Hoe voer ik een goed functioneringsgesprek zonder dat het stijf wordt?",
]


def _people(ctx):
    User = get_user_model()
    password = None
    for email, first, last, company, sector, size, town, province in PEOPLE:
        if User.objects.filter(email__iexact=email).exists():
            continue
        password = password or secrets.token_urlsafe(10)
        with transaction.atomic():
            create_member(
                email=email,
                password=password,
                verified=True,
                first_name=first,
                last_name=last,
                company_name=company,
                sector=sector,
                company_size=size,
                municipality=town,
                province=province,
            )
        ctx.count("gebruikers")
    if password:
        ctx.note(
            "Intervisiedeelnemers aangemaakt (bijvoorbeeld fleur.mulder@example.com), "
            f"wachtwoord: {password}"
        )
    emails = [p[0] for p in PEOPLE]
    return list(User.objects.filter(email__in=emails).select_related("profile").order_by("email"))


FACILITATORS = [
    # email, first, last, profile, theme slugs, provinces, max groups
    (
        "marjolein.verhoef@example.com",
        "Marjolein",
        "Verhoef",
        "Oud-ondernemer (veertig medewerkers in de zorg) en coach; begeleidt al tien jaar "
        "intervisiegroepen.",
        ["personeelszaken", "ondernemen-in-zwaar-weer"],
        ["utrecht", "gelderland"],
        3,
    ),
    (
        "hans.koster@example.com",
        "Hans",
        "Koster",
        "Registeraccountant en twintig jaar mede-eigenaar van een installatiebedrijf; begeleidt "
        "groepen over geld, groei en overname.",
        ["financien", "financiering", "bedrijfsovername-en-stoppen"],
        [],
        2,
    ),
]


def _facilitators(ctx, themes):
    User = get_user_model()
    pool = []
    for email, first, last, profile, slugs, provinces, most in FACILITATORS:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            with transaction.atomic():
                user = create_member(
                    email=email,
                    password=secrets.token_urlsafe(12),
                    verified=True,
                    first_name=first,
                    last_name=last,
                )
            ctx.count("gebruikers")
        facilitator, created = Facilitator.objects.get_or_create(
            user=user,
            defaults={
                "name": f"{first} {last}",
                "profile": profile,
                "provinces": provinces,
                "max_groups": most,
            },
        )
        if created:
            facilitator.themes.set([themes[s] for s in slugs if s in themes])
            ctx.count("begeleiders")
        pool.append(facilitator)
    return pool


def index_page(ctx):
    """The index page under the region's home (``ctx.home``), made when missing."""
    index = IntervisionIndexPage.objects.child_of(ctx.home).first()
    if index is not None:
        return index
    index = IntervisionIndexPage(
        title="Intervisie",
        slug=SLUG,
        show_in_menus=True,
        intro="Leer van ondernemers die hetzelfde meemaken. In een vaste groep van vijf tot acht "
        "ondernemers bespreek je echte vragen uit je eigen bedrijf, met een ervaren begeleider.",
    )
    ctx.home.add_child(instance=index)
    index.save_revision().publish()
    ctx.count("pagina's")
    return index


def _group(title, theme, status, **fields):
    group, created = IntervisionGroup.objects.get_or_create(
        title=title, defaults={"theme": theme, "status": status, **fields}
    )
    return group, created


def _seat(group, user, explanation):
    return IntervisionParticipant.objects.get_or_create(
        group=group, member=user, defaults={"explanation": explanation}
    )[0]


def seed_intervision(ctx):
    themes = {t.slug: t for t in Theme.objects.all()}
    theme = themes.get("personeelszaken") or Theme.objects.order_by("pk").first()
    if theme is None:
        ctx.note("Intervisie: geen thema's gevonden, stap overgeslagen.")
        return
    index = index_page(ctx)
    people = _people(ctx)
    marjolein = _facilitators(ctx, themes)[0]
    common = {
        "site": ctx.site,
        "province": "utrecht",
        "size_bands": ["5-9", "10-49"],
        "facilitator": marjolein.user,
        "facilitator_name": marjolein.name,
        "facilitator_profile": marjolein.profile,
    }
    active, created = _group(
        "Personeel en leiderschap – Utrecht",
        theme,
        GroupStatus.ACTIVE,
        description="Voor ondernemers met een team van vijf tot vijftig mensen die willen groeien "
        "als leidinggevende.",
        schedule="Zes sessies van drie uur, om de vier weken op dinsdagavond.",
        location="Het Ondernemershuis, Catharijnesingel 20, Utrecht",
        day_part="di-avond",
        method=Method.INCIDENT,
        **common,
    )
    if created:
        seats = [
            _seat(active, u, "zelfde thema (Personeelszaken), regio Utrecht") for u in people[:6]
        ]
        for n, weeks in enumerate([-8, -4, 4, 8, 12, 16]):
            day = timezone.localdate() + timedelta(weeks=weeks)
            start = timezone.make_aware(datetime.combine(day, time(19, 0)))
            session = IntervisionSession.objects.create(
                group=active,
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                location=active.location,
                method=Method.BALINT if n == 1 else Method.INCIDENT,
            )
            if weeks < 0:
                SessionNote.objects.create(
                    session=session,
                    author=marjolein.user,
                    body="Fijne, open sessie. We merkten dat iedereen worstelt met loslaten.",
                )
                SessionNote.objects.create(
                    session=session,
                    author=people[1],
                    body="Mijn les: eerst vragen stellen, dan pas adviseren.",
                )
                SessionAction.objects.create(
                    session=session,
                    description="Het gesprek met de planner voeren en de groep laten weten hoe "
                    "het ging.",
                    owner=people[1],
                    created_by=marjolein.user,
                    done=weeks == -8,
                    done_at=timezone.now() if weeks == -8 else None,
                )
                SessionAction.objects.create(
                    session=session,
                    description="Iedereen neemt een voorbeeld mee van een lastig gesprek.",
                    created_by=marjolein.user,
                )
                ctx.count("aantekeningen en acties", 4)
                for seat in seats:
                    SessionAttendance.objects.create(
                        session=session, participant=seat, present=seat != seats[-1]
                    )
                    ctx.count("aanwezigheid")
            elif n == 2:
                IntervisionCase.objects.create(
                    session=session,
                    author=people[0],
                    title="Teamleider aanstellen",
                    body="Ik wil een van mijn medewerkers teamleider maken, maar de anderen "
                    "zien haar nog als collega. Hoe maak ik die overstap goed?",
                )
                ctx.count("casussen")
            ctx.count("sessies")
        ctx.count("intervisiegroepen")

    forming, created = _group(
        "Groeien met personeel – regio Utrecht",
        theme,
        GroupStatus.FORMING,
        description="Nieuwe groep voor ondernemers die hun eerste of tweede leidinggevende "
        "aannemen.",
        schedule="Zes sessies, om de vier weken op donderdagmiddag.",
        location="Online en twee keer in Utrecht",
        day_part="do-middag",
        method=Method.FREE,
        **common,
    )
    if created:
        ctx.count("intervisiegroepen")
    finished, created = _group(
        "Ondernemen in zwaar weer – Utrecht",
        themes.get("ondernemen-in-zwaar-weer") or theme,
        GroupStatus.FINISHED,
        description="Afgeronde groep van ondernemers die samen een moeilijk jaar doorkwamen.",
        schedule="Zes sessies in het voorjaar.",
        method=Method.BALINT,
        **common,
    )
    if created:
        for u in people[6:11]:
            seat = _seat(finished, u, "zelfde thema (Ondernemen in zwaar weer), regio Utrecht")
            seat.rating = 5
            seat.experience = "Het hielp enorm om te horen dat anderen hetzelfde meemaken."
            seat.save(update_fields=["rating", "experience"])
        ctx.count("intervisiegroepen")
    # Applicants waiting for the next matching round.
    for n, user in enumerate(people[6:12]):
        if IntervisionApplication.objects.filter(member=user).exists():
            continue
        profile = user.profile
        services.apply(
            user,
            theme=theme,
            sector=profile.sector,
            size_band=profile.company_size,
            province=profile.province,
            municipality=profile.municipality,
            company_name=profile.company_name,
            question=QUESTIONS[n % len(QUESTIONS)],
            availability=["do-middag", "di-avond"] if n % 2 else ["do-middag", "wo-ochtend"],
            avoid_companies="Demir Bouw" if user.email.startswith("ruben") else "",
            consent=True,
            group=forming if n == 0 else None,
            site=ctx.site,
        )
        ctx.count("aanmeldingen intervisie")
    where = index.get_url() or index.url_path
    ctx.note(f"Intervisie: {IntervisionGroup.objects.count()} groepen op {where}")
