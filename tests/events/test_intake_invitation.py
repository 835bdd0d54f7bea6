"""The loop closes: a held intake invites the entrepreneur to the next meetup of their theme."""

from datetime import timedelta

import pytest

from django.utils import timezone

from events.notifications import invite_after_intake
from loket.intake import services as intake_services
from loket.intake.models import IntakeRequest
from loket.themes.models import Theme
from tests.factories import EventPageFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _intake(theme, **fields):
    return IntakeRequest.objects.create(
        name="Karim Bennani",
        email="karim@bennani-bouw.nl",
        theme=theme,
        question="Hoe vind ik personeel dat blijft?",
        channel="video",
        **fields,
    )


def test_held_intake_invites_to_the_next_meetup_of_its_theme_once(
    home, outbox, django_capture_on_commit_callbacks
):
    theme = Theme.objects.order_by("pk").first()
    later = EventPageFactory(title="Later", start=timezone.now() + timedelta(days=30))
    later.themes.add(theme)
    later.save()
    soon = EventPageFactory(title="Personeel dat blijft", start=timezone.now() + timedelta(days=9))
    soon.themes.add(theme)
    soon.save()
    EventPageFactory(title="Ander thema", start=timezone.now() + timedelta(days=2))
    staff = MemberFactory(is_staff=True)
    intake = _intake(theme)

    with django_capture_on_commit_callbacks(execute=True):
        intake_services.mark_held(intake, by=staff)

    mails = outbox(to="karim@bennani-bouw.nl", template="events_intake_invitation")
    assert len(mails) == 1
    assert "Personeel dat blijft" in mails[0].text
    assert "Hoi Karim" in mails[0].text
    invite_after_intake(intake)  # a second time (a retried signal): no second mail
    assert len(outbox(to="karim@bennani-bouw.nl", template="events_intake_invitation")) == 1


def test_no_meetup_of_the_theme_no_mail(home, outbox):
    theme = Theme.objects.order_by("pk").first()
    assert invite_after_intake(_intake(theme)) is None
    assert outbox(template="events_intake_invitation") == []
