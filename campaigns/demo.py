"""The ``seed_demo`` step of Tip een ander: tips in every state, credits, rewards.

Idempotent: members are found by address, tips by the new member or tipped address, ledger rows
by their unique reference; nothing is added twice.
"""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from loket.accounts.services import create_member
from loket.credits import services as credits
from loket.credits.models import CreditTransaction, Kind, Reward
from loket.mail.models import address_hash

from . import services
from .models import Referral

REWARDS = [
    (
        "Gratis plek bij een seminar",
        Reward.Type.SEAT,
        20,
        50,
        "Kies een seminar uit de agenda en vink bij het aanmelden 'Betaal met credits' aan.",
    ),
    (
        "Gesprek met een bekende ondernemer",
        Reward.Type.CONVERSATION,
        40,
        10,
        "Een uur sparren met een van onze ambassadeurs, bij hen op de zaak of online.",
    ),
    (
        "Boek: Grip op je cijfers",
        Reward.Type.OTHER,
        10,
        25,
        "Het praktische boek van onze financieel adviseur, met zijn handtekening.",
    ),
]


def _member(email, first_name, last_name, password):
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        with transaction.atomic():
            user = create_member(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                verified=True,
            )
    return user


def seed_referrals(ctx):
    for title, kind, price, stock, description in REWARDS:
        Reward.objects.get_or_create(
            title=title,
            defaults={"type": kind, "price": price, "stock": stock, "description": description},
        )
    if Referral.objects.filter(referrer__email="anouk.tipgever@example.nl").exists():
        ctx.note("Tip een ander: voorbeeldtips bestaan al.")
        return
    password = secrets.token_urlsafe(10)
    anouk = _member("anouk.tipgever@example.nl", "Anouk", "Meijer", password)
    services.code_for(anouk)
    # getipt: one mail, address kept while the tip can qualify
    Referral.objects.create(
        referrer=anouk,
        channel=Referral.Channel.MAIL,
        email="joost.bakker@example.com",
        email_hash=address_hash(services.household("joost.bakker@example.com")),
        name="Joost",
        note=str(services.suggested_note(anouk)),
    )
    # aangemeld, gekwalificeerd, and one whose award is reversed
    people = [
        ("fatima.elamrani@example.nl", "Fatima", "El Amrani"),
        ("ruud.dekker@example.nl", "Ruud", "Dekker"),
        ("lotte.visser@example.nl", "Lotte", "Visser"),
    ]
    new = [_member(email, first, last, password) for email, first, last in people]
    for user in new:
        services.attribute(user, code=services.code_for(anouk))
    for user in new[1:]:
        services.qualify(user, source="attendance", reference="demo:bijeenkomst")
    admin = get_user_model().objects.filter(is_superuser=True).first()
    for award in CreditTransaction.objects.filter(member=anouk, kind=Kind.AWARD):
        if award.status == "in_behandeling":
            credits.approve_award(award, staff=admin)
    lotte_award = CreditTransaction.objects.get(
        member=anouk, reference=f"referral:{new[2].referral.pk}:tipgever"
    )
    credits.reverse_award(
        lotte_award, staff=admin, reason="Teruggedraaid: aanmelding bleek een dubbel account"
    )
    # a spent reward and an expired credit
    credits.award_credits(
        anouk,
        20,
        reason="Bonus: ambassadeur van de maand",
        reference="demo:ambassadeur",
    )
    credits.redeem(anouk, Reward.objects.get(title="Boek: Grip op je cijfers"))
    old = credits.award_credits(
        new[1], 5, reason="Actie lanceringscampagne", reference="demo:lancering"
    )[0]
    CreditTransaction.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    credits.expire_member(new[1])
    ctx.count("tips", Referral.objects.filter(referrer=anouk).count())
    ctx.note(
        f"Tip een ander: anouk.tipgever@example.nl met tips in elke fase, wachtwoord: {password}"
    )
