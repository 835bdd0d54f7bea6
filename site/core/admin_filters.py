"""List filters on an event or a community that stay short when the platform has forty regions.

A plain ``list_filter = ["event"]`` renders every event of every region into its dropdown on
each request (thousands of options, seconds of rendering, even for an empty list).
:class:`RegionPageFilter` is a drop-in for such a filter on a page (events, communities):

- its dropdown offers only the pages in the regions the staff member works in
  (``loket.accounts.services.roles.staff_root_paths``; everything for national staff);
- with ``recent_field`` (``"start"`` for events) it offers only pages from ``recent_days`` ago
  onward, plus the one that is selected, so an old event chosen via the URL stays shown;
- it accepts any page of the staff member's regions, also one the dropdown leaves out, and
  filters the list by it; a page outside their regions (or no page at all) gives an empty list,
  shown as the active filter "niet gevonden in je regio's", never another region's rows or a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import django_filters

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceField, ModelChoiceIterator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from loket.accounts.services.roles import ROLE_COMMUNITYMANAGER
from loket.core.region_admin import in_page_regions

RECENT_DAYS = 90


class _NoMatch:
    """The value of a filter given a page it does not accept: the list is empty."""

    def __str__(self) -> str:
        return str(_("niet gevonden in je regio's"))


NO_MATCH = _NoMatch()


def event_label(page: Any) -> str:
    """ "Ondernemerscafé (3 december 2026)": events of different regions share titles."""
    start = getattr(page, "start", None)
    if start is None:
        return page.title
    return f"{page.title} ({date_format(timezone.localtime(start), 'j F Y')})"


class _OfferedIterator(ModelChoiceIterator):
    """Iterates the field's ``offered`` pages rather than every page it accepts."""

    def __init__(self, field: OfferedModelChoiceField) -> None:
        super().__init__(field)
        if field.offered is not None:
            self.queryset = field.offered


class OfferedModelChoiceField(ModelChoiceField):
    """Accepts any object of ``queryset``; its dropdown lists ``offered`` only."""

    iterator = _OfferedIterator

    def __init__(
        self,
        *args: Any,
        offered: QuerySet[Any] | None = None,
        label_from: Callable[[Any], str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.offered = offered  # before super(): setting the queryset builds the choices
        self.label_from = label_from
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice":
                return NO_MATCH
            raise

    def label_from_instance(self, obj: Any) -> str:
        if obj is NO_MATCH:
            return str(obj)
        return self.label_from(obj) if self.label_from else super().label_from_instance(obj)


class RegionPageFilter(django_filters.ModelChoiceFilter):
    """``event = RegionPageFilter(EventPage, label=_("Bijeenkomst"), recent_field="start")``."""

    field_class = OfferedModelChoiceField

    def __init__(
        self,
        page_model: type,
        *args: Any,
        role: str | None = ROLE_COMMUNITYMANAGER,
        recent_field: str | None = None,
        recent_days: int = RECENT_DAYS,
        order_by: tuple[str, ...] = ("title",),
        label_from: Callable[[Any], str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.page_model = page_model
        self.role = role
        self.recent_field = recent_field
        self.recent_days = recent_days
        self.order_by = order_by
        kwargs.setdefault("queryset", self.accepted)
        if label_from is not None:
            kwargs["label_from"] = label_from
        super().__init__(*args, **kwargs)

    def accepted(self, request: Any) -> QuerySet[Any]:
        """Every page of the staff member's regions: what the filter filters by."""
        if request is None:
            return self.page_model.objects.none()  # type: ignore[attr-defined,no-any-return]
        pages = self.page_model.objects.order_by(*self.order_by)  # type: ignore[attr-defined]
        return in_page_regions(pages, request.user, "", self.role)

    def _selected(self) -> int | None:
        parent = getattr(self, "parent", None)
        if parent is None or not parent.data:
            return None
        for name, candidate in parent.filters.items():
            if candidate is self:
                key = f"{parent.form_prefix}-{name}" if parent.form_prefix else name
                value = parent.data.get(key)
                return int(value) if str(value or "").isdigit() else None
        return None

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value is NO_MATCH:
            return qs.none()
        return super().filter(qs, value)  # type: ignore[no-any-return]

    @property
    def field(self) -> Any:
        if not hasattr(self, "_field"):
            accepted = self.get_queryset(self.get_request())
            offered = accepted
            if self.recent_field:
                since = timezone.now() - timedelta(days=self.recent_days)
                window = Q(**{f"{self.recent_field}__gte": since})
                selected = self._selected()
                if selected is not None:
                    window |= Q(pk=selected)
                offered = accepted.filter(window)
            # The dropdown shows a label per page: no page's other columns (or its body).
            shown = ["title", *([self.recent_field] if self.recent_field else [])]
            self.extra["offered"] = offered.only(*shown)
        return super().field
