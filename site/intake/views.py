"""``/gesprek-aanvragen/``: the intake request page and its thank-you page.

The form also sits in campaign blocks that post here with ``campaign`` and ``next``: ``next``
is only ever a path on this site (never an open redirect), and only shown as a link back.
"""

from urllib.parse import urlencode, urlsplit

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail.models import Page, Site

from loket.accounts.privacy import current_statement

from . import services
from .booking_views import slot_listing
from .forms import IntakeRequestForm, clean_campaign_code
from .models import IntakeRequest

THANKS_SESSION_KEY = "intake_thanks"


def safe_next(request, value):
    """``value`` when it is a path on this site, else ``""``."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or len(value) > 500:
        return ""
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return value


def _page_title(request, path):
    """The title of the live page at ``path`` on this site, to say where the link goes back to."""
    site = Site.find_for_request(request)
    if site is None:
        return ""
    parts = urlsplit(path).path.strip("/")
    url_path = site.root_page.url_path + (parts + "/" if parts else "")
    page = Page.objects.live().filter(url_path=url_path).only("title").first()
    return page.title if page else ""


def _thanks_url(next_url):
    url = reverse("intake:thanks")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@never_cache
@require_http_methods(["GET", "POST"])
def request_page(request):
    user = request.user if request.user.is_authenticated else None
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    status = 200
    if request.method == "POST":
        form = IntakeRequestForm(request.POST, user=user)
        if form.is_bot:
            # Nothing is stored; the bot sees what a person would see.
            return redirect(_thanks_url(next_url))
        if form.is_valid():
            try:
                intake, _created = services.request_intake(
                    form.cleaned_data, user=user, request=request
                )
            except services.IntakeError as error:
                form.add_error(None, error.message)
                status = 429 if error.code == "rate_limited" else 400
            else:
                request.session[THANKS_SESSION_KEY] = intake.pk
                return redirect(_thanks_url(next_url))
        else:
            status = 400
    else:
        form = IntakeRequestForm(
            user=user, initial={"campaign": clean_campaign_code(request.GET.get("campaign"))}
        )
    context = {
        "form": form,
        "next_url": next_url,
        "privacy_url": current_statement(request).url,
        "retention_days": services.retention_days(),
        **slot_listing(request),
    }
    return render(request, "intake/request.html", context, status=status)


@never_cache
def thanks(request):
    intake = None
    pk = request.session.get(THANKS_SESSION_KEY)
    if pk:
        intake = IntakeRequest.objects.not_erased().select_related("theme").filter(pk=pk).first()
    next_url = safe_next(request, request.GET.get("next"))
    return render(
        request,
        "intake/thanks.html",
        {
            "intake": intake,
            "next_url": next_url,
            "next_title": _page_title(request, next_url) if next_url else "",
        },
    )
