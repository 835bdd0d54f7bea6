"""Admin views of the accounts app: Regiobeheer puts colleagues into the region's staff groups
and takes them out (``loket.accounts.services.region_team`` holds the rules and writes the log)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .services import region_team as team
from .services import roles


class AddStaffForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres van de collega"),
        max_length=254,
        help_text=gettext_lazy("Het account moet al bestaan (aangemaakt op de website)."),
    )


def may_manage_staff(user) -> bool:
    """Regiobeheer of at least one region, or a superuser (the menu item asks the same)."""
    ids = roles.staff_site_ids(user, roles.ROLE_REGIOBEHEER)
    return ids is roles.ALL_REGIONS or bool(ids)


def _managed_group(request, group_id):
    """One of the user's managed groups; any other id (another region's group, a national
    group, one that does not exist) is not there for them."""
    if not may_manage_staff(request.user):
        raise PermissionDenied
    group = team.managed_groups(request.user).filter(pk=group_id).first()
    if group is None:
        raise Http404(_("Deze groep hoort niet bij jouw regio."))
    return group


@require_http_methods(["GET", "HEAD"])
def region_team(request):
    """The groups of the user's regions with their members, a form to add a colleague to each
    and a button to take one out."""
    if not may_manage_staff(request.user):
        raise PermissionDenied
    context = {
        "teams": team.region_teams(request.user),
        "changes": team.staff_changes(request.user),
        "form": AddStaffForm(),
        "header_title": _("Medewerkers van de regio"),
    }
    return TemplateResponse(request, "accounts/admin/region_team.html", context)


@require_POST
def add_staff(request, group_id):
    group = _managed_group(request, group_id)
    form = AddStaffForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een geldig e-mailadres in."))
        return redirect(reverse("loket_region_team"))
    try:
        member = team.add_to_region_group(group, form.cleaned_data["email"], request.user)
    except team.RoleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s zit nu in “%(group)s”.") % {"name": member.email, "group": group.name},
        )
    return redirect(reverse("loket_region_team"))


@require_POST
def remove_staff(request, group_id, user_id):
    group = _managed_group(request, group_id)
    member = get_object_or_404(get_user_model(), pk=user_id)
    try:
        team.remove_from_region_group(group, member, request.user)
    except team.RoleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s zit niet meer in “%(group)s”.")
            % {"name": member.email, "group": group.name},
        )
    return redirect(reverse("loket_region_team"))
