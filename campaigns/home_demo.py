"""``seed_demo``: the demo member's home (``/account/``) looks lived in. Sanne de Vries already
has meetups, a community and an experience from the earlier steps; this step adds what a member a
few months in also has: a planned conversation, a seat offered from the waiting list, a quote edit
to agree to, credits with a reward on its way, a tip, and a discussion she has not read yet.
Idempotent: each part is looked up before it is made."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from community.models import Membership, Thread
from events.models import EventPage, Registration
from loket.accounts.models import User
from loket.credits import services as credits
from loket.credits.models import Redemption, Reward
from loket.intake.models import IntakeRequest, Status
from loket.themes.models import Theme
from testimonials.models import Experience

from .models import Referral

DEMO_MEMBER = "sanne.devries@example.com"
QUESTION = "We groeien, maar een vast contract durf ik nog niet aan. Hoe deden jullie dat?"


def seed_member_home(ctx) -> None:
    sanne = User.objects.filter(email=DEMO_MEMBER).first()
    if sanne is None:
        ctx.note("Thuispagina: het voorbeeldlid ontbreekt, overgeslagen.")
        return
    now = timezone.now()
    _conversation(sanne, now)
    _offer(sanne, now)
    _quote_edit(sanne)
    _credits(sanne, now)
    _tip(sanne)
    _unread(sanne, now)
    ctx.note(f"Thuispagina van {DEMO_MEMBER}: alle panelen gevuld.")


def _conversation(sanne, now):
    if IntakeRequest.objects.filter(user=sanne, status=Status.PLANNED).exists():
        return
    IntakeRequest.objects.create(
        name="Sanne de Vries",
        email=sanne.email,
        company="Bakkerij De Vries",
        theme=Theme.objects.filter(slug="financiering").first(),
        question="Ik wil een tweede winkel openen. Hoe financier ik de verbouwing?",
        channel="video",
        user=sanne,
        status=Status.PLANNED,
        planned_at=(now + timedelta(days=6)).replace(hour=10, minute=0, second=0, microsecond=0),
    )


def _offer(sanne, now):
    if Registration.objects.filter(user=sanne, status=Registration.Status.OFFERED).exists():
        return
    taken = Registration.objects.filter(user=sanne).exclude(status="geannuleerd")
    event = (
        EventPage.objects.live()
        .filter(start__gt=now + timedelta(days=2), cancelled=False)
        .exclude(pk__in=taken.values("event_id"))
        .order_by("start")
        .first()
    )
    if event is None:
        return
    Registration.objects.create(
        event=event,
        user=sanne,
        status=Registration.Status.OFFERED,
        offer_expires_at=now + timedelta(hours=40),
    )


def _quote_edit(sanne):
    experience = Experience.objects.filter(contributor=sanne).order_by("pk").first()
    if experience is None or experience.proposed_quote:
        return
    experience.proposed_quote = (
        "Eén avond met collega-ondernemers leverde me meer op dan een jaar piekeren."
    )
    experience.save(update_fields=["proposed_quote", "updated_at"])


def _credits(sanne, now):
    credits.award_credits(
        sanne, 30, reason="Tip gekwalificeerd: Bakkerij Jansen", reference="demo:thuis:sanne"
    )
    if Redemption.objects.filter(member=sanne).exists():
        return
    reward = Reward.objects.filter(active=True).order_by("price").first()
    if reward is None:
        return
    redemption = credits.redeem(sanne, reward)
    credits.schedule_redemption(
        redemption,
        when=(now + timedelta(days=10)).replace(hour=14, minute=0, second=0, microsecond=0),
        note="We sturen het boek naar je winkel.",
        staff=None,
    )


def _tip(sanne):
    if Referral.objects.filter(referrer=sanne).exists():
        return
    Referral.objects.create(
        referrer=sanne,
        channel=Referral.Channel.MAIL,
        email="henk.jansen@example.com",
        name="Henk",
    )


def _unread(sanne, now):
    membership = (
        Membership.objects.filter(member=sanne, status=Membership.Status.MEMBER)
        .select_related("community")
        .first()
    )
    if membership is None:
        return
    Membership.objects.filter(pk=membership.pk).update(last_visit_at=now - timedelta(days=3))
    title = "Wie heeft ervaring met een vaste kracht op oproepbasis?"
    if Thread.objects.filter(community=membership.community, title=title).exists():
        return
    author = (
        Membership.objects.filter(community=membership.community, status=Membership.Status.MEMBER)
        .exclude(member=sanne)
        .values_list("member", flat=True)
        .first()
    )
    Thread.objects.create(
        community=membership.community,
        author_id=author,
        title=title,
        body=f"<p>{QUESTION}</p>",
        source=QUESTION,
        last_activity_at=now - timedelta(hours=5),
    )
