"""The community admin kept to the staff member's regions: a community belongs to the region
(site) whose page tree it is in, so rows that hang off a community are scoped by its page path,
for the regions where the user is a community manager (``loket.core.region_admin``). National
community managers and superusers see every region.
"""

from __future__ import annotations

from loket.accounts.services.roles import ROLE_COMMUNITYMANAGER
from loket.core.region_admin import PageRegionViewSetMixin


class CommunityRegionViewSetMixin(PageRegionViewSetMixin):
    """``class MembershipViewSet(CommunityRegionViewSetMixin, SnippetViewSet)``; a viewset whose
    rows reach their community through a relation sets ``region_page_field``
    (``"thread__community"``)."""

    region_page_field = "community"
    region_role = ROLE_COMMUNITYMANAGER
