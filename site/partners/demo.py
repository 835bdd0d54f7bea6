"""``seed_demo``: partners in all three tiers in both demo regions and a national one, a warm
handover waiting for the partner's confirmation, and follow-up calls of which some are late.

Idempotent: partners are found by name and region, requests by address. Rows are written
directly, so the demo sends no mail. Runs after the staff step (the second region and the
community managers exist then).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wagtail.models import Site

from loket.core.demo import STAFF_DOMAIN, second_region_hostname
from loket.intake.models import Channel, IntakeRequest, Status, StatusChange
from loket.themes.models import Theme

from .models import Contact, FollowUp, FollowUpKind, Handover, Kind, Organisation, Tier
from .services import consent_text

# (name, kind, tier, reply time in days, themes, description, contact, role, e-mail local part)
PARTNERS = [
    (
        "Rabobank {place}",
        Kind.BANK,
        Tier.SLA,
        2,
        ["financiering", "financien"],
        "Zakelijke financiering voor het mkb: krediet, lease en werkkapitaal. Een vaste "
        "accountmanager bekijkt samen met je of en hoe je groei te financieren is.",
        "Marloes Verbeek",
        "accountmanager mkb",
        "m.verbeek",
    ),
    (
        "Regionale Ontwikkelingsmaatschappij {place}",
        Kind.ROM,
        Tier.SLA,
        5,
        ["financiering", "innovatie", "digitalisering"],
        "Investeert in innovatieve mkb-bedrijven in de regio en helpt bij subsidies en "
        "innovatiekrediet.",
        "Hamid El Amrani",
        "investment manager",
        "h.elamrani",
    ),
    (
        "Boekhoudkantoor De Brug",
        Kind.ACCOUNTANT,
        Tier.NETWORK,
        None,
        ["financien", "wet-en-regelgeving"],
        "Administratie, jaarrekening en belastingaangifte voor zzp en mkb tot vijftig medewerkers.",
        "Petra Smit",
        "registeraccountant",
        "p.smit",
    ),
    (
        "Gemeente {place}, Ondernemersloket Economie",
        Kind.MUNICIPALITY,
        Tier.REFERRAL,
        None,
        ["wet-en-regelgeving", "ondernemen-in-zwaar-weer"],
        "Vergunningen, bedrijfshuisvesting en de regelingen voor ondernemers die het "
        "financieel zwaar hebben (Bbz).",
        "Kees Jansen",
        "accountmanager bedrijven",
        "k.jansen",
    ),
]
NATIONAL = (
    "KVK",
    Kind.KVK,
    Tier.NETWORK,
    None,
    ["wet-en-regelgeving", "bedrijfsovername-en-stoppen"],
    "Inschrijving in het Handelsregister en gratis adviesgesprekken over starten, "
    "groeien en bedrijfsoverdracht.",
    "Yvonne de Groot",
    "adviseur ondernemen",
    "y.degroot",
)

# (region: 0 first, 1 second; name, e-mail, company, question, status, days ago, handover?)
REQUESTS = [
    (
        0,
        "Femke Dijkstra",
        "femke@dijkstrainstallatie.nl",
        "Dijkstra Installatietechniek",
        "We willen een tweede bus en twee monteurs erbij, maar de bank wil eerst een "
        "prognose. Hoe pak ik dat aan?",
        Status.HELD,
        3,
        True,
    ),
    (
        0,
        "Bram Koster",
        "bram@kosterfietsen.nl",
        "Koster Fietsen",
        "Mijn marge op e-bikes zakt elk jaar verder. Moet ik de werkplaats groter maken?",
        Status.HELD,
        18,
        False,
    ),
    (
        1,
        "Noor Hendriks",
        "noor@hendrikscatering.nl",
        "Hendriks Catering",
        "Twee vaste klanten zijn weg. Ik wil weten welke regelingen er zijn om dit jaar "
        "door te komen.",
        Status.HELD,
        17,
        False,
    ),
]


def _place(site):
    name = (site.site_name or "").replace("Ondernemersloket", "").replace("Regio", "").strip()
    return name or "Utrecht"


def _partner(row, site, themes, place):
    name, kind, tier, days, slugs, description, contact, role, local = row
    name = name.format(place=place)
    org = Organisation.objects.filter(name=name, site=site).first()
    if org is not None:
        return org, False
    org = Organisation(
        name=name,
        site=site,
        kind=kind,
        tier=tier,
        reply_time=days,
        description=description,
        website="",
    )
    org.save()
    org.themes.set([themes[slug] for slug in slugs if slug in themes])
    org.save()
    domain = "voorbeeld.nl"
    Contact.objects.create(
        organisation=org, name=contact, role=role, email=f"{local}@{domain}", phone=""
    )
    return org, True


def seed_partners(ctx):
    User = get_user_model()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    first = ctx.site
    second = Site.objects.filter(
        hostname=second_region_hostname(ctx.options["hostname"]), port=ctx.options["port"]
    ).first()
    regions = [site for site in (first, second) if site is not None]
    made = 0
    with transaction.atomic():
        for site in regions:
            for row in PARTNERS:
                made += _partner(row, site, themes, _place(site))[1]
        made += _partner(NATIONAL, None, themes, "")[1]
    if made:
        ctx.count("partners", made)
    managers = [
        User.objects.filter(email__iexact=f"cm.{slug}@{STAFF_DOMAIN}").first()
        for slug in ("utrecht", "gelderland")
    ]
    now = timezone.now()
    requests = 0
    for region, name, email, company, question, status, days, handed in REQUESTS:
        if region >= len(regions) or IntakeRequest.objects.filter(email=email).exists():
            continue
        site, staff = regions[region], managers[region]
        held = now - timedelta(days=days)
        with transaction.atomic():
            intake = IntakeRequest.objects.create(
                name=name,
                email=email,
                company=company,
                company_size="5-9",
                theme=themes.get("financiering"),
                question=question,
                channel=Channel.PHONE,
                phone="06 1234 5678",
                status=status,
                planned_at=held,
                held_at=held,
                handled_by=staff,
                created_at=held - timedelta(days=5),
            )
            label = staff.get_full_name() if staff else ""
            for from_status, to_status, when in (
                ("", Status.NEW, held - timedelta(days=5)),
                (Status.NEW, Status.PLANNED, held - timedelta(days=4)),
                (Status.PLANNED, Status.HELD, held),
            ):
                StatusChange.objects.create(
                    intake=intake,
                    from_status=from_status,
                    to_status=to_status,
                    actor=staff,
                    actor_label=label,
                    created_at=when,
                )
            handover = None
            if handed:
                org = Organisation.objects.get(name=f"Rabobank {_place(site)}", site=site)
                contact = org.contacts.first()
                label_to = f"{contact.name} ({org.name})"
                IntakeRequest.objects.filter(pk=intake.pk).update(
                    status=Status.REFERRED, referred_to=label_to
                )
                StatusChange.objects.create(
                    intake=intake,
                    from_status=Status.HELD,
                    to_status=Status.REFERRED,
                    actor=staff,
                    actor_label=label,
                    note=label_to,
                    created_at=now - timedelta(hours=30),
                )
                handover = Handover.objects.create(
                    intake=intake,
                    site=site,
                    contact=contact,
                    contact_name=contact.name,
                    organisation_name=org.name,
                    tier=org.tier,
                    consent_text=consent_text(contact),
                    consented_at=now - timedelta(hours=30),
                    created_by=staff,
                    created_at=now - timedelta(hours=30),
                    reply_due_at=now - timedelta(hours=30) + org.reply_delta,
                )
            FollowUp.objects.create(
                source_key=f"intake:{intake.pk}",
                kind=FollowUpKind.HANDOVER if handover else FollowUpKind.INTAKE,
                site=site,
                intake=intake,
                handover=handover,
                name=name,
                email=email,
                phone=intake.phone,
                responsible=staff,
                due_on=timezone.localdate(held) + timedelta(days=14),
            )
        requests += 1
    if requests:
        ctx.count("nabelafspraken", requests)
    ctx.note(
        "Partners in drie soorten samenwerking per regio; een overdracht wacht op de bank, "
        "en bij Nabellen staan afspraken die te laat zijn."
        if made or requests
        else "Partners en nabelafspraken bestaan al."
    )
