"""A member whose home (``/account/``) has every panel filled, ``n`` items of each kind: shared by
the query-count test and the real-browser test."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from campaigns.models import Referral
from community.intervision.models import (
    IntervisionGroup,
    IntervisionParticipant,
    IntervisionSession,
)
from community.models import Membership, Thread
from events.models import Registration
from loket.credits import services as credits
from loket.credits.models import Reward
from loket.intake.models import IntakeRequest
from loket.notifications.services import mark_read, notify
from loket.themes.models import Theme
from testimonials.models import Experience
from tests.factories import (
    CampaignIndexPageFactory,
    CommunityIndexPageFactory,
    CommunityPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ExperienceFactory,
    ExperienceIndexPageFactory,
    IntervisionIndexPageFactory,
    MemberFactory,
    RegistrationFactory,
)


def build_pages(home):
    """The index pages the panels link to, once per site tree."""
    return {
        "agenda": EventIndexPageFactory(parent=home),
        "communities": CommunityIndexPageFactory(parent=home),
        "intervision": IntervisionIndexPageFactory(parent=home),
        "testimonials": ExperienceIndexPageFactory(parent=home),
        "campaigns": CampaignIndexPageFactory(parent=home),
    }


def fill_home(member, n: int, *, tag: str = "") -> None:
    """Give ``member`` ``n`` of everything the home shows."""
    now = timezone.now()
    theme = Theme.objects.order_by("pk").first()
    other = MemberFactory()
    for i in range(n):
        # What's next: meetups with a seat (cancel, .ics) and one on the waiting list.
        upcoming = EventPageFactory(start=now + timedelta(days=3 + i))
        upcoming.themes.add(theme)
        upcoming.save()  # a ParentalManyToManyField is written on save
        RegistrationFactory(
            event=upcoming,
            user=member,
            status=Registration.Status.WAITING if i == 0 else Registration.Status.CONFIRMED,
        )
        # Waiting for me: a seat offered from the waiting list.
        offered = EventPageFactory(start=now + timedelta(days=20 + i))
        RegistrationFactory(
            event=offered,
            user=member,
            status=Registration.Status.OFFERED,
            offer_expires_at=now + timedelta(hours=40),
        )
        # Past meetups of its theme: "deel je ervaring" (one already shared).
        past = EventPageFactory(
            title=f"Terugblik: personeel vinden {tag}{i}",
            start=now - timedelta(days=5 + i),
        )
        past.themes.add(theme)
        past.save()  # a ParentalManyToManyField is written on save
        RegistrationFactory(event=past, user=member, checked_in_at=past.start)
        if i == 0:
            ExperienceFactory(
                contributor=member,
                event=past,
                subject_kind="bijeenkomst",
                quote="De bijeenkomst gaf me drie ideeën die ik meteen toepaste.",
            )
        # Conversations with the desk, asked for and planned.
        IntakeRequest.objects.create(
            name=member.get_full_name() or "Lid",
            email=member.email,
            theme=theme,
            question="Hoe financier ik de uitbreiding van mijn werkplaats?",
            channel="video",
            user=member,
            status="ingepland" if i % 2 else "nieuw",
            planned_at=now + timedelta(days=4 + i) if i % 2 else None,
        )
        # Communities with unread threads.
        community = CommunityPageFactory(title=f"Ondernemers in de bouw {tag}{i}")
        Membership.objects.create(
            member=member,
            community=community,
            status="lid",
            joined_at=now - timedelta(days=30),
            last_visit_at=now - timedelta(days=2),
        )
        Thread.objects.create(
            community=community,
            author=other,
            title="Wie kent een goede boekhouder?",
            body="<p>?</p>",
        )
        # Intervision: a group with a session ahead.
        group = IntervisionGroup.objects.create(
            title=f"Intervisiegroep Groei {tag}{i}",
            theme=theme,
            province="utrecht",
            status="actief",
        )
        IntervisionParticipant.objects.create(group=group, member=member)
        IntervisionSession.objects.create(
            group=group,
            starts_at=now + timedelta(days=6 + i),
            ends_at=now + timedelta(days=6 + i, hours=2),
            location="Het Ondernemershuis",
        )
        # Waiting for me: a question from the editors and a quote edit.
        ExperienceFactory(
            contributor=member,
            status=Experience.Status.QUESTION if i % 2 else Experience.Status.NEW,
            proposed_quote="" if i % 2 else "Een korter citaat, voorgesteld door de redactie.",
            is_public=False,
        )
        # Tips and rewards.
        Referral.objects.create(
            referrer=member, channel="mail", email=f"tip{tag}{i}@voorbeeld.nl", name=f"Tip {i}"
        )
        reward = Reward.objects.create(
            title=f"Gesprek met een bekende ondernemer {tag}{i}", price=5, stock=10
        )
        credits.award_credits(member, 10, reason="Tip gekwalificeerd", reference=f"home:{tag}{i}")
        redemption = credits.redeem(member, reward)
        if i % 2:
            credits.schedule_redemption(
                redemption, when=now + timedelta(days=9), note="Bij Jan", staff=None
            )
        # Waiting for me: unread notifications (two per item, one of them read already).
        notify(
            member,
            "thread_reply",
            key=f"home:{tag}{i}",
            title=f"Nieuwe reactie in ‘Wie kent een goede boekhouder?’ {tag}{i}",
            url=community.url,
        )
        read = notify(
            member, "thread_reply", key=f"home-read:{tag}{i}", title="Al gelezen", url=community.url
        )
        mark_read(member, read.pk)
