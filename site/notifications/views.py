"""The member's notifications: the list, opening one (marks it read), marking read, and the
mail preferences per kind."""

from urllib.parse import urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import MailPreferencesForm
from .models import TRANSACTIONAL_KINDS

PER_PAGE = 25


@login_required
def notification_list(request):
    page = Paginator(services.notifications_for(request.user), PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "unread": services.unread_count(request.user),
        },
    )


@login_required
def open_notification(request, pk):
    notification = services.mark_read(request.user, pk)
    if notification is None:
        raise Http404(_("Deze melding bestaat niet (meer)."))
    return redirect(_local(notification.url, request))


def _local(url, request):
    """A link to the host the member is on stays on it as a path (the port, the scheme and a
    proxy in front are the request's business); a link to another region keeps its host."""
    parts = urlsplit(url)
    if parts.hostname and parts.hostname != request.get_host().rsplit(":", 1)[0]:
        return url
    return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


@login_required
@require_POST
def mark_read(request, pk):
    if services.mark_read(request.user, pk) is None:
        raise Http404(_("Deze melding bestaat niet (meer)."))
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, _("Alle meldingen staan op gelezen."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    if request.method == "POST":
        form = MailPreferencesForm(request.POST)
        if form.is_valid():
            services.set_preferences(request.user, form.cleaned_data)
            messages.success(request, _("Je mailvoorkeuren zijn bewaard."))
            return redirect("notifications:preferences")
        status = 400
    else:
        form = MailPreferencesForm(initial=services.preferences_for(request.user))
        status = 200
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "always": [kind.label for kind in sorted(TRANSACTIONAL_KINDS)]},
        status=status,
    )
