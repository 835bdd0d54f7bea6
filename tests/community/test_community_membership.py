"""Joining, requesting, approving, declining, leaving, removing and blocking."""

import pytest

from community.models import Membership, ModerationAction
from community.services import CommunityError, membership
from tests.factories import CommunityPageFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_joining_an_open_community_makes_a_member_at_once(client, community, outsider):
    client.force_login(outsider)
    response = client.post(community.url + "lid-worden/")
    assert response.status_code == 303
    row = Membership.objects.get(member=outsider, community=community)
    assert row.status == "lid" and row.joined_at
    page = client.get(community.url)
    assert "Je bent lid" in page.content.decode()


def test_joining_twice_is_a_clear_409_and_one_row(client, community, member):
    client.force_login(member)
    response = client.post(community.url + "lid-worden/")
    assert response.status_code == 409
    assert "al lid" in response.content.decode()
    assert Membership.objects.filter(member=member, community=community).count() == 1


def test_visitor_is_sent_to_log_in(client, community):
    response = client.post(community.url + "lid-worden/")
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    assert not Membership.objects.exists()


def test_unverified_account_cannot_join(client, community):
    user = UserFactory(email_verified=False)
    client.force_login(user)
    response = client.post(community.url + "lid-worden/")
    assert response.status_code == 403
    assert "Bevestig eerst je e-mailadres" in response.content.decode()


def test_approval_needs_a_motivation_then_a_manager_decides(
    client, make_community, add_member, outbox, django_capture_on_commit_callbacks
):
    community = make_community(membership_policy="goedkeuring")
    manager = add_member(community, role="beheerder")
    applicant = MemberFactory()
    client.force_login(applicant)
    response = client.post(community.url + "lid-worden/", {"motivation": ""})
    assert response.status_code == 400
    assert "waarom je lid wilt worden" in response.content.decode()
    assert not Membership.objects.filter(member=applicant).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            community.url + "lid-worden/", {"motivation": "Ik bouw <b>huizen</b> in Leusden."}
        )
    assert response.status_code == 303
    row = Membership.objects.get(member=applicant)
    assert row.status == "aangevraagd" and row.motivation == "Ik bouw huizen in Leusden."
    assert outbox(to=manager.email), "the manager hears about the request"

    with django_capture_on_commit_callbacks(execute=True):
        membership.approve_request(row, manager)
    row.refresh_from_db()
    assert row.status == "lid" and row.decided_by == manager
    assert any("Welkom" in m.subject for m in outbox(to=applicant.email))
    assert ModerationAction.objects.filter(action="goedkeuren", member=applicant).exists()


def test_declining_needs_a_reason_the_applicant_sees(
    client, make_community, add_member, outbox, django_capture_on_commit_callbacks
):
    community = make_community(membership_policy="goedkeuring")
    manager = add_member(community, role="beheerder")
    applicant = MemberFactory()
    row = membership.join_community(community, applicant, "Ik wil graag meedoen.")
    with pytest.raises(CommunityError) as missing:
        membership.decline_request(row, manager, "")
    assert missing.value.status == 400
    with django_capture_on_commit_callbacks(execute=True):
        membership.decline_request(row, manager, "Deze groep is alleen voor bouwbedrijven.")
    assert "alleen voor bouwbedrijven" in outbox(to=applicant.email)[-1].text
    client.force_login(applicant)
    page = client.get(community.url).content.decode()
    assert "alleen voor bouwbedrijven" in page and "Opnieuw aanvragen" in page


def test_only_managers_approve(community, outsider, member):
    community.membership_policy = "goedkeuring"
    row = membership.join_community(community, outsider, "Graag!")
    with pytest.raises(CommunityError) as refused:
        membership.approve_request(row, member)
    assert refused.value.status == 403


def test_leaving_removes_the_row_and_follows(client, community, member):
    from community.services import discussions

    thread = discussions.start_thread(
        community, member, kind="vraag", title="Een vraag over btw", body="Wie weet het?"
    )
    client.force_login(member)
    response = client.post(community.url + "opzeggen/")
    assert response.status_code == 303
    assert not Membership.objects.filter(member=member).exists()
    assert not thread.follows.exists()
    again = client.post(community.url + "opzeggen/")
    assert again.status_code == 403


def test_removed_member_sees_reason_and_must_request_again(
    client, community, member, manager, outbox, django_capture_on_commit_callbacks
):
    row = Membership.objects.get(member=member, community=community)
    with django_capture_on_commit_callbacks(execute=True):
        membership.remove_member(row, manager, "Herhaaldelijk reclame geplaatst.")
    assert "Herhaaldelijk reclame" in outbox(to=member.email)[-1].text
    client.force_login(member)
    assert "Herhaaldelijk reclame" in client.get(community.url).content.decode()
    # An open community, but after a removal a manager looks first.
    response = client.post(
        community.url + "lid-worden/", {"motivation": "Sorry, het komt niet meer voor."}
    )
    assert response.status_code == 303
    assert Membership.objects.get(member=member).status == "aangevraagd"


def test_blocked_member_cannot_come_back(client, community, member, manager):
    row = Membership.objects.get(member=member, community=community)
    membership.block_member(row, manager, "Beledigend naar andere leden.")
    client.force_login(member)
    response = client.post(community.url + "lid-worden/", {"motivation": "Mag ik terug?"})
    assert response.status_code == 403
    assert "Beledigend naar andere leden." in response.content.decode()
    assert Membership.objects.get(member=member).status == "geblokkeerd"


def test_remove_and_block_need_a_reason_and_not_yourself(community, member, manager):
    row = Membership.objects.get(member=member, community=community)
    with pytest.raises(CommunityError):
        membership.remove_member(row, manager, "   ")
    own = Membership.objects.get(member=manager, community=community)
    with pytest.raises(CommunityError):
        membership.block_member(own, manager, "test")


def test_dashboard_actions_through_the_page(client, community, member, manager):
    row = Membership.objects.get(member=member, community=community)
    client.force_login(manager)
    response = client.post(
        community.url + f"beheer/leden/{row.pk}/",
        {"actie": "waarschuwen", "reason": "Let op je toon."},
    )
    assert response.status_code == 303
    assert ModerationAction.objects.filter(action="waarschuwen", member=member).exists()
    bad = client.post(community.url + f"beheer/leden/{row.pk}/", {"actie": "opblazen"})
    assert bad.status_code == 400
    other = client.post(
        community.url + "beheer/leden/999999/", {"actie": "verwijderen", "reason": "x"}
    )
    assert other.status_code == 404


def test_a_membership_a_manager_makes_in_the_admin_is_announced_once_it_is_lid(
    client, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from community.dispatch import membership_started
    from community.models import Membership

    heard = []

    def receiver(sender, membership, **kwargs):
        heard.append((membership.pk, membership.status))

    membership_started.connect(receiver, dispatch_uid="test-admin-membership")
    try:
        community = CommunityPageFactory()
        member = MemberFactory()
        manager = MemberFactory(is_staff=True)
        manager.groups.add(Group.objects.get(name="Communitymanagers"))
        client.force_login(manager)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("wagtailsnippets_community_membership:add"),
                {
                    "member": member.pk,
                    "community": community.pk,
                    "status": "lid",
                    "role": "lid",
                    "reason": "",
                    "requested_at": "2026-12-01 10:00",
                    "joined_at": "2026-12-01 10:00",
                },
            )
    finally:
        membership_started.disconnect(dispatch_uid="test-admin-membership")
    assert response.status_code == 302, response.context["form"].errors
    made = Membership.objects.get(member=member, community=community)
    assert heard == [(made.pk, "lid")]
