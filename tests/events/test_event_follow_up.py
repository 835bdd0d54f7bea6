"""After the event: experience request for those who came, a friendly mail for no-shows, the
short form, results in the dashboard, and the attendance signal for later capabilities."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Feedback, Registration
from events.services import RegistrationError
from events.signals import attendance_recorded

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(make_event, make_member):
    """An event that ended yesterday: two came (checked in), one did not."""
    event = make_event(title="Grip op je cashflow")
    came = [services.register_for_event(event, make_member()) for _ in range(2)]
    absent = services.register_for_event(event, make_member())
    for registration in came:
        services.check_in(event, registration)
    event.start = timezone.now() - timedelta(days=1, hours=3)
    event.end = event.start + timedelta(hours=2)
    event.save()
    return event, came, absent


class TestFollowUp:
    def test_came_gets_the_experience_request_no_show_a_friendly_mail(self, finished, outbox):
        event, came, absent = finished

        assert services.send_follow_ups() == (2, 1)
        assert services.send_follow_ups() == (0, 0)  # safe to run twice

        for registration in came:
            (mail,) = outbox(to=registration.user.email, template="events_follow_up")
            assert registration.feedback_url() in mail.text
        (missed,) = outbox(to=absent.user.email, template="events_missed_you")
        assert "gemist" in missed.subject
        assert not outbox(to=absent.user.email, template="events_follow_up")

    def test_without_any_check_in_everyone_gets_the_request(self, make_event, make_member, outbox):
        event = make_event()
        registrations = [services.register_for_event(event, make_member()) for _ in range(2)]
        event.start = timezone.now() - timedelta(days=1)
        event.end = event.start + timedelta(hours=2)
        event.save()

        assert services.send_follow_ups() == (2, 0)
        assert len(outbox(template="events_follow_up")) == len(registrations)

    def test_not_before_the_day_after_and_not_for_cancelled_events(self, make_event, make_member):
        just_ended = make_event()
        services.register_for_event(just_ended, make_member())
        just_ended.start = timezone.now() - timedelta(hours=3)
        just_ended.end = timezone.now() - timedelta(hours=1)
        just_ended.save()
        called_off = make_event()
        services.register_for_event(called_off, make_member())
        services.cancel_event(called_off, "Ziek.")
        called_off = type(called_off).objects.get(pk=called_off.pk)
        called_off.start = timezone.now() - timedelta(days=1, hours=3)
        called_off.end = called_off.start + timedelta(hours=2)
        called_off.save()

        assert services.send_follow_ups() == (0, 0)

    def test_the_task(self, finished):
        from events.tasks import send_event_follow_ups

        assert send_event_follow_ups() == {"came": 2, "missed": 1}
        assert send_event_follow_ups() == {"came": 0, "missed": 0}


class TestFeedbackForm:
    def test_fill_in_the_short_form(self, client, finished):
        event, came, _absent = finished
        url = came[0].feedback_url()

        page = client.get(url)
        assert page.status_code == 200
        assert "Kwam je een stap verder?" in page.content.decode()

        response = client.post(
            url, {"score": "8", "progressed": "ja", "effort": "4", "sentence": "<b>Top</b> avond"}
        )

        assert response.status_code == 200
        assert "Dank je wel!" in response.content.decode()
        feedback = Feedback.objects.get()
        assert (feedback.score, feedback.progressed, feedback.effort) == (8, "ja", 4)
        assert feedback.sentence == "Top avond"

    def test_filling_in_again_replaces_the_answers(self, client, finished):
        _event, came, _absent = finished
        url = came[0].feedback_url()
        client.post(url, {"score": "6", "progressed": "nee", "effort": "2"})
        client.post(url, {"score": "9", "progressed": "ja", "effort": "5"})
        assert Feedback.objects.get().score == 9

    @pytest.mark.parametrize(
        ("data", "text"),
        [
            ({"score": "11", "progressed": "ja", "effort": "3"}, "van 1 tot en met 10"),
            ({"score": "0", "progressed": "ja", "effort": "3"}, "van 1 tot en met 10"),
            ({"score": "7", "progressed": "misschien", "effort": "3"}, "ja, een beetje of nee"),
            ({"score": "7", "progressed": "ja", "effort": "9"}, "van 1 tot en met 5"),
            ({"progressed": "ja", "effort": "3"}, "van 1 tot en met 10"),
            ({"score": "7", "progressed": "ja", "effort": "3", "sentence": "x" * 301}, "300"),
        ],
    )
    def test_bad_answers_get_a_message_and_store_nothing(self, client, finished, data, text):
        _event, came, _absent = finished
        response = client.post(came[0].feedback_url(), data)
        assert response.status_code == 400
        assert text in response.content.decode()
        assert not Feedback.objects.exists()

    def test_a_tampered_link_stores_nothing(self, client, finished):
        _event, came, _absent = finished
        response = client.post(
            came[0].feedback_url().rstrip("/") + "x/",
            {"score": "8", "progressed": "ja", "effort": "4"},
        )
        assert response.status_code == 400
        assert not Feedback.objects.exists()

    def test_not_before_the_event(self, event, member):
        registration = services.register_for_event(event, member)
        with pytest.raises(RegistrationError):
            services.submit_feedback(
                registration.token, event=event, score=8, progressed="ja", effort=4
            )

    def test_results_per_event_and_type_in_the_dashboard(self, client, finished, make_member):
        event, came, _absent = finished
        services.submit_feedback(came[0].token, event=event, score=8, progressed="ja", effort=4)
        services.submit_feedback(came[1].token, event=event, score=6, progressed="nee", effort=2)
        per_type = services.feedback_results(by="type")
        assert per_type[0]["answers"] == 2
        assert per_type[0]["average_score"] == 7

        admin = make_member("beheer@ondernemersloket.nl", is_staff=True, is_superuser=True)
        client.force_login(admin)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Hoe was het?" in html
        assert "7,0" in html or "7.0" in html
        assert "50%" in html
        assert "Thematische bijeenkomst" in html


class TestAttendanceSignal:
    def test_sent_once_after_the_first_check_in(
        self, event, member, django_capture_on_commit_callbacks
    ):
        received = []

        def receiver(sender, registration, event, **kwargs):
            received.append((registration.pk, event.pk))

        attendance_recorded.connect(receiver)
        try:
            registration = services.register_for_event(event, member)
            with django_capture_on_commit_callbacks(execute=True):
                services.check_in(event, registration)
                services.check_in(event, registration)
        finally:
            attendance_recorded.disconnect(receiver)
        assert received == [(registration.pk, event.pk)]
        assert Registration.objects.get().checked_in_at is not None
