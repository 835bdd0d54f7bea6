"""The public side of intervision: ``/intervisie/`` with the groups open for application, the
application form and withdrawing a waiting application.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from wagtail.models import Site

from community.services import CommunityError
from community.views.common import login_url
from loket.themes.models import Theme

from .. import services
from ..forms import ApplicationForm
from ..models.members import ApplicationStatus, IntervisionApplication
from .base import _private, _render


def index(request, page):
    user = request.user
    context = {
        "groups": list(services.open_groups(Site.find_for_request(request))),
        "apply_url": page.url_for("apply", request),
    }
    if user.is_authenticated:
        context["my_groups"] = list(services.groups_of(user))
        context["waiting"] = (
            IntervisionApplication.objects.filter(member=user, status=ApplicationStatus.WAITING)
            .select_related("theme", "group")
            .first()
        )
        response = _render(page, request, "intervision/index.html", context)
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response
    return _render(page, request, "intervision/index.html", context)


def apply(request, page):
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _private(
                _render(
                    page,
                    request,
                    "intervision/apply.html",
                    {"form": None, "login_url": login_url(request)},
                    status=403,
                )
            )
        return redirect(login_url(request))
    profile = getattr(request.user, "profile", None)
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.apply(
                    request.user,
                    group=data["group"],
                    theme=data["theme"],
                    sector=data["sector"],
                    size_band=data["size_band"],
                    province=data["province"],
                    municipality=data["municipality"],
                    company_name=data["company_name"],
                    question=data["question"],
                    availability=data["availability"],
                    avoid_companies=data["avoid_companies"],
                    consent=data["consent"],
                    site=Site.find_for_request(request),
                )
            except CommunityError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(
                    request,
                    _(
                        "Dank je! Je aanmelding is binnen. Bij de volgende matchingronde zoeken we "
                        "een groep die bij je past; je hoort het per mail."
                    ),
                )
                return redirect(page.get_url(request))
        else:
            status = 400
    else:
        form = ApplicationForm(profile=profile)
        group_id = request.GET.get("groep", "")
        if group_id.isascii() and group_id.isdigit():
            form.initial["group"] = int(group_id)
        # From the home or a follow-up mail after a meetup: the meetup's theme is chosen already.
        theme = Theme.objects.filter(slug=request.GET.get("thema", "")[:100]).first()
        if theme is not None:
            form.initial["theme"] = theme.pk
    response = _render(page, request, "intervision/apply.html", {"form": form}, status=status)
    return _private(response)


def withdraw(request, page):
    if request.method != "POST" or not request.user.is_authenticated:
        return redirect(page.get_url(request))
    application = IntervisionApplication.objects.filter(
        member=request.user, status=ApplicationStatus.WAITING
    ).first()
    if application is None:
        messages.info(request, _("Je hebt geen openstaande aanmelding."))
        return redirect(page.get_url(request))
    services.withdraw(request.user, application)
    messages.success(request, _("Je aanmelding is ingetrokken. Je bent altijd weer welkom."))
    return redirect(page.get_url(request))
