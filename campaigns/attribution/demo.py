"""The ``seed_demo`` step of campaign results: six weeks of attributed traffic.

For the launch campaign "Een kritische blik" (``een-kritische-blik``) and the word-of-mouth
campaign (``tip-een-ander-najaar``): visits per channel and day with a launch peak and a bump
after each mailing, and the conversions that followed, so the results page shows real charts.
Deterministic (a fixed seed) and idempotent: demo conversions carry keys starting with
``demo:``; when they exist the step does nothing.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Conversion, ConversionKind, DailyVisits

LAUNCH, WORD_OF_MOUTH = "een-kritische-blik", "tip-een-ander-najaar"

# channel: share of the day's visits
CHANNELS = {
    LAUNCH: {
        "mailing/email": 0.38,
        "linkedin/social": 0.24,
        "nieuwsbrief-kvk/email": 0.12,
        "direct": 0.16,
        "referral": 0.10,
    },
    WORD_OF_MOUTH: {
        "referral": 0.55,
        "mailing/email": 0.25,
        "whatsapp/social": 0.08,
        "direct": 0.12,
    },
}
# conversions per visit, by kind; the referral channel converts better
RATES = {
    LAUNCH: {
        ConversionKind.SIGNUP: 0.05,
        ConversionKind.INTAKE: 0.03,
        ConversionKind.EVENT: 0.025,
        ConversionKind.COMMUNITY: 0.012,
        ConversionKind.EXPERIENCE: 0.004,
        ConversionKind.OFFER: 0.02,
        ConversionKind.TIP: 0.01,
    },
    WORD_OF_MOUTH: {
        ConversionKind.SIGNUP: 0.08,
        ConversionKind.INTAKE: 0.025,
        ConversionKind.EVENT: 0.03,
        ConversionKind.COMMUNITY: 0.015,
        ConversionKind.EXPERIENCE: 0.006,
        ConversionKind.TIP: 0.05,
    },
}
LENGTH = {LAUNCH: 42, WORD_OF_MOUTH: 21}
# days since the start on which a mailing went out: visits jump for two days
MAILINGS = {LAUNCH: (0, 14, 28), WORD_OF_MOUTH: (3, 15)}
OFFER_PLACES = 50


def _visits(rng, code, day_index):
    base = 140 if code == LAUNCH else 60
    # a launch peak that fades, and a weekend dip
    level = base * (0.35 + 0.65 * 0.93**day_index)
    if any(0 <= day_index - sent <= 1 for sent in MAILINGS[code]):
        level *= 2.2
    return max(0, int(rng.gauss(level, level * 0.12)))


def seed_attribution(ctx):
    if Conversion.objects.filter(object_key__startswith="demo:").exists():
        ctx.note("Campagneresultaten: voorbeeldverkeer bestaat al.")
        return
    rng = random.Random(8)  # noqa: S311 - demo figures, not security
    today = timezone.localdate()
    visits, conversions = [], []
    offers_left = OFFER_PLACES
    for code, length in LENGTH.items():
        start = today - timedelta(days=length - 1)
        for i in range(length):
            day = start + timedelta(days=i)
            weekend = day.weekday() >= 5
            total = _visits(rng, code, i) // (2 if weekend else 1)
            for channel, share in CHANNELS[code].items():
                n = round(total * share * rng.uniform(0.85, 1.15))
                if not n:
                    continue
                engaged = round(n * rng.uniform(0.45, 0.6))
                visits.append(
                    DailyVisits(
                        day=day, campaign_code=code, channel=channel, visits=n, engaged=engaged
                    )
                )
                boost = 1.6 if channel == "referral" else 1.0
                for kind, rate in RATES[code].items():
                    count = sum(rng.random() < rate * boost for _visit in range(n))
                    if kind == ConversionKind.OFFER:
                        count = min(count, offers_left)
                        offers_left -= count
                    for _n in range(count):
                        conversions.append(
                            Conversion(
                                kind=kind,
                                object_key=f"demo:{code}:{len(conversions)}",
                                campaign_code=code,
                                channel=channel,
                                first_campaign_code=code,
                                by_referred_member=channel == "referral" and kind == "tip",
                                day=day,
                            )
                        )
                    # about a third of the tipped sign-ups qualify, a week or so later
                    if kind == ConversionKind.SIGNUP and channel == "referral":
                        for _n in range(count):
                            later = day + timedelta(days=rng.randint(4, 12))
                            if later <= today and rng.random() < 0.35:
                                conversions.append(
                                    Conversion(
                                        kind=ConversionKind.QUALIFIED,
                                        object_key=f"demo:{code}:{len(conversions)}",
                                        campaign_code=code,
                                        channel=channel,
                                        first_campaign_code=code,
                                        by_referred_member=True,
                                        day=later,
                                    )
                                )
    with transaction.atomic():
        codes = list(LENGTH)
        DailyVisits.objects.filter(campaign_code__in=codes).delete()
        DailyVisits.objects.bulk_create(visits)
        Conversion.objects.bulk_create(conversions)
    ctx.count("bezoekdagen per kanaal", len(visits))
    ctx.count("conversies", len(conversions))
    ctx.note(
        "Campagneresultaten: zes weken verkeer voor 'Een kritische blik' en 'Tip een ander "
        "najaar' (Admin → Campagneresultaten)."
    )
