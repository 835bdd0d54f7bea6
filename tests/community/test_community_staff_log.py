"""A manager's decisions on memberships (approve, decline, remove, block) land in Wagtail's log
as theirs, and show in the site history report and the membership's history for staff."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import ModelLogEntry

from community.models import Membership
from community.services import CommunityError, membership
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    """A community manager of the staff: the Communitymanagers group, no superuser."""
    user = MemberFactory()
    user.groups.add(Group.objects.get(name="Communitymanagers"))
    return user


def entries(row):
    return list(
        ModelLogEntry.objects.filter(content_type__model="membership", object_id=str(row.pk))
    )


def test_approve_and_decline_are_logged(community, add_member, staff):
    asking = Membership.objects.get(member=add_member(community, status="aangevraagd"))
    declined = Membership.objects.get(member=add_member(community, status="aangevraagd"))

    membership.approve_request(asking, staff)
    membership.decline_request(declined, staff, "Alleen voor bouwbedrijven.")

    [approved] = entries(asking)
    assert (approved.action, approved.user_id) == ("loket.community.request_approved", staff.pk)
    assert approved.data["community"] == community.title
    [entry] = entries(declined)
    assert entry.action == "loket.community.request_declined"
    assert "bouwbedrijven" not in str(entry.data)


def test_remove_and_block_are_logged(community, add_member, staff):
    removed = Membership.objects.get(member=add_member(community))
    blocked = Membership.objects.get(member=add_member(community))

    membership.remove_member(removed, staff, "Herhaaldelijk reclame geplaatst.")
    membership.block_member(blocked, staff, "Spam.")

    [entry] = entries(removed)
    assert (entry.action, entry.user_id) == ("loket.community.member_removed", staff.pk)
    assert removed.member.last_name not in entry.label
    assert [e.action for e in entries(blocked)] == ["loket.community.member_blocked"]


def test_a_refused_decision_logs_nothing(community, member, staff):
    row = Membership.objects.get(member=member)
    with pytest.raises(CommunityError):
        membership.approve_request(row, staff)  # not a request
    with pytest.raises(CommunityError):
        membership.remove_member(row, staff, "")  # no reason
    assert entries(row) == []


def test_leaving_is_self_service_and_not_logged(community, member):
    row = Membership.objects.get(member=member)
    membership.leave_community(community, member)
    assert entries(row) == []


def test_staff_see_the_removal_in_site_history_and_the_membership_history(
    client, community, member, staff
):
    row = Membership.objects.get(member=member)
    membership.remove_member(row, staff, "Herhaaldelijk reclame geplaatst.")
    client.force_login(staff)

    report = client.get(reverse("wagtailadmin_reports:site_history"))
    history = client.get(reverse("wagtailsnippets_community_membership:history", args=[row.pk]))

    assert report.status_code == history.status_code == 200
    assert f"Uit {community.title} verwijderd" in report.content.decode()
    assert f"Uit {community.title} verwijderd" in history.content.decode()


def test_making_and_unmaking_a_manager_is_logged_once_each(community, member, staff):
    row = Membership.objects.get(member=member)

    membership.make_manager(row, staff)
    membership.make_manager(row, staff)  # already a manager: nothing changes, nothing logged
    membership.make_manager(row, staff, manager=False)

    made, unmade = sorted(entries(row), key=lambda entry: entry.pk)
    assert (made.action, made.user_id) == ("loket.community.manager_made", staff.pk)
    assert (unmade.action, unmade.user_id) == ("loket.community.manager_unmade", staff.pk)
    assert made.data["community"] == community.title
    assert member.last_name not in made.label
