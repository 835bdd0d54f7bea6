"""Staff of a region see and change only their region's data in the admin.

Everything that belongs to a region but is not a page (intervision groups, applications,
facilitators, mailings, experiences, reward requests) has a ``site`` foreign key, or reaches one
through a relation. A snippet viewset that mixes in :class:`RegionViewSetMixin` keeps its list
(and its export) to the regions the staff member works in, answers 404 for another region's
item in every other view (edit, delete, inspect, history, usage, copy), and offers only those
regions in the form's region field. National staff and superusers see every region; an item
without a region is national, and only they see it (unless the viewset sets
``no_region_is_default_site``: then it counts as the default site's, as a member's profile without
a home region does).

The same rule holds for the viewset's chooser (``/admin/snippets/choose/...``: its list, its
search results and ``chosen/<pk>/``) and for Wagtail's bulk actions, which take their ids from the
query string: one id of another region among them answers 404 and changes nothing.

Rows that hang off a page (a registration's event, a membership's community) belong to the region
whose tree the page is in: :class:`PageRegionViewSetMixin` does the same for them, by the page's
path, optionally for one role (a community manager's communities).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import Site

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
_CHOOSER_VIEW_ATTRIBUTES = (
    "choose_view_class",
    "choose_results_view_class",
    "chosen_view_class",
    "chosen_multiple_view_class",
)
_SCOPED: dict[tuple[Any, ...], type] = {}
# model -> its scope, for the bulk-action checks.
_REGION_MODELS: dict[type, Any] = {}


def _default_site_id() -> int | None:
    site = Site.objects.filter(is_default_site=True).only("id").first()
    return site.pk if site else None


def in_regions(
    queryset: QuerySet[Any], user: Any, field: str = "site", no_region_is_default: bool = False
) -> QuerySet[Any]:
    """``queryset`` kept to the regions ``user`` works in (``field`` is the path to the site);
    with ``no_region_is_default`` a row without a region counts as the default site's."""
    ids = staff_site_ids(user)
    default_here = Site.objects.filter(is_default_site=True, pk__in=ids or ()).exists
    if ids is ALL_REGIONS or not (no_region_is_default and default_here()):
        return for_staff(queryset, user, field)
    return queryset.filter(Q(**{f"{field}__in": ids}) | Q(**{f"{field}__isnull": True}))


def may_see(user: Any, obj: Any, field: str = "site", no_region_is_default: bool = False) -> bool:
    """Whether ``obj`` belongs to one of the regions ``user`` works in."""
    ids = staff_site_ids(user)
    if ids is ALL_REGIONS:
        return True
    region = region_id_of(obj, field)
    if region is None and no_region_is_default:
        region = _default_site_id()
    return region in ids


def region_id_of(obj: Any, path: str) -> int | None:
    """The site id ``obj`` belongs to, following ``path`` (``"site"``, ``"group__site"``)."""
    *relations, last = path.split("__")
    for name in relations:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


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


