"""Registering, the waiting list, offers, cancelling, check-in and reminders (events.services)."""

from datetime import timedelta

import pytest

from django.utils import timezone

from events import services
from events.models import EventStatus, Registration
from events.services import RegistrationError

Status = Registration.Status

pytestmark = pytest.mark.django_db


def fill(event, make_member, n, **kwargs):
    return [services.register_for_event(event, make_member(), **kwargs) for _ in range(n)]


def snapshot():
    return list(
        Registration.objects.order_by("pk").values_list("pk", "status", "seats", "offer_expires_at")
    )


class TestRegister:
    def test_a_member_gets_a_confirmed_seat_and_a_confirmation_mail(self, event, member, outbox):
        registration = services.register_for_event(event, member, answer="Hoe vind ik personeel?")

        assert registration.status == Status.CONFIRMED
        assert registration.seats == 1
        assert registration.answer == "Hoe vind ik personeel?"
        mails = outbox(to=member.email)
        assert [m.template for m in mails] == ["events_confirmation"]
        assert event.title in mails[0].subject
        assert registration.cancel_url() in mails[0].text
        assert "/ical/" in mails[0].text
        assert event.seats_left == 19

    def test_the_confirmation_mail_carries_the_event_as_an_ics_file(
        self, event, member, django_capture_on_commit_callbacks, mailoutbox
    ):
        from icalendar import Calendar

        with django_capture_on_commit_callbacks(execute=True):
            services.register_for_event(event, member)

        (message,) = [m for m in mailoutbox if m.to == [member.email]]
        ((filename, content, mimetype),) = message.attachments
        assert filename == f"{event.slug}.ics"
        assert mimetype == "text/calendar"
        (vevent,) = Calendar.from_ical(content).walk("VEVENT")
        assert str(vevent["SUMMARY"]) == event.title
        assert vevent.decoded("DTSTART") == event.start.replace(microsecond=0)

    def test_the_answer_is_stored_without_markup(self, event, member):
        registration = services.register_for_event(
            event, member, answer="<script>alert(1)</script><b>Groei</b>"
        )
        assert "<" not in registration.answer
        assert "Groei" in registration.answer

    def test_registering_twice_is_refused_and_stores_nothing(self, event, member, outbox):
        services.register_for_event(event, member)
        before, mails = snapshot(), len(outbox())

        with pytest.raises(RegistrationError) as error:
            services.register_for_event(event, member)

        assert error.value.code == "duplicate"
        assert "al aangemeld" in error.value.message
        assert snapshot() == before
        assert len(outbox()) == mails

    def test_someone_on_the_waiting_list_hears_they_are_already_waiting(
        self, make_event, make_member, member
    ):
        event = make_event(capacity=1)
        fill(event, make_member, 1)
        services.register_for_event(event, member)
        with pytest.raises(RegistrationError, match="wachtlijst"):
            services.register_for_event(event, member)

    def test_after_cancelling_one_may_register_again(self, event, member):
        first = services.register_for_event(event, member)
        services.cancel_registration(first.token)
        second = services.register_for_event(event, member)
        assert second.status == Status.CONFIRMED
        assert second.pk != first.pk

    @pytest.mark.parametrize(
        ("fields", "code", "text"),
        [
            ({"registration_closes_at": -1}, "closed", "gesloten"),
            ({"registration_opens_at": +1}, "not_yet_open", "Aanmelden kan vanaf"),
            (
                {"cancelled": True, "cancellation_reason": "De spreker is ziek."},
                "cancelled",
                "geannuleerd",
            ),
        ],
    )
    def test_refused_when_registration_is_not_open(
        self, make_event, member, outbox, fields, code, text
    ):
        now = timezone.now()
        for name in ("registration_closes_at", "registration_opens_at"):
            if name in fields:
                fields[name] = now + timedelta(days=fields[name])
        event = make_event(**fields)

        with pytest.raises(RegistrationError) as error:
            services.register_for_event(event, member)

        assert error.value.code == code
        assert text in error.value.message
        assert not Registration.objects.exists()
        assert outbox() == []

    def test_refused_for_a_past_event(self, make_event, member):
        event = make_event(start=timezone.now() - timedelta(days=2))
        with pytest.raises(RegistrationError) as error:
            services.register_for_event(event, member)
        assert error.value.code == "past"
        assert not Registration.objects.exists()

    def test_an_inactive_account_cannot_register(self, event, make_member):
        user = make_member(is_active=False)
        with pytest.raises(RegistrationError):
            services.register_for_event(event, user)

    def test_a_too_long_answer_is_refused(self, event, member):
        with pytest.raises(RegistrationError, match="te lang"):
            services.register_for_event(event, member, answer="x" * 1001)
        assert not Registration.objects.exists()


