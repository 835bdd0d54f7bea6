"""Who may do what in a community: one place the views, services and templates all ask.

- visitor: reads the community page; reads discussions only of a public community.
- member (status ``lid``): reads and writes discussions, votes, sees the member directory.
- manager: a member with the role ``beheerder``, or staff with ``community.manage_all_communities``
  (the Communitymanagers groups) in the community's region (the site whose tree it is in; a
  national Communitymanager: every region): moderates and approves.
- Anyone else signed in (an editor, another community's member) is a visitor here.
"""

from dataclasses import dataclass

from loket.accounts.services.roles import ROLE_COMMUNITYMANAGER, covers_page_path

from .models import Membership

MANAGE_ALL = "community.manage_all_communities"


def is_staff_manager(user, community=None):
    """Staff who manage communities; given ``community``, only when it is in their region."""
    if not (user and user.is_authenticated and user.is_active and user.has_perm(MANAGE_ALL)):
        return False
    return community is None or in_staff_region(user, community)


def in_staff_region(user, community):
    """Whether ``community`` lies in a region where ``user`` is a community manager."""
    return covers_page_path(user, community.path, ROLE_COMMUNITYMANAGER)


def membership_for(user, community):
    if not user or not user.is_authenticated:
        return None
    return Membership.objects.filter(member=user, community=community).first()


@dataclass(frozen=True)
class Access:
    membership: Membership | None
    is_member: bool
    is_manager: bool
    can_read: bool

    @property
    def status(self):
        return self.membership.status if self.membership else ""

    @property
    def can_write(self):
        return self.is_member


def access_for(user, community, membership=None):
    """What ``user`` may do in ``community``; pass ``membership`` when it is already loaded."""
    if membership is None:
        membership = membership_for(user, community)
    is_member = bool(
        membership is not None
        and membership.status == Membership.Status.MEMBER
        and user.is_active
        and not user.is_deleted
    )
    is_manager = (is_member and membership.role == Membership.Role.MANAGER) or is_staff_manager(
        user, community
    )
    can_read = community.is_public or is_member or is_manager
    return Access(membership, is_member, is_manager, can_read)


def request_access(request, community):
    """``access_for`` once per request and community."""
    cache = getattr(request, "_community_access", None)
    if cache is None:
        cache = request._community_access = {}
    if community.pk not in cache:
        cache[community.pk] = access_for(request.user, community)
    return cache[community.pk]
