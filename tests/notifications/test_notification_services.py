"""notify(): one notification per thing that happened, and its mail as the member chose."""

import pytest

from loket.accounts.services import send_password_reset
from loket.mail.models import OutgoingMail
from loket.notifications import services
from loket.notifications.models import Delivery, Kind, MailPreference, Notification

pytestmark = pytest.mark.django_db


def _mail(member, key="test-mail:1"):
    return services.standard_mail(
        member,
        key=key,
        subject="Je antwoord is gekozen als nuttigste",
        paragraphs=["Pieter vond jouw antwoord het nuttigst."],
        button_label="Bekijk de discussie",
        url="https://loket.example.nl/communities/bouw/",
    )


def _notify(member, kind=Kind.HELPFUL_ANSWER, key="1", mail=True):
    return services.notify(
        member,
        kind,
        key=key,
        title="Je antwoord is gekozen als nuttigste",
        url="/communities/bouw/",
        mail=_mail(member, f"test-mail:{kind}:{key}") if mail else None,
    )


def test_notifying_twice_makes_one_notification_and_one_mail(member):
    first = _notify(member)
    second = _notify(member)
    assert first.pk == second.pk
    assert Notification.objects.filter(recipient=member).count() == 1
    assert OutgoingMail.objects.filter(to=member.email).count() == 1
    assert services.unread_count(member) == 1


def test_the_same_key_of_another_kind_is_another_notification(member):
    _notify(member, Kind.HELPFUL_ANSWER, key="7")
    _notify(member, Kind.THREAD_REPLY, key="7")
    assert services.unread_count(member) == 2


def test_never_stops_the_mail_but_keeps_the_notification(member):
    services.set_preferences(member, {Kind.HELPFUL_ANSWER: Delivery.NEVER})
    notification = _notify(member)
    assert notification.mail is None
    assert notification.delivery == Delivery.NEVER
    assert not OutgoingMail.objects.filter(to=member.email).exists()
    assert services.unread_count(member) == 1


def test_never_for_one_kind_leaves_the_others_direct(member):
    services.set_preferences(member, {Kind.HELPFUL_ANSWER: Delivery.NEVER})
    assert _notify(member, Kind.CREDITS_APPROVED).mail is not None


def test_a_transactional_mail_still_goes_when_every_kind_is_never(member):
    services.set_preferences(member, dict.fromkeys(services.preferences_for(member), "never"))
    send_password_reset(member, uidb64="MQ", token="abc-123", base_url="https://loket.example.nl")
    assert OutgoingMail.objects.filter(to=member.email, template="accounts_password_reset").exists()
    # And the waiting-list offer is no choice: its mail always goes.
    offer = _notify(member, Kind.WAITING_LIST_OFFER)
    assert offer.mail is not None


def test_the_waiting_list_offer_cannot_be_turned_off(member):
    assert Kind.WAITING_LIST_OFFER.value not in services.preferences_for(member)
    with pytest.raises(ValueError):
        services.set_preferences(member, {Kind.WAITING_LIST_OFFER: Delivery.NEVER})
    with pytest.raises(ValueError):
        services.set_preferences(member, {Kind.HELPFUL_ANSWER: "soms"})
    assert not MailPreference.objects.exists()


def test_a_member_who_left_gets_no_notification(member):
    member.is_active = False
    member.save()
    assert _notify(member) is None
    assert not Notification.objects.exists()


class TestDigest:
    def test_digest_kinds_wait_for_one_daily_mail(self, member, django_capture_on_commit_callbacks):
        services.set_preferences(
            member, {Kind.HELPFUL_ANSWER: Delivery.DIGEST, Kind.THREAD_REPLY: Delivery.DIGEST}
        )
        _notify(member, Kind.HELPFUL_ANSWER)
        _notify(member, Kind.THREAD_REPLY)
        assert not OutgoingMail.objects.filter(to=member.email).exists()

        with django_capture_on_commit_callbacks(execute=True):
            assert services.send_digests() == 1
            # Run again (a retried task): nothing new, nothing sent.
            assert services.send_digests() == 0
        [digest] = OutgoingMail.objects.filter(to=member.email, template="notifications_digest")
        assert digest.category == "bulk"
        assert "2 meldingen" in digest.subject
        assert "Je antwoord is gekozen als nuttigste" in digest.text
        assert "/account/meldingen/mail/" in digest.text

    def test_what_arrives_after_a_digest_goes_in_the_next(self, member):
        services.set_preferences(member, {Kind.HELPFUL_ANSWER: Delivery.DIGEST})
        _notify(member, key="1")
        services.send_digests()
        _notify(member, key="2")
        services.send_digests()
        assert OutgoingMail.objects.filter(template="notifications_digest").count() == 2

    def test_direct_and_never_kinds_stay_out_of_the_digest(self, member):
        services.set_preferences(member, {Kind.HELPFUL_ANSWER: Delivery.NEVER})
        _notify(member, Kind.HELPFUL_ANSWER)
        _notify(member, Kind.CREDITS_APPROVED)
        assert services.send_digests() == 0


def test_marking_read_is_per_member(member, other_member, make_notifications):
    mine = make_notifications(member, 3)
    make_notifications(other_member, 2)
    assert services.mark_read(other_member, mine[0].pk) is None
    assert services.mark_read(member, mine[0].pk).read_at is not None
    assert services.unread_count(member) == 2
    assert services.mark_all_read(member) == 2
    assert services.unread_count(member) == 0
    assert services.unread_count(other_member) == 2
