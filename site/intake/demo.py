"""The ``seed_demo`` steps of intake requests: a handful in every status, with real questions;
and advisers with weekly spreekuren in both demo regions, with one booked intake.

Idempotent: a request is found by its address and is only made when missing. Rows are written
directly (with their history), so the demo sends no mail and qualifies no referral.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wagtail.models import Site

from loket.themes.models import Theme

from .models import (
    Adviser,
    AdviserRole,
    Booking,
    Channel,
    IntakeRequest,
    Kind,
    Slot,
    SlotFormat,
    Status,
    StatusChange,
    WeeklyAvailability,
)

STAFF_EMAIL = "admin@ondernemersloket.nl"

# (name, email, company, size, theme slug, channel, status, days ago, question, referred_to)
REQUESTS = [
    (
        "Mehmet Yılmaz",
        "mehmet@yilmaz-installatietechniek.nl",
        "Yılmaz Installatietechniek",
        "10-49",
        "personeelszaken",
        Channel.VISIT,
        Status.NEW,
        1,
        "We groeien hard en ik zoek al maanden twee monteurs. Vacatures leveren niets op en mijn "
        "vaste mensen lopen op hun tandvlees. Hoe pakken andere installateurs dit aan?",
        "",
    ),
    (
        "Lotte Janssen",
        "lotte@studiolotte.nl",
        "Studio Lotte",
        "2-4",
        "marketing",
        Channel.VIDEO,
        Status.NEW,
        2,
        "Mijn klanten komen allemaal via mond-tot-mondreclame, maar dat droogt op. Waarom kan ik "
        "me online niet vinden, en waar begin ik zonder een groot budget?",
        "",
    ),
    (
        "Peter van Dijk",
        "peter@vandijkbouw.nl",
        "Van Dijk Bouw",
        "10-49",
        "financien",
        Channel.PHONE,
        Status.PLANNED,
        5,
        "De omzet is goed, maar aan het eind van de maand is er steeds te weinig geld. Ik wil "
        "begrijpen waar het blijft en hoe ik mijn cashflow beter kan plannen.",
        "",
    ),
    (
        "Fatima el Amrani",
        "fatima@amrani-catering.nl",
        "Amrani Catering",
        "5-9",
        "financiering",
        Channel.VISIT,
        Status.PLANNED,
        4,
        "Ik wil een tweede keuken openen. De bank vraagt een ondernemingsplan met prognoses en "
        "ik weet niet goed hoe realistisch mijn cijfers zijn.",
        "",
    ),
    (
        "Sanne de Vries",
        "sanne.devries@example.com",
        "Bakkerij De Vries",
        "5-9",
        "duurzaamheid",
        Channel.VISIT,
        Status.HELD,
        20,
        "Onze energierekening is verdubbeld. Welke investeringen in de bakkerij verdienen zich "
        "het snelst terug, en zijn er regelingen waar ik gebruik van kan maken?",
        "",
    ),
    (
        "Ruud Hendriks",
        "ruud@hendriks-transport.nl",
        "Hendriks Transport",
        "10-49",
        "bedrijfsovername-en-stoppen",
        Channel.VISIT,
        Status.REFERRED,
        30,
        "Ik ben 61 en wil over een paar jaar stoppen. Mijn kinderen willen het bedrijf niet. Hoe "
        "bereid ik een verkoop voor en wat is mijn bedrijf eigenlijk waard?",
        "Bedrijfsovername-adviseur van de Kamer van Koophandel, Rob Smit",
    ),
    (
        "Anouk Bos",
        "anouk@bos-kinderopvang.nl",
        "Kinderopvang Het Bos",
        "10-49",
        "ondernemen-in-zwaar-weer",
        Channel.PHONE,
        Status.REFERRED,
        25,
        "Door een aanslag van de Belastingdienst kom ik deze maand de lonen niet rond. Ik wil "
        "snel weten welke opties ik heb voordat het echt misgaat.",
        "Ondernemersklankbord, Henk de Graaf",
    ),
    (
        "Kees Verbeek",
        "kees@verbeek-fietsen.nl",
        "Verbeek Fietsen",
        "2-4",
        "digitalisering",
        Channel.VIDEO,
        Status.NO_SHOW,
        9,
        "Ik wil een webwinkel naast mijn fietsenzaak, maar twijfel of dat loont naast de grote "
        "spelers. Waar moet ik op letten voordat ik ga investeren?",
        "",
    ),
    (
        "Esra Demir",
        "esra@demir-kapsalon.nl",
        "Kapsalon Demir",
        "2-4",
        "wet-en-regelgeving",
        Channel.PHONE,
        Status.CANCELLED,
        6,
        "Ik wil een stoel in mijn salon verhuren aan een zzp'er. Wat moet ik regelen zodat het "
        "echt zelfstandig werk is en geen verkapt dienstverband?",
        "",
    ),
]


def _step(intake, from_status, to_status, when, staff, note=""):
    StatusChange.objects.create(
        intake=intake,
        from_status=from_status,
        to_status=to_status,
        actor=staff if to_status != Status.NEW else intake.user,
        actor_label=(staff.get_full_name() if staff and to_status != Status.NEW else intake.name),
        note=note,
        created_at=when,
    )


def seed_intake_requests(ctx):
    User = get_user_model()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    staff = User.objects.filter(email__iexact=STAFF_EMAIL).first()
    known = set(
        IntakeRequest.objects.filter(email__in=[row[1] for row in REQUESTS]).values_list(
            "email", flat=True
        )
    )
    now = timezone.now()
    # The demo's requests were sent on the first region's site: its staff handle them.
    region = _region_sites()[0]
    made = 0
    for name, email, company, size, theme, channel, status, days, question, referred in REQUESTS:
        if email in known:
            continue
        created = now - timedelta(days=days)
        member = User.objects.filter(email__iexact=email, email_verified=True).first()
        fields = {
            "name": name,
            "email": email,
            "company": company,
            "company_size": size,
            "theme": themes.get(theme),
            "question": question,
            "channel": channel,
            "phone": "06 12345678" if channel == Channel.PHONE else "",
            "user": member,
            "campaign": "een-kritische-blik" if days < 10 else "",
            "status": status,
            "consent_text": "Ik ga ermee akkoord dat het Ondernemersloket mijn gegevens gebruikt "
            "om het intakegesprek te plannen en te houden.",
            "consented_at": created,
            "created_at": created,
            "handled_by": staff if status != Status.NEW else None,
            "site": region,
        }
        if status == Status.PLANNED:
            fields["planned_at"] = (now + timedelta(days=days)).replace(
                hour=10, minute=0, second=0, microsecond=0
            )
        if status in (Status.NO_SHOW, Status.CANCELLED):
            fields["planned_at"] = created + timedelta(days=2)
        if status in (Status.HELD, Status.REFERRED):
            fields["planned_at"] = created + timedelta(days=3)
            fields["held_at"] = created + timedelta(days=3, minutes=45)
        if status == Status.REFERRED:
            fields["referred_to"] = referred
        with transaction.atomic():
            intake = IntakeRequest.objects.create(**fields)
            _step(intake, "", Status.NEW, created, staff, "Aangevraagd via de website")
            if intake.planned_at:
                _step(intake, Status.NEW, Status.PLANNED, created + timedelta(days=1), staff)
            if intake.held_at:
                _step(intake, Status.PLANNED, Status.HELD, intake.held_at, staff)
            if status == Status.REFERRED:
                _step(intake, Status.HELD, Status.REFERRED, intake.held_at, staff, referred)
            if status in (Status.NO_SHOW, Status.CANCELLED):
                _step(intake, Status.PLANNED, status, intake.planned_at, staff)
        made += 1
    if made:
        ctx.count("intakeaanvragen", made)
        ctx.note(f"{made} intakeaanvragen aangemaakt, in elke status.")
    else:
        ctx.note("Intakeaanvragen bestaan al.")


# Booking a conversation: advisers with weekly spreekuren in every region, and one booking. ----

# (name, role, intro, theme slugs, [(weekday, "HH:MM", kind, minutes, format, count, place)])
ADVISERS = [
    [
        (
            "Marloes Kuipers",
            AdviserRole.DESK,
            "Bedrijfsadviseur bij het loket; twintig jaar bankier geweest voor het mkb.",
            ["financien", "financiering"],
            [
                (1, "10:00", Kind.INTAKE, 45, SlotFormat.VISIT, 3, "Ondernemershuis, Kanaalweg 12"),
                (3, "14:00", Kind.INTAKE, 45, SlotFormat.VIDEO, 2, ""),
            ],
        ),
        (
            "Gerard Willemsen",
            AdviserRole.VETERAN,
            "Bouwde een installatiebedrijf op tot 40 man en verkocht het in 2021.",
            ["personeelszaken", "bedrijfsovername-en-stoppen"],
            [(2, "16:00", Kind.SPEEDCONSULT, 20, SlotFormat.PHONE, 4, "")],
        ),
        (
            "Yara Boukhari",
            AdviserRole.VETERAN,
            "Runde tien jaar een webwinkel in woonaccessoires; nu mentor voor starters.",
            ["marketing", "digitalisering"],
            [(4, "12:00", Kind.SPEEDCONSULT, 15, SlotFormat.VIDEO, 4, "")],
        ),
    ],
    [
        (
            "Henk Jansen",
            AdviserRole.DESK,
            "Adviseur van het loket in Gelderland, thuis in ondernemen in zwaar weer.",
            ["ondernemen-in-zwaar-weer", "financien"],
            [(0, "09:30", Kind.INTAKE, 45, SlotFormat.VISIT, 2, "Loket Arnhem, Jansplein 5")],
        ),
        (
            "Ingrid Peeters",
            AdviserRole.VETERAN,
            "Had dertig jaar een transportbedrijf en weet alles van groeien met personeel.",
            ["personeelszaken", "duurzaamheid"],
            [(2, "15:00", Kind.SPEEDCONSULT, 20, SlotFormat.PHONE, 3, "")],
        ),
    ],
]


def _region_sites():
    """The default region first, then the others (the second demo region)."""
    return list(Site.objects.order_by("-is_default_site", "pk"))


def seed_booking(ctx):
    """Advisers and spreekuren in every region, slots for the coming weeks and one booked
    intake. Idempotent: an adviser is found by name and region; slots exist once."""
    from .services.booking import materialise_slots

    themes = {theme.slug: theme for theme in Theme.objects.all()}
    made = 0
    for site, advisers in zip(_region_sites(), ADVISERS, strict=False):
        for name, role, intro, slugs, hours in advisers:
            adviser, new = Adviser.objects.get_or_create(
                site=site, name=name, defaults={"role": role, "intro": intro}
            )
            if not new:
                continue
            made += 1
            adviser.themes.set([themes[slug] for slug in slugs if slug in themes])
            for weekday, at, kind, minutes, fmt, count, place in hours:
                WeeklyAvailability.objects.create(
                    adviser=adviser,
                    weekday=weekday,
                    start_time=datetime.strptime(at, "%H:%M").time(),
                    kind=kind,
                    duration_minutes=minutes,
                    format=fmt,
                    slot_count=count,
                    location=place,
                    first_day=timezone.localdate(),
                )
    slots = materialise_slots()
    booked = _seed_one_booking(themes)
    ctx.count("adviseurs", made)
    ctx.count("vrije momenten", slots)
    ctx.note(
        f"{made} adviseurs, {slots} nieuwe momenten"
        + (", een geboekt intakegesprek." if booked else ".")
    )


BOOKED_EMAIL = "wouter@dekoffiebrander.nl"


def _seed_one_booking(themes):
    """A booked intake with Marloes (written as rows: the demo sends no mail)."""
    if IntakeRequest.objects.filter(email=BOOKED_EMAIL).exists():
        return False
    slot = (
        Slot.objects.free()
        .filter(adviser__name="Marloes Kuipers", kind=Kind.INTAKE)
        .order_by("starts_at")
        .first()
    )
    if slot is None:
        return False
    now = timezone.now()
    with transaction.atomic():
        intake = IntakeRequest.objects.create(
            name="Wouter de Graaf",
            email=BOOKED_EMAIL,
            company="De Koffiebrander",
            company_size="5-9",
            theme=themes.get("financiering"),
            question="Ik wil een tweede branderij openen en twijfel tussen een lening en een "
            "investeerder erbij. Wat past bij een bedrijf van onze omvang?",
            channel=slot.format,
            kind=slot.kind,
            site=slot.site,
            status=Status.PLANNED,
            planned_at=slot.starts_at,
            consent_text="Ik ga ermee akkoord dat het Ondernemersloket mijn gegevens gebruikt "
            "om het intakegesprek te plannen en te houden.",
            consented_at=now,
            created_at=now,
        )
        _step(intake, "", Status.PLANNED, now, None, f"Zelf geboekt via de website: {slot}")
        Booking.objects.create(intake=intake, slot=slot, site=slot.site, created_at=now)
    return True