class TestCapacity:
    def test_when_full_the_next_one_goes_on_the_waiting_list(self, make_event, make_member, outbox):
        event = make_event(capacity=2)
        confirmed = fill(event, make_member, 2)
        waiting = services.register_for_event(event, make_member())

        assert [r.status for r in confirmed] == [Status.CONFIRMED, Status.CONFIRMED]
        assert waiting.status == Status.WAITING
        assert outbox(to=waiting.user.email)[0].template == "events_waiting_list"
        assert waiting.leave_url() in outbox(to=waiting.user.email)[0].text
        assert event.get_status() == EventStatus.FULL

    def test_colleagues_count_together(self, event, member):
        registration = services.register_for_event(
            event, member, colleagues=[{"name": "Piet Jansen", "email": "piet@example.nl"}, "Fatma"]
        )
        assert registration.seats == 3
        assert registration.colleague_names == ["Piet Jansen", "Fatma"]
        assert event.seats_left == 17

    def test_a_party_that_does_not_fit_goes_on_the_waiting_list_whole(
        self, make_event, make_member, member
    ):
        event = make_event(capacity=3)
        fill(event, make_member, 2)
        registration = services.register_for_event(event, member, colleagues=["Piet", "Fatma"])

        assert registration.status == Status.WAITING
        assert registration.seats == 3
        assert services.seats_held(event) == 2

    def test_a_party_larger_than_the_room_is_refused(self, make_event, member):
        event = make_event(capacity=2, max_colleagues=5)
        with pytest.raises(RegistrationError, match="Zoveel plaatsen"):
            services.register_for_event(event, member, colleagues=["Piet", "Fatma"])
        assert not Registration.objects.exists()

    def test_more_colleagues_than_allowed_is_refused(self, make_event, member):
        event = make_event(max_colleagues=1)
        with pytest.raises(RegistrationError, match="maximaal 1"):
            services.register_for_event(event, member, colleagues=["Piet", "Fatma"])
        assert not Registration.objects.exists()

    @pytest.mark.parametrize(
        ("colleagues", "text"),
        [
            ([{"name": "Piet", "email": "geen-adres"}], "klopt niet"),
            ([{"name": "", "email": "piet@example.nl"}], "naam"),
            (
                [
                    {"name": "Piet", "email": "p@example.nl"},
                    {"name": "Piet", "email": "p@example.nl"},
                ],
                "twee keer",
            ),
            ([42], "naam"),
        ],
    )
    def test_invalid_colleagues_are_refused(self, event, member, colleagues, text):
        with pytest.raises(RegistrationError, match=text):
            services.register_for_event(event, member, colleagues=colleagues)
        assert not Registration.objects.exists()

    def test_a_newcomer_never_jumps_the_waiting_list(self, make_event, make_member):
        event = make_event(capacity=1)
        first = services.register_for_event(event, make_member())
        waiting = services.register_for_event(event, make_member())
        # The seat frees up and is offered to the waiting person ...
        services.cancel_registration(first.token)
        waiting.refresh_from_db()
        assert waiting.status == Status.OFFERED
        # ... so a newcomer waits too, even though nobody has claimed it yet.
        newcomer = services.register_for_event(event, make_member())
        assert newcomer.status == Status.WAITING


