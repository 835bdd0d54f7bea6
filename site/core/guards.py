"""Guards in front of Wagtail's admin views for input those views do not expect.

Wagtail 8's admin answers some garbage with a 500 (found by the bad-input suite,
``tests/badinput``): a chooser's ``chosen/<id>/`` or ``chosen-multiple/?id=`` with an id that is
not one, the snippet chooser's ``create/`` for a model without a creation form, the external-link
chooser posted without its URL, the image chooser searching within a tag, moving the root page,
``/admin/login/?next=word`` for a logged-in user. ``AdminInputGuardMiddleware`` looks at the view
a request resolved to and answers 404 or 400 (a Dutch message) before that view runs; nothing
of Wagtail is copied or changed. ``/admin/failwhale/`` (Wagtail's deliberate 500, to test error
reporting) is left to superusers.

Wagtail's snippet choosers (``/admin/snippets/choose/<app>/<model>/``, its ``results/``,
``chosen/`` and ``create/``) check no permission of their own. The middleware lets a staff member
open one only when :func:`may_choose` says so: they hold a permission on the model (add, change,
delete or view), or the model is chosen in a form they may fill in (a page's, or another model's
they may add or change). Which rows a region-scoped chooser lists is up to its viewset
(``loket.core.region_admin``).

One fault lives in a form widget rather than a view: a chooser widget re-rendering a form whose
posted id is garbage looks that id up and raises. ``install_tolerant_choosers`` (called when the
middleware is loaded, so in every web process) makes the lookup treat a malformed id as
"nothing chosen", as it already treats an id that does not exist; the form still shows its own
error for the field.
"""

from __future__ import annotations

import functools
from typing import Any

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from wagtail.admin.views import chooser as page_chooser
from wagtail.admin.views.generic import chooser as generic_chooser
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.fields import StreamField
from wagtail.images.views.chooser import BaseImageChooseView
from wagtail.models import GroupPagePermission, Page
from wagtail.permissions import policy_registry
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.snippets.views import chooser as snippet_chooser

# The largest value a (big) integer primary key holds; beyond it SQLite raises OverflowError.
MAX_ID = 2**63 - 1


def valid_pk(model: type[models.Model], value: object) -> bool:
    """Whether ``value`` can be a primary key of ``model``: converts, and fits the column."""
    field = model._meta.pk
    try:
        pk = field.to_python(value) if field is not None else None
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    if isinstance(field, models.IntegerField) or isinstance(pk, int):
        return isinstance(pk, int) and -MAX_ID <= pk <= MAX_ID
    return pk is not None


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _view(view_func: Any, request: HttpRequest, args: tuple, kwargs: dict) -> Any:
    """The class-based view instance the request would get (``setup`` only: no dispatch)."""
    view = view_func.view_class(**view_func.view_initkwargs)
    view.setup(request, *args, **kwargs)
    return view


def _safe_next(request: HttpRequest, value: str) -> bool:
    return value.startswith("/") and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


_SNIPPET_CHOOSER_VIEWS = (
    snippet_chooser.BaseSnippetChooseView,
    snippet_chooser.SnippetChosenView,
    snippet_chooser.SnippetChosenMultipleView,
    snippet_chooser.SnippetCreateView,
)
_ANY_ACTION = ("add", "change", "delete", "view")


def _stream_snippet_models(block: Any, found: set[type]) -> None:
    if isinstance(block, SnippetChooserBlock):
        found.add(block.target_model)
    for child in getattr(block, "child_blocks", {}).values():
        _stream_snippet_models(child, found)
    child = getattr(block, "child_block", None)
    if child is not None:
        _stream_snippet_models(child, found)


@functools.cache
def form_owners() -> dict[type, frozenset[type]]:
    """For each model: the models in whose admin form it is chosen (a relation or a snippet
    block of the model itself, or of an inline child with a ParentalKey to it)."""
    from modelcluster.fields import ParentalKey

    owners: dict[type, set[type]] = {}
    for model in apps.get_models():
        editors = {model}
        for field in model._meta.get_fields():
            if isinstance(field, ParentalKey) and field.related_model is not None:
                editors.add(field.related_model)
        targets: set[type] = set()
        for field in model._meta.get_fields():
            chosen = field.is_relation and not field.auto_created and field.related_model
            if chosen and not isinstance(field, ParentalKey) and field.related_model is not model:
                targets.add(field.related_model)
            if isinstance(field, StreamField):
                _stream_snippet_models(field.stream_block, targets)
        for target in targets:
            owners.setdefault(target, set()).update(editors - {target})
    return {target: frozenset(models_) for target, models_ in owners.items()}


