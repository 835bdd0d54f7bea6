"""The ``seed_demo`` step of satisfaction: half a year of contacts and answers in every region,
so the Tevredenheid charts look like a desk at work.

Idempotent: every demo contact has a fixed key (``demo:<region>:<n>``) and rows that exist are
skipped. Rows are written directly, so the demo sends no mail and raises no alert.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Site

from loket.themes.models import Theme

from .models import ContactKind, Rating, Resolved, SatisfactionSettings

# Half a year, so the view's default period (six months) is filled: at least three months.
CONTACTS_PER_REGION = 200
DAYS = 182

ADVISERS = {
    ContactKind.INTAKE: ["Annemiek de Boer", "Youssef El Amrani", "Ingrid Hoekstra"],
    ContactKind.SPEEDCONSULT: ["Henk Vos (oud-ondernemer)", "Marleen Kuipers (oud-ondernemer)"],
    ContactKind.HANDOVER: ["Rabobank Regio", "KVK Adviesteam", "Accountantskantoor Meijer"],
    ContactKind.MEETUP: ["Team Communitymanagement"],
    ContactKind.INTERVISION: ["Carla Smit (begeleider)", "Bas Verbeek (begeleider)"],
}
KIND_WEIGHTS = [
    (ContactKind.INTAKE, 4),
    (ContactKind.SPEEDCONSULT, 3),
    (ContactKind.HANDOVER, 2),
    (ContactKind.MEETUP, 5),
    (ContactKind.INTERVISION, 2),
]
FIRST_NAMES = ["Sanne", "Jeroen", "Fatima", "Kees", "Anouk", "Ruben", "Priya", "Tom", "Eva", "Sem"]
HIGH = [
    "Binnen een uur wist ik wat mijn eerste stap moest zijn.",
    "Eindelijk iemand die snapt hoe het is om een klein bedrijf te runnen.",
    "De doorverwijzing naar de bank scheelde me weken zoeken.",
    "Fijn om te horen hoe andere ondernemers dit hebben aangepakt.",
    "Concreet advies, geen verkooppraatje.",
]
LOW = [
    "Het duurde lang voordat iemand terugbelde.",
    "Ik had gehoopt op meer concrete tips voor mijn sector.",
]


def _score(rng: random.Random, kind: str) -> int:
    base = {"intake": 8, "speedconsult": 7.5, "overdracht": 7.2, "bijeenkomst": 7.8}.get(kind, 8.2)
    return max(1, min(10, round(rng.gauss(base, 1.3))))


def seed_satisfaction(ctx) -> None:
    themes = list(Theme.objects.order_by("pk"))
    now = timezone.now()
    made = 0
    for site in Site.objects.order_by("pk"):
        SatisfactionSettings.objects.get_or_create(site=site)
        rng = random.Random(site.pk * 7919)  # noqa: S311 - demo figures, not security
        existing = set(
            Rating.objects.filter(contact_key__startswith=f"demo:{site.pk}:").values_list(
                "contact_key", flat=True
            )
        )
        rows = []
        kinds = [k for k, w in KIND_WEIGHTS for _i in range(w)]
        for n in range(CONTACTS_PER_REGION):
            key = f"demo:{site.pk}:{n}"
            kind = rng.choice(kinds)
            contact_at = now - timedelta(days=rng.uniform(1, DAYS), hours=rng.uniform(0, 8))
            answered = rng.random() < 0.68
            score = _score(rng, kind) if answered else None
            sentence = ""
            if answered and rng.random() < 0.35:
                sentence = rng.choice(HIGH if score >= 7 else LOW)
            name = rng.choice(FIRST_NAMES)
            if key in existing:
                continue
            rows.append(
                Rating(
                    site=site,
                    kind=kind,
                    contact_key=key,
                    contact_label=str(ContactKind(kind).label),
                    contact_at=contact_at,
                    created_at=contact_at,
                    name=name,
                    email=f"{name.lower()}.{n}@voorbeeld.nl",
                    theme=rng.choice(themes) if themes else None,
                    adviser=rng.choice(ADVISERS[ContactKind(kind)]),
                    answered_at=contact_at + timedelta(hours=rng.uniform(2, 72))
                    if answered
                    else None,
                    score=score,
                    ces=max(1, min(5, round(rng.gauss(2.2 if (score or 0) >= 7 else 3.4, 0.8))))
                    if answered
                    else None,
                    resolved=(
                        rng.choice([Resolved.YES] * 6 + [Resolved.PARTLY] * 3 + [Resolved.NO])
                        if (score or 0) >= 7
                        else rng.choice([Resolved.PARTLY, Resolved.NO, Resolved.NO])
                    )
                    if answered
                    else "",
                    sentence=sentence,
                    alerted_at=contact_at if answered and score <= 5 else None,
                )
            )
        Rating.objects.bulk_create(rows, ignore_conflicts=True)
        made += len(rows)
    made += _seed_demo_member(now, themes)
    ctx.count("tevredenheidsvragen", made)
    ctx.note(f"Tevredenheid: {made} contacten met antwoorden over een half jaar, in elke regio.")


DEMO_MEMBER = "sanne.devries@example.com"


def _seed_demo_member(now, themes) -> int:
    """The demo member's own: one answered speedconsult and one open intake question, so her
    account page shows where the question waits."""
    member = get_user_model().objects.filter(email=DEMO_MEMBER).first()
    site = Site.objects.filter(is_default_site=True).first()
    if member is None or site is None:
        return 0
    theme = next((t for t in themes if t.slug == "financien"), themes[0] if themes else None)
    made = 0
    for key, kind, days, answered in (
        ("demo:lid:speedconsult", ContactKind.SPEEDCONSULT, 20, True),
        ("demo:lid:intake", ContactKind.INTAKE, 2, False),
    ):
        contact_at = now - timedelta(days=days)
        _rating, created = Rating.objects.get_or_create(
            contact_key=key,
            defaults={
                "site": site,
                "kind": kind,
                "contact_label": "Financiering voor de tweede winkel",
                "contact_at": contact_at,
                "created_at": contact_at,
                "user": member,
                "email": member.email,
                "name": member.get_full_name(),
                "theme": theme,
                "adviser": "Annemiek de Boer",
                "answered_at": contact_at + timedelta(hours=6) if answered else None,
                "score": 9 if answered else None,
                "ces": 1 if answered else None,
                "resolved": Resolved.YES if answered else "",
                "sentence": "Binnen een kwartier wist ik welke financier bij ons past."
                if answered
                else "",
            },
        )
        made += int(created)
    return made