class TestWaitingList:
    def test_cancelling_offers_the_seat_to_the_first_waiting_person_for_48_hours(
        self, make_event, make_member, outbox
    ):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        first, second = fill(event, make_member, 2)

        services.cancel_registration(seat.token)

        seat.refresh_from_db()
        first.refresh_from_db()
        second.refresh_from_db()
        assert seat.status == Status.CANCELLED
        assert first.status == Status.OFFERED
        assert second.status == Status.WAITING
        hold = first.offer_expires_at - timezone.now()
        assert timedelta(hours=47, minutes=59) < hold <= timedelta(hours=48)
        offer_mail = outbox(to=first.user.email, template="events_offer")[0]
        assert first.offer_url() in offer_mail.text
        assert outbox(to=seat.user.email, template="events_registration_cancelled")
        # The offered seat is held: the event stays full.
        assert event.seats_left == 0

    def test_claiming_the_offer_confirms_the_seat(self, make_event, make_member, outbox):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        waiting = services.register_for_event(event, make_member())
        services.cancel_registration(seat.token)

        claimed = services.claim_offer(waiting.token)

        assert claimed.status == Status.CONFIRMED
        assert claimed.offer_expires_at is None
        assert outbox(to=waiting.user.email, template="events_confirmation")
        # Claiming twice is harmless.
        assert services.claim_offer(waiting.token).status == Status.CONFIRMED

    def test_an_expired_offer_cannot_be_claimed_and_passes_to_the_next(
        self, make_event, make_member, outbox
    ):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        first, second = fill(event, make_member, 2)
        services.cancel_registration(seat.token)
        Registration.objects.filter(pk=first.pk).update(
            offer_expires_at=timezone.now() - timedelta(minutes=1)
        )

        with pytest.raises(RegistrationError) as error:
            services.claim_offer(first.token)
        assert error.value.code == "expired"

        assert services.expire_offers() == 1
        assert services.expire_offers() == 0  # safe to run twice
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.status == Status.CANCELLED
        assert first.cancel_reason == "aanbod verlopen"
        assert second.status == Status.OFFERED
        assert outbox(to=first.user.email, template="events_offer_expired")
        assert len(outbox(to=second.user.email, template="events_offer")) == 1

    def test_a_party_that_does_not_fit_keeps_its_place_while_a_smaller_one_gets_the_seat(
        self, make_event, make_member
    ):
        event = make_event(capacity=2)
        seat = services.register_for_event(event, make_member())
        services.register_for_event(event, make_member())
        party = services.register_for_event(event, make_member(), colleagues=["Piet"])
        single = services.register_for_event(event, make_member())

        services.cancel_registration(seat.token)

        party.refresh_from_db()
        single.refresh_from_db()
        assert party.status == Status.WAITING
        assert single.status == Status.OFFERED

    def test_leaving_the_waiting_list_with_one_link(self, make_event, make_member):
        event = make_event(capacity=1)
        fill(event, make_member, 1)
        waiting = services.register_for_event(event, make_member())

        services.leave_waiting_list(waiting.token)

        waiting.refresh_from_db()
        assert waiting.status == Status.CANCELLED
        assert services.leave_waiting_list(waiting.token).status == Status.CANCELLED

    def test_turning_down_an_offer_passes_it_on(self, make_event, make_member):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        first, second = fill(event, make_member, 2)
        services.cancel_registration(seat.token)

        services.leave_waiting_list(first.token)

        second.refresh_from_db()
        assert second.status == Status.OFFERED

    def test_a_confirmed_registrant_cannot_use_the_waiting_list_link(self, event, member):
        registration = services.register_for_event(event, member)
        with pytest.raises(RegistrationError, match="al een plek"):
            services.leave_waiting_list(registration.token)
        registration.refresh_from_db()
        assert registration.status == Status.CONFIRMED

    def test_a_waiting_person_cannot_claim_without_an_offer(self, make_event, make_member):
        event = make_event(capacity=1)
        fill(event, make_member, 1)
        waiting = services.register_for_event(event, make_member())
        with pytest.raises(RegistrationError, match="wachtlijst"):
            services.claim_offer(waiting.token)

    def test_no_offers_once_registration_has_closed(self, make_event, make_member):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        waiting = services.register_for_event(event, make_member())
        event.registration_closes_at = timezone.now() + timedelta(minutes=1)
        event.save()
        services.cancel_registration(seat.token)
        waiting.refresh_from_db()
        # Held until registration closes, not for 48 hours.
        assert waiting.offer_expires_at <= event.registration_closes_at


class TestCancel:
    def test_a_tampered_link_is_refused_and_changes_nothing(self, event, member, outbox):
        registration = services.register_for_event(event, member)
        before, mails = snapshot(), len(outbox())

        for token in (registration.token + "x", "1-abc", "", "niets"):
            with pytest.raises(RegistrationError) as error:
                services.cancel_registration(token)
            assert error.value.code == "bad_token"

        assert snapshot() == before
        assert len(outbox()) == mails

    def test_a_link_for_another_event_is_refused(self, make_event, member):
        registration = services.register_for_event(make_event(), member)
        other = make_event()
        with pytest.raises(RegistrationError):
            services.cancel_registration(registration.token, event=other)

    def test_cancelling_twice_is_harmless(self, event, member, outbox):
        registration = services.register_for_event(event, member)
        services.cancel_registration(registration.token)
        services.cancel_registration(registration.token)
        assert len(outbox(template="events_registration_cancelled")) == 1

    def test_no_cancelling_after_the_start(self, make_event, member):
        event = make_event()
        registration = services.register_for_event(event, member)
        event.start = timezone.now() - timedelta(minutes=5)
        event.save()
        with pytest.raises(RegistrationError, match="begonnen"):
            services.cancel_registration(registration.token)


