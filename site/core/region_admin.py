"""Staff of a region see and change only their region's data in the admin.

Everything that belongs to a region but is not a page (intervision groups, applications,
facilitators, mailings, experiences, reward requests) has a ``site`` foreign key, or reaches one
through a relation. A snippet viewset that mixes in :class:`RegionViewSetMixin` keeps its list
(and its export) to the regions the staff member works in, answers 404 for another region's
item in every other view (edit, delete, inspect, history, usage, copy), and offers only those
regions in the form's region field. National staff and superusers see every region; an item
without a region is national, and only they see it.

Rows that hang off a page (a registration's event, a membership's community) belong to the region
whose tree the page is in: :class:`PageRegionViewSetMixin` does the same for them, by the page's
path, optionally for one role (a community manager's communities).
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from loket.accounts.services.roles import (
    ALL_REGIONS,
    covers_page_path,
    for_staff,
    staff_root_paths,
    staff_site_ids,
    staff_sites,
)

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
_SCOPED: dict[tuple[Any, ...], type] = {}


def region_id_of(obj: Any, path: str) -> int | None:
    """The site id ``obj`` belongs to, following ``path`` (``"site"``, ``"group__site"``)."""
    *relations, last = path.split("__")
    for name in relations:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


class RegionScopedViewMixin:
    """For the generic admin views of a region-scoped model (see the module's docstring)."""

    region_field = "site"
    request: Any

    def get_base_queryset(self):  # the index view (its list and its export)
        queryset = super().get_base_queryset()  # type: ignore[misc]
        return for_staff(queryset, self.request.user, self.region_field)

    def get_object(self, *args: Any, **kwargs: Any):  # every view of one item
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if obj is None or getattr(obj, "pk", None) is None:  # the add view's blank instance
            return obj
        ids = staff_site_ids(self.request.user)
        if ids is not ALL_REGIONS and region_id_of(obj, self.region_field) not in ids:
            raise Http404(_("Dit hoort bij een andere regio."))
        return obj

    def get_form(self, *args: Any, **kwargs: Any):  # the add and edit views
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        field = form.fields.get("site") if self.region_field == "site" else None
        if field is not None:
            user = self.request.user
            field.queryset = staff_sites(user)
            national = staff_site_ids(user) is ALL_REGIONS
            field.required = not national
            field.empty_label = _("Landelijk (alle regio's)") if national else None
            if not national and not form.initial.get("site"):
                first = field.queryset.first()
                if first is not None:
                    form.initial["site"] = first.pk
        return form


def scoped_view(view_class: type, region_field: str) -> type:
    """``view_class`` with :class:`RegionScopedViewMixin` first in its bases (once per class)."""
    key = (view_class, region_field)
    if key not in _SCOPED:
        _SCOPED[key] = type(
            view_class.__name__,
            (RegionScopedViewMixin, view_class),
            {
                "__module__": view_class.__module__,
                "__doc__": view_class.__doc__,
                "region_field": region_field,
            },
        )
    return _SCOPED[key]


class RegionViewSetMixin:
    """Put first in a ``SnippetViewSet`` or ``ModelViewSet`` of a model with a region:
    ``class GroupViewSet(RegionViewSetMixin, SnippetViewSet)``; ``region_field`` is the path to
    the site when the model has none of its own (``"group__site"``)."""

    region_field = "site"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for attribute in _VIEW_ATTRIBUTES:
            view_class = getattr(self, attribute, None)
            if isinstance(view_class, type):
                setattr(self, attribute, scoped_view(view_class, self.region_field))


# --- Rows that belong to a page's region -------------------------------------------------------


def in_page_regions(
    queryset: QuerySet[Any], user: Any, page_field: str = "", role: str | None = None
) -> QuerySet[Any]:
    """``queryset`` kept to rows whose page (``page_field``; empty: the rows are pages) lies in a
    region where ``user`` works (in ``role``)."""
    roots = staff_root_paths(user, role)
    if roots is None:
        return queryset
    if not roots:
        return queryset.none()
    lookup = f"{page_field}__path__startswith" if page_field else "path__startswith"
    return queryset.filter(reduce(or_, (Q(**{lookup: root}) for root in roots)))


def page_of(obj: Any, page_field: str) -> Any:
    for name in page_field.split("__"):
        obj = getattr(obj, name, None)
    return obj


class PageRegionScopedViewMixin:
    """For the generic admin views of rows that hang off a page (see the module's docstring)."""

    region_page_field = "page"
    region_role: str | None = None
    request: Any

    def get_base_queryset(self):  # the index view (its list and its export)
        queryset = super().get_base_queryset()  # type: ignore[misc]
        return in_page_regions(
            queryset, self.request.user, self.region_page_field, self.region_role
        )

    def get_object(self, *args: Any, **kwargs: Any):  # every view of one row
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if obj is None or getattr(obj, "pk", None) is None:  # the add view's blank instance
            return obj
        page = page_of(obj, self.region_page_field)
        if page is not None and not covers_page_path(
            self.request.user, page.path, self.region_role
        ):
            raise Http404(_("Dit hoort bij een andere regio."))
        return obj

    def get_form(self, *args: Any, **kwargs: Any):  # the add and edit views: only own pages
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        field = form.fields.get(self.region_page_field)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = in_page_regions(
                field.queryset, self.request.user, "", self.region_role
            )
        return form


class PageRegionViewSetMixin:
    """Put first in a snippet viewset whose rows hang off a page:
    ``class RegistrationViewSet(PageRegionViewSetMixin, SnippetViewSet)`` with
    ``region_page_field = "event"`` (and ``region_role`` to limit it to one role's regions)."""

    region_page_field = "page"
    region_role: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for attribute in _VIEW_ATTRIBUTES:
            view_class = getattr(self, attribute, None)
            if isinstance(view_class, type):
                setattr(
                    self,
                    attribute,
                    _page_scoped(view_class, self.region_page_field, self.region_role),
                )


def _page_scoped(view_class: type, page_field: str, role: str | None) -> type:
    key = (view_class, "page", page_field, role)
    if key not in _SCOPED:
        _SCOPED[key] = type(
            view_class.__name__,
            (PageRegionScopedViewMixin, view_class),
            {
                "__module__": view_class.__module__,
                "__doc__": view_class.__doc__,
                "region_page_field": page_field,
                "region_role": role,
            },
        )
    return _SCOPED[key]
