"""The member directory of a community and contacting a member through the platform."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from ..forms import ContactForm, DirectoryFilterForm
from ..permissions import request_access
from ..services import CommunityError
from ..services import directory as directory_services
from .common import error, login_url, render

MEMBERS_PER_PAGE = 24


def member_directory(page, request):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(login_url(request))
    form = DirectoryFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "sector": data["sector"],
            "size": data["grootte"],
            "municipality": data["gemeente"].strip(),
            "theme": data["thema"],
        }
    elif form.is_bound:
        messages.warning(request, _("Een van de filters kennen we niet; we tonen alle leden."))
    try:
        entries = directory_services.member_directory(page, request.user, **filters)
    except CommunityError as exc:
        return error(page, request, exc)
    page_obj = Paginator(entries, MEMBERS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        page,
        request,
        "community/members.html",
        {
            "form": form if form.is_bound else DirectoryFilterForm(),
            "entries": page_obj.object_list,
            "page_obj": page_obj,
            "filtered": any(filters.values()) if filters else False,
        },
    )


def contact_member(page, request, user_id):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(login_url(request))
    access = request_access(request, page)
    if not access.is_member:
        return error(
            page,
            request,
            CommunityError(
                _("Alleen leden van de community kunnen elkaar een bericht sturen."), "not_member"
            ),
        )
    recipient = get_user_model().objects.filter(pk=user_id, deleted_at=None).first()
    membership = (
        recipient.community_memberships.filter(community=page, status="lid").first()
        if recipient
        else None
    )
    if membership is None:
        return error(
            page, request, CommunityError(_("Dit lid is niet (meer) te vinden."), "not_found")
        )
    if recipient.pk == request.user.pk:
        return error(
            page,
            request,
            CommunityError(_("Jezelf een bericht sturen kan niet.")),
            back_url=page.url_for("members", request),
        )
    card = recipient.profile.public_card() if hasattr(recipient, "profile") else {}
    form = ContactForm(request.POST or None)
    context = {"recipient": recipient, "card": card, "form": form}
    if request.method != "POST":
        return render(page, request, "community/contact.html", context)
    if not form.is_valid():
        return render(page, request, "community/contact.html", context, status=400)
    try:
        directory_services.contact_member(page, request.user, recipient, **form.cleaned_data)
    except CommunityError as exc:
        form.add_error(None, exc.message)
        return render(page, request, "community/contact.html", context, status=exc.status)
    messages.success(
        request,
        _("Je bericht is verstuurd naar %(name)s.") % {"name": card.get("name", "")},
    )
    return HttpResponseRedirect(page.url_for("members", request), status=303)
