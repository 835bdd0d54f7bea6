"""The apps that own an event notify through ``notify``: a reply, a helpful answer, an approved
membership, credits, a tip, an experience and a waiting-list offer each reach the member once."""

from datetime import timedelta

import pytest

from django.utils import timezone

from campaigns.dispatch import referral_qualified
from campaigns.models import Referral
from community.models import Membership
from community.services import discussions, membership
from community.services.notifications import notify_followers
from events import services as events
from loket.credits import services as credits
from loket.credits.models import CreditTransaction
from loket.mail.models import OutgoingMail
from loket.notifications import services
from loket.notifications.models import Delivery, Kind, Notification
from testimonials.services import moderation
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ExperienceFactory,
    ExperienceIndexPageFactory,
    MemberFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def _kinds(member):
    return sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


class TestReplies:
    @pytest.fixture
    def thread(self, community, member):
        return discussions.start_thread(
            community, member, kind="vraag", title="Hoe vind ik monteurs?", body="Twee vacatures."
        )

    def test_the_asker_and_the_followers_are_notified_once(self, thread, member, other_member):
        third = MemberFactory(email="esther@example.nl", first_name="Esther")
        MembershipFactory(member=third, community=thread.community, status="lid")
        discussions.post_reply(thread, other_member, "Via het mbo, twee leerlingen per jaar.")
        reply = discussions.post_reply(thread, third, "Een aanbrengpremie werkt bij ons.")

        notify_followers(reply.pk)
        notify_followers(reply.pk)  # a retried task
        assert _kinds(member) == [Kind.THREAD_REPLY]
        assert _kinds(other_member) == [Kind.FOLLOWED_REPLY]
        [notification] = Notification.objects.filter(recipient=member)
        assert notification.title.endswith(" reageerde op ‘Hoe vind ik monteurs?’")
        assert notification.text == "Een aanbrengpremie werkt bij ons."
        assert notification.url.endswith(f"#reactie-{reply.pk}")
        assert OutgoingMail.objects.filter(to=member.email).count() == 1

    def test_never_keeps_the_notification_and_stops_the_mail(self, thread, member, other_member):
        services.set_preferences(member, {Kind.THREAD_REPLY: Delivery.NEVER})
        reply = discussions.post_reply(thread, other_member, "Via het mbo.")
        notify_followers(reply.pk)
        assert _kinds(member) == [Kind.THREAD_REPLY]
        assert not OutgoingMail.objects.filter(to=member.email).exists()

    def test_the_helpful_answer_is_notified_once(self, thread, member, other_member):
        reply = discussions.post_reply(thread, other_member, "Via het mbo.")
        discussions.mark_helpful(thread, member, reply.pk)
        discussions.mark_helpful(thread, member, reply.pk)  # unmark
        discussions.mark_helpful(thread, member, reply.pk)  # and mark again
        assert _kinds(other_member) == [Kind.HELPFUL_ANSWER]
        assert (
            OutgoingMail.objects.filter(
                to=other_member.email, idempotency_key__startswith="community-helpful:"
            ).count()
            == 1
        )


def test_an_approved_membership_is_notified(community):
    manager = MemberFactory(email="cm@example.nl")
    MembershipFactory(
        member=manager, community=community, status="lid", role=Membership.Role.MANAGER
    )
    applicant = MemberFactory(email="nieuw@example.nl")
    request = MembershipFactory(
        member=applicant, community=community, status=Membership.Status.REQUESTED
    )
    membership.approve_request(request, manager)
    [notification] = Notification.objects.filter(recipient=applicant)
    assert notification.kind == Kind.MEMBERSHIP_APPROVED
    assert "Bouwondernemers Amersfoort" in notification.title
    assert notification.url == community.get_full_url()


class TestCredits:
    def test_approved_credits_are_notified(self, member):
        award, _created = credits.award_credits(
            member, 10, reason="Tip een ander", reference="r:1", needs_review=True
        )
        credits.approve_award(award, staff=None)
        [notification] = Notification.objects.filter(recipient=member)
        assert notification.kind == Kind.CREDITS_APPROVED
        assert notification.title == "Je 10 credits zijn goedgekeurd"
        assert notification.url.endswith("/account/credits/")

    def test_never_stops_the_expiry_reminder_mail_only(self, member):
        services.set_preferences(member, {Kind.CREDITS_EXPIRING: Delivery.NEVER})
        row, _created = credits.award_credits(member, 10, reason="Tip", reference="r:1")
        CreditTransaction.objects.filter(pk=row.pk).update(
            expires_at=timezone.now() + timedelta(days=20)
        )
        credits.expire_credits()
        credits.expire_credits()
        assert _kinds(member) == [Kind.CREDITS_EXPIRING]
        assert not OutgoingMail.objects.filter(template="credits_expiry_reminder").exists()


def test_a_qualified_tip_tells_the_member_who_tipped(member):
    newcomer = MemberFactory(email="joost@bakkerij.nl")
    referral = Referral.objects.create(
        referrer=member, referred=newcomer, channel="link", status=Referral.Status.QUALIFIED
    )
    for _ in range(2):  # a signal sent twice
        referral_qualified.send(sender=Referral, referral=referral)
    assert _kinds(member) == [Kind.TIP_QUALIFIED]
    assert _kinds(newcomer) == []
    assert OutgoingMail.objects.filter(to=member.email).count() == 1


class TestExperiences:
    @pytest.fixture
    def experience(self, home, member):
        ExperienceIndexPageFactory(parent=home)
        return ExperienceFactory(
            contributor=member, contributor_email=member.email, status="nieuw", is_public=False
        )

    def test_approval_and_a_question_are_notified(self, experience, member):
        moderation.ask_question(experience, by=None, question="Mogen we je sector noemen?")
        moderation.approve(experience, by=None)
        assert _kinds(member) == [Kind.EXPERIENCE_APPROVED, Kind.MODERATION_QUESTION]
        question = Notification.objects.get(kind=Kind.MODERATION_QUESTION)
        assert question.text == "Mogen we je sector noemen?"

    def test_someone_without_an_account_is_still_mailed(self, experience):
        experience.contributor = None
        experience.contributor_email = "gast@example.nl"
        experience.save()
        moderation.approve(experience, by=None)
        assert not Notification.objects.exists()
        assert OutgoingMail.objects.filter(to="gast@example.nl").exists()


def test_a_waiting_list_offer_is_notified_and_always_mailed(home):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home), capacity=1)
    first = MemberFactory(email="eerst@example.nl")
    waiting = MemberFactory(email="wacht@example.nl")
    seat = events.register_for_event(event, first)
    offered = events.register_for_event(event, waiting)
    events.cancel_registration(seat.token)
    offered.refresh_from_db()
    [notification] = Notification.objects.filter(recipient=waiting)
    assert notification.kind == Kind.WAITING_LIST_OFFER
    assert notification.delivery == Delivery.DIRECT
    assert notification.url == offered.offer_url()
    assert OutgoingMail.objects.filter(to=waiting.email, template="events_offer").count() == 1
