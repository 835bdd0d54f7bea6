"""The community admin kept to the staff member's regions: a community belongs to the region
(site) whose page tree it is in, so rows that hang off a community are scoped by its page path.

:class:`CommunityRegionViewSetMixin` is put first in a snippet viewset: the list and its export
show the rows of the user's regions only, every view of one row answers 404 for another region's
row, and the form offers only the user's regions' communities. National community managers and
superusers see every region (``loket.accounts.services.roles`` decides).
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from loket.accounts.services.roles import ROLE_COMMUNITYMANAGER, staff_root_paths

from .models import CommunityPage
from .permissions import in_staff_region

_VIEW_ATTRIBUTES = (
    "index_view_class",
    "add_view_class",
    "edit_view_class",
    "delete_view_class",
    "inspect_view_class",
    "history_view_class",
    "usage_view_class",
    "copy_view_class",
)
_SCOPED: dict[tuple[type, str], type] = {}


def in_staff_regions(queryset: QuerySet[Any], user: Any, community_field: str) -> QuerySet[Any]:
    """``queryset`` kept to the communities of the regions where ``user`` is a community manager;
    ``community_field`` is the path to the community ("" for community pages themselves)."""
    roots = staff_root_paths(user, ROLE_COMMUNITYMANAGER)
    if roots is None:
        return queryset
    if not roots:
        return queryset.none()
    lookup = f"{community_field}__path__startswith" if community_field else "path__startswith"
    return queryset.filter(reduce(or_, (Q(**{lookup: root}) for root in roots)))


def community_of(obj: Any, community_field: str) -> Any:
    for name in community_field.split("__"):
        obj = getattr(obj, name, None)
    return obj


class CommunityRegionViewMixin:
    community_field = "community"
    request: Any

    def get_base_queryset(self):  # the index view (its list and its export)
        queryset = super().get_base_queryset()  # type: ignore[misc]
        return in_staff_regions(queryset, self.request.user, self.community_field)

    def get_object(self, *args: Any, **kwargs: Any):  # every view of one row
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if obj is None or getattr(obj, "pk", None) is None:  # the add view's blank instance
            return obj
        community = community_of(obj, self.community_field)
        if community is not None and not in_staff_region(self.request.user, community):
            raise Http404(_("Deze community hoort bij een andere regio."))
        return obj

    def get_form(self, *args: Any, **kwargs: Any):  # the add and edit views
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        field = form.fields.get("community")
        if field is not None:
            field.queryset = in_staff_regions(CommunityPage.objects.all(), self.request.user, "")
        return form


def _scoped(view_class: type, community_field: str) -> type:
    key = (view_class, community_field)
    if key not in _SCOPED:
        _SCOPED[key] = type(
            view_class.__name__,
            (CommunityRegionViewMixin, view_class),
            {
                "__module__": view_class.__module__,
                "__doc__": view_class.__doc__,
                "community_field": community_field,
            },
        )
    return _SCOPED[key]


class CommunityRegionViewSetMixin:
    """``class MembershipViewSet(CommunityRegionViewSetMixin, SnippetViewSet)``."""

    community_field = "community"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for attribute in _VIEW_ATTRIBUTES:
            view_class = getattr(self, attribute, None)
            if isinstance(view_class, type):
                setattr(self, attribute, _scoped(view_class, self.community_field))