class TestCheckIn:
    def test_a_confirmed_attendee_is_checked_in_once(self, event, member):
        registration = services.register_for_event(event, member)
        first = services.check_in(event, registration).checked_in_at
        assert first is not None
        assert services.check_in(event, registration).checked_in_at == first
        assert services.check_in(event, registration, undo=True).checked_in_at is None

    def test_someone_not_registered_cannot_be_checked_in(self, make_event, make_member, member):
        event, other_event = make_event(capacity=1), make_event()
        elsewhere = services.register_for_event(other_event, member)
        fill(event, make_member, 1)
        waiting = services.register_for_event(event, make_member())

        for registration in (elsewhere, waiting, None, Registration(pk=999_999)):
            with pytest.raises(RegistrationError) as error:
                services.check_in(event, registration)
            assert error.value.code == "not_registered"
        assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


class TestCancelEvent:
    def test_every_registrant_is_mailed_once(self, make_event, make_member, outbox):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        waiting = services.register_for_event(event, make_member())

        page = services.cancel_event(event, "De spreker is helaas ziek.")

        assert page.cancelled
        assert page.live
        assert page.get_status() == EventStatus.CANCELLED
        for registration in (seat, waiting):
            mails = outbox(to=registration.user.email, template="events_event_cancelled")
            assert len(mails) == 1
            assert "De spreker is helaas ziek." in mails[0].text
        # Publishing again (the admin's signal) mails nobody twice.
        page.save_revision().publish()
        assert len(outbox(template="events_event_cancelled")) == 2

    def test_a_reason_is_required(self, event):
        with pytest.raises(RegistrationError):
            services.cancel_event(event, "  ")
        event.refresh_from_db()
        assert not event.cancelled


class TestReminders:
    def test_a_reminder_goes_a_day_before_and_only_once(self, make_event, make_member, outbox):
        soon = make_event(start=timezone.now() + timedelta(hours=20))
        later = make_event(start=timezone.now() + timedelta(days=3))
        attendee = services.register_for_event(soon, make_member())
        services.register_for_event(later, make_member())

        assert services.send_reminders() == (0, 1)
        assert services.send_reminders() == (0, 0)

        mails = outbox(template="events_reminder")
        assert [m.to for m in mails] == [attendee.user.email]
        assert "Morgen" in mails[0].subject

    def test_a_week_before_only_for_those_who_booked_earlier(self, make_event, make_member, outbox):
        event = make_event(start=timezone.now() + timedelta(days=6))
        early = services.register_for_event(event, make_member())
        Registration.objects.filter(pk=early.pk).update(
            created_at=timezone.now() - timedelta(days=10)
        )
        services.register_for_event(event, make_member())

        assert services.send_reminders() == (1, 0)
        assert services.send_reminders() == (0, 0)
        assert [m.to for m in outbox(template="events_reminder")] == [early.user.email]

    def test_no_reminders_for_cancelled_events_or_registrations(
        self, make_event, make_member, outbox
    ):
        event = make_event(start=timezone.now() + timedelta(hours=20))
        gone = services.register_for_event(event, make_member())
        services.cancel_registration(gone.token)
        cancelled = make_event(start=timezone.now() + timedelta(hours=20))
        services.register_for_event(cancelled, make_member())
        services.cancel_event(cancelled, "Te weinig aanmeldingen.")

        assert services.send_reminders() == (0, 0)
        assert outbox(template="events_reminder") == []

    def test_the_task_is_safe_to_run_twice(self, make_event, make_member, outbox):
        from events.tasks import expire_event_offers, send_event_reminders

        event = make_event(start=timezone.now() + timedelta(hours=3))
        services.register_for_event(event, make_member())
        assert send_event_reminders() == {"week": 0, "day": 1}
        assert send_event_reminders() == {"week": 0, "day": 0}
        assert expire_event_offers() == 0
        assert len(outbox(template="events_reminder")) == 1


class TestDerivedStatus:
    def test_status_follows_dates_seats_and_the_cancelled_flag(self, make_event, make_member):
        event = make_event(capacity=1)
        assert event.get_status() == EventStatus.PLANNED
        services.register_for_event(event, make_member())
        event = type(event).objects.get(pk=event.pk)
        assert event.get_status() == EventStatus.FULL
        assert event.get_status(now=event.end + timedelta(minutes=1)) == EventStatus.PAST
        event.cancelled = True
        assert event.get_status() == EventStatus.CANCELLED