@dataclass(frozen=True)
class SiteScope:
    """Rows with a region of their own (``field``: the path to the site)."""

    field: str = "site"
    no_region_is_default: bool = False

    def filter(self, queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
        return in_regions(queryset, user, self.field, self.no_region_is_default)

    def allows(self, user: Any, obj: Any) -> bool:
        return may_see(user, obj, self.field, self.no_region_is_default)

    def limit_form(self, form: Any, user: Any) -> None:
        field = form.fields.get("site") if self.field == "site" else None
        if field is None:
            return
        field.queryset = staff_sites(user)
        national = staff_site_ids(user) is ALL_REGIONS
        field.required = not national
        field.empty_label = _("Landelijk (alle regio's)") if national else None
        if not national and not form.initial.get("site"):
            first = field.queryset.first()
            if first is not None:
                form.initial["site"] = first.pk


@dataclass(frozen=True)
class PageScope:
    """Rows that hang off a page (``field``), in the region whose tree the page is in; ``role``
    limits it to the regions where the user has that role."""

    field: str = "page"
    role: str | None = None

    def filter(self, queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
        return in_page_regions(queryset, user, self.field, self.role)

    def allows(self, user: Any, obj: Any) -> bool:
        page = page_of(obj, self.field)
        return page is None or covers_page_path(user, page.path, self.role)

    def limit_form(self, form: Any, user: Any) -> None:
        field = form.fields.get(self.field)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = in_page_regions(field.queryset, user, "", self.role)


class RegionScopedViewMixin:
    """For the generic admin views of a region-scoped model (see the module's docstring)."""

    region_scope: Any
    request: Any

    def get_base_queryset(self):  # the index view (its list and its export)
        queryset = super().get_base_queryset()  # type: ignore[misc]
        return self.region_scope.filter(queryset, self.request.user)

    def get_object(self, *args: Any, **kwargs: Any):  # every view of one item
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if obj is None or getattr(obj, "pk", None) is None:  # the add view's blank instance
            return obj
        if not self.region_scope.allows(self.request.user, obj):
            raise Http404(_("Dit hoort bij een andere regio."))
        return obj

    def get_form(self, *args: Any, **kwargs: Any):  # the add and edit views
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        self.region_scope.limit_form(form, self.request.user)
        return form


class RegionScopedChooserMixin:
    """For the chooser views of a region-scoped model: the list and search results hold the
    staff member's regions only; ``chosen/<pk>/`` of another region's item is a 404."""

    region_scope: Any
    request: Any

    def get_object_list(self):  # the chooser's list and its search results
        queryset = super().get_object_list()  # type: ignore[misc]
        return self.region_scope.filter(queryset, self.request.user)

    def get_object(self, pk: Any):  # chosen/<pk>/
        obj = super().get_object(pk)  # type: ignore[misc]
        if not self.region_scope.allows(self.request.user, obj):
            raise Http404(_("Dit hoort bij een andere regio."))
        return obj

    def get_objects(self, pks: Any):  # chosen-multiple/?id=...
        queryset = super().get_objects(pks)  # type: ignore[misc]
        return self.region_scope.filter(queryset, self.request.user)


def scoped_view(view_class: type, scope: Any, *, chooser: bool = False) -> type:
    """``view_class`` with the region mixin first in its bases (once per class and scope)."""
    key = (view_class, scope)
    if key not in _SCOPED:
        mixin = RegionScopedChooserMixin if chooser else RegionScopedViewMixin
        _SCOPED[key] = type(
            view_class.__name__,
            (mixin, view_class),
            {
                "__module__": view_class.__module__,
                "__doc__": view_class.__doc__,
                "region_scope": scope,
            },
        )
    return _SCOPED[key]


class _ScopedViewSetMixin:
    model: Any

    def get_region_scope(self) -> Any:  # each subclass below gives its scope
        raise NotImplementedError("RegionViewSetMixin or PageRegionViewSetMixin")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = self.get_region_scope()
        for attribute in _VIEW_ATTRIBUTES:
            view_class = getattr(self, attribute, None)
            if isinstance(view_class, type):
                setattr(self, attribute, scoped_view(view_class, scope))
        _REGION_MODELS[self.model] = scope

    @property
    def chooser_viewset(self):
        viewset = super().chooser_viewset  # type: ignore[misc]
        scope = self.get_region_scope()
        for attribute in _CHOOSER_VIEW_ATTRIBUTES:
            view_class = getattr(viewset, attribute, None)
            if isinstance(view_class, type):
                setattr(viewset, attribute, scoped_view(view_class, scope, chooser=True))
        return viewset


class RegionViewSetMixin(_ScopedViewSetMixin):
    """Put first in a ``SnippetViewSet`` or ``ModelViewSet`` of a model with a region:
    ``class GroupViewSet(RegionViewSetMixin, SnippetViewSet)``; ``region_field`` is the path to
    the site when the model has none of its own (``"group__site"``)."""

    region_field = "site"
    no_region_is_default_site = False

    def get_region_scope(self) -> SiteScope:
        return SiteScope(self.region_field, self.no_region_is_default_site)


class PageRegionViewSetMixin(_ScopedViewSetMixin):
    """Put first in a snippet viewset whose rows hang off a page:
    ``class RegistrationViewSet(PageRegionViewSetMixin, SnippetViewSet)`` with
    ``region_page_field = "event"`` (and ``region_role`` to limit it to one role's regions)."""

    region_page_field = "page"
    region_role: str | None = None

    def get_region_scope(self) -> PageScope:
        return PageScope(self.region_page_field, self.region_role)


def _outside_regions(model: Any, pks: Any, user: Any) -> bool:
    """Whether any of the rows ``pks`` of ``model`` lies outside ``user``'s regions (one query)."""
    scope = _REGION_MODELS.get(model)
    if scope is None:
        return False
    rows = model._default_manager.filter(pk__in=list(pks))
    return rows.count() != scope.filter(rows, user).count()


def refuse_other_regions_ids(request: Any, app_label: str, model_name: str) -> None:
    """404 when the ids a bulk action was given (``?id=``) hold an item of another region: its
    confirmation page would list that item (the hook below guards the action itself)."""
    from django.apps import apps

    from .guards import valid_pk

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return
    ids = [pk for pk in request.GET.getlist("id") if valid_pk(model, pk)]
    if _outside_regions(model, ids, request.user):
        raise Http404(_("Dit hoort bij een andere regio."))


@hooks.register("before_bulk_action")
def refuse_other_regions(request, action_type, objects, action_class_instance):
    """Wagtail's bulk actions (delete) take ids from the query: an item of another region among
    them stops the whole action, before anything changes."""
    model = getattr(action_class_instance, "model", None)
    if _outside_regions(model, [obj.pk for obj in objects], request.user):
        raise Http404(_("Dit hoort bij een andere regio."))
    return None
