"""What a review of the whole change found still open to another region's staff, closed: an
event's attendee pages, the credits ledger, the choosers of rows that hang off a page (memberships,
registrations), an intake request's history, claimed offers and tips. Each answers 404 (or leaves
the row out) for a staff member of another region."""

import pytest

from django.urls import reverse

from community.models import Membership
from events.models import EventIndexPage, Registration
from loket.credits import services as credits
from loket.intake.models import IntakeRequest
from tests.factories import (
    CommunityPageFactory,
    EventPageFactory,
    MemberFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def _member(site, name):
    member = MemberFactory(first_name=name)
    member.profile.home_site = site
    member.profile.save()
    return member


def _event(regions, region, title):
    agenda = EventIndexPage.objects.child_of(regions[region].root_page).get()
    return EventPageFactory(parent=agenda, title=title)


def test_another_regions_attendee_pages_are_not_found(client, regions, staff_of):
    theirs = _event(regions, "y", "Ondernemerscafé Arnhem")
    registration = RegistrationFactory(event=theirs, user=MemberFactory(first_name="Arnhemmer"))
    client.force_login(staff_of("x", "communitymanager"))
    assert client.get(reverse("events_admin:attendees", args=[theirs.pk])).status_code == 404
    check_in = reverse("events_admin:check_in", args=[theirs.pk, registration.pk])
    assert client.post(check_in).status_code == 404
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None
    ours = _event(regions, "x", "Ondernemerscafé Utrecht")
    assert client.get(reverse("events_admin:attendees", args=[ours.pk])).status_code == 200


def test_the_ledger_holds_the_own_regions_members_only(client, regions, staff_of):
    credits.award_credits(_member(regions["x"], "Utrechter"), 5, reason="Tip", reference="a")
    credits.award_credits(_member(regions["y"], "Arnhemmer"), 5, reason="Tip", reference="b")
    client.force_login(staff_of("x", "communitymanager"))
    html = client.get(reverse("wagtailsnippets_credits_credittransaction:list")).text
    assert "Utrechter" in html and "Arnhemmer" not in html


def test_the_choosers_of_memberships_and_registrations_keep_to_the_region(
    client, regions, staff_of
):
    def community(region, title):
        return CommunityPageFactory(parent=regions[region].root_page, title=title)

    ours = Membership.objects.create(
        member=MemberFactory(first_name="Utrechter"), community=community("x", "Bouw Utrecht")
    )
    theirs = Membership.objects.create(
        member=MemberFactory(first_name="Arnhemmer"), community=community("y", "Bouw Arnhem")
    )
    client.force_login(staff_of("x", "communitymanager"))
    base = "wagtailsnippetchoosers_community_membership"
    html = client.get(reverse(f"{base}:choose")).text
    assert "Utrechter" in html and "Arnhemmer" not in html
    assert client.get(reverse(f"{base}:chosen", args=[ours.pk])).status_code == 200
    assert client.get(reverse(f"{base}:chosen", args=[theirs.pk])).status_code == 404

    registration = RegistrationFactory(event=_event(regions, "y", "Café Arnhem"))
    chosen = reverse("wagtailsnippetchoosers_events_registration:chosen", args=[registration.pk])
    assert client.get(chosen).status_code == 404


def test_another_regions_intake_request_has_no_history_for_them(client, regions, staff_of):
    intake = IntakeRequest.objects.create(
        name="Joost Bakker", email="joost@example.nl", question="Hoe financier ik een bus?",
        site=regions["y"], consent_text="Akkoord", consented_at="2026-12-01T10:00:00Z",
    )  # fmt: skip
    client.force_login(staff_of("x", "communitymanager"))
    for name in ("history", "usage", "inspect"):
        url = reverse(f"wagtailsnippets_intake_intakerequest:{name}", args=[intake.pk])
        assert client.get(url).status_code == 404, name


def test_claims_and_tips_keep_to_the_members_region(client, regions, staff_of):
    from campaigns.models import Referral

    Referral.objects.create(
        referrer=_member(regions["x"], "Tipgever Utrecht"), email="a@e.nl", channel="mail"
    )
    Referral.objects.create(
        referrer=_member(regions["y"], "Tipgever Arnhem"), email="b@e.nl", channel="mail"
    )
    client.force_login(staff_of("x", "communicatie"))
    html = client.get(reverse("wagtailsnippets_campaigns_referral:list")).text
    assert "Tipgever Utrecht" in html and "Tipgever Arnhem" not in html
