"""The ``seed_demo`` step of intake requests: a handful in every status, with real questions.

Idempotent: a request is found by its address and is only made when missing. Rows are written
directly (with their history), so the demo sends no mail and qualifies no referral.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from loket.themes.models import Theme

from .models import Channel, IntakeRequest, Status, StatusChange

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
        }
        if status == Status.PLANNED:
            fields["planned_at"] = (now + timedelta(days=days)).replace(
                hour=10, minute=0, second=0, microsecond=0
            )
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
        made += 1
    if made:
        ctx.count("intakeaanvragen", made)
        ctx.note(f"{made} intakeaanvragen aangemaakt, in elke status.")
    else:
        ctx.note("Intakeaanvragen bestaan al.")