def may_choose(user: Any, model: type[models.Model]) -> bool:
    """Whether ``user`` may open the snippet chooser of ``model`` (see the module docstring)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if policy_registry.get_by_type(model).user_has_any_permission(user, _ANY_ACTION):
        return True
    owners = form_owners().get(model, frozenset())
    if any(issubclass(owner, Page) for owner in owners) and (
        GroupPagePermission.objects.filter(group__user=user).exists()
    ):
        return True
    return any(
        policy_registry.get_by_type(owner).user_has_any_permission(user, ("add", "change"))
        for owner in owners
        if not issubclass(owner, Page)
    )


class AdminInputGuardMiddleware:
    """404/400 for admin requests whose input the resolved Wagtail view would turn into a 500."""

    def __init__(self, get_response):
        self.get_response = get_response
        install_tolerant_choosers()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if view_name == "wagtailadmin_error_test" and not request.user.is_superuser:
            raise Http404
        if view_name == "wagtail_bulk_action":
            from .region_admin import refuse_other_regions_ids

            refuse_other_regions_ids(
                request, view_kwargs.get("app_label", ""), view_kwargs.get("model_name", "")
            )
        if view_name == "wagtailadmin_pages:set_page_position":
            page_id = view_kwargs.get("page_to_move_id")
            if Page.objects.filter(pk=page_id, depth__lte=1).exists():
                return _bad_request(_("De bovenste pagina van de boom kan niet verplaatst worden."))
        view_class = getattr(view_func, "view_class", None)
        if view_class is None:
            return None
        if issubclass(view_class, LoginView):
            return self._login(request)
        if issubclass(view_class, _SNIPPET_CHOOSER_VIEWS):
            model = _view(view_func, request, view_args, view_kwargs).model_class
            if not may_choose(request.user, model):
                raise PermissionDenied
        if issubclass(view_class, generic_chooser.ChosenViewMixin):
            view = _view(view_func, request, view_args, view_kwargs)
            pk = unquote(str(view_kwargs.get("pk", "")))
            if not valid_pk(view.model_class, pk):
                raise Http404
        elif issubclass(
            view_class, (generic_chooser.ChosenMultipleViewMixin, page_chooser.ChosenMultipleView)
        ):
            model = (
                Page
                if issubclass(view_class, page_chooser.ChosenMultipleView)
                else _view(view_func, request, view_args, view_kwargs).model_class
            )
            if not all(valid_pk(model, pk) for pk in request.GET.getlist("id")):
                return _bad_request(_("Kies alleen bestaande items."))
        elif (
            issubclass(view_class, generic_chooser.CreateViewMixin)
            and issubclass(view_class, generic_chooser.CreationFormMixin)
            # Only the generic form lookup (the snippet choosers'): it has no form unless the
            # viewset gives one; the image and document choosers always have theirs.
            and view_class.get_creation_form_class
            is generic_chooser.CreationFormMixin.get_creation_form_class
        ):
            view = _view(view_func, request, view_args, view_kwargs)
            if view.get_creation_form_class() is None:
                raise Http404  # this chooser has no form to create an item with
        elif issubclass(view_class, page_chooser.ExternalLinkView):
            field = f"{view_class.form_prefix}-{view_class.link_url_field_name}"
            if request.method == "POST" and field not in request.POST:
                return _bad_request(_("Vul de URL van de link in."))
        elif (
            issubclass(view_class, BaseImageChooseView)
            and request.GET.get("tag")
            and request.GET.get("q")
        ):
            return _bad_request(
                _("Zoek op een woord of kies een tag; beide tegelijk kan hier niet.")
            )
        return None

    def _login(self, request: HttpRequest) -> HttpResponse | None:
        values = request.GET.getlist("next") + request.POST.getlist("next")
        if any(value and not _safe_next(request, value) for value in values):
            return _bad_request(_("Deze doorverwijzing na het inloggen is ongeldig."))
        return None


def install_tolerant_choosers() -> None:
    """Make Wagtail's chooser widgets treat a malformed id like one that does not exist (once)."""
    original = BaseChooser.get_instance
    if getattr(original, "loket_tolerant", False):
        return

    @functools.wraps(original)
    def get_instance(self, value):
        malformed = value is not None and not isinstance(value, models.Model)
        if malformed and not valid_pk(self.model_class, value):
            return None
        return original(self, value)

    get_instance.loket_tolerant = True  # type: ignore[attr-defined]
    BaseChooser.get_instance = get_instance  # type: ignore[method-assign]
