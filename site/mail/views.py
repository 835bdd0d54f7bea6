"""The unsubscribe page behind the link in every mailing (and its RFC 8058 one-click POST)."""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services

RESUBSCRIBE = "aanmelden"


# Mail clients send the one-click POST without a session or CSRF token (RFC 8058); the signed
# token in the URL is what authorises it. GET only asks, so link scanners unsubscribe nobody.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        email, category = services.read_unsubscribe_token(token)
    except services.InvalidUnsubscribeToken:
        return render(request, "mail/unsubscribe_invalid.html", status=400)
    context = {"email": email, "token": token}
    if request.method == "GET":
        return render(request, "mail/unsubscribe_confirm.html", context)
    if request.POST.get("action") == RESUBSCRIBE:
        services.opt_in(email, category)
        return render(request, "mail/resubscribed.html", context)
    services.unsubscribe(token)
    return render(request, "mail/unsubscribed.html", {**context, "resubscribe": RESUBSCRIBE})
