"""The loop closes: the meetup's follow-up mail carries the member's Tip een ander link, the
communities of its theme and the intervision of its theme."""

from datetime import timedelta

import pytest

from django.utils import timezone

from community.models import Membership
from events import services
from loket.core import hooks
from loket.themes.models import Theme
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    EventPageFactory,
    IntervisionIndexPageFactory,
    MemberFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def test_follow_up_mail_carries_tip_link_and_what_fits_the_theme(home, outbox):
    theme = Theme.objects.order_by("pk").first()
    CommunityIndexPageFactory(parent=home)
    IntervisionIndexPageFactory(parent=home)
    fits = CommunityPageFactory(title="Financieel fit")
    fits.themes.add(theme)
    fits.save()
    joined = CommunityPageFactory(title="Al lid")
    joined.themes.add(theme)
    joined.save()
    event = EventPageFactory(start=timezone.now() - timedelta(days=1, hours=3))
    event.themes.add(theme)
    event.save()
    member = MemberFactory()
    Membership.objects.create(
        member=member, community=joined, status="lid", joined_at=timezone.now()
    )
    registration = RegistrationFactory(event=event, user=member)

    context = hooks.follow_up_context(registration)
    assert "/r/" in context["tip_url"]
    assert [c["title"] for c in context["community_suggestions"]] == ["Financieel fit"]
    assert context["intervision_url"].endswith(f"?thema={theme.slug}")

    services.send_follow_ups()
    mail = outbox(to=member.email)[-1]
    assert context["tip_url"] in mail.text
    assert "Financieel fit" in mail.text
    assert "Al lid" not in mail.text
    assert f"?thema={theme.slug}" in mail.text
