"""Log-in throttling with django-axes: who counts as one client, the two limits, the lock-out page.
The settings point axes here (AXES_*); a completed password reset lifts a lock through it."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.utils import reset

from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from .backends import EmailBackend

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

# One IPv6 client usually holds a whole /64: counting single addresses would let it rotate freely.
IPV6_NETWORK_PREFIX = 64


def normalise_username(value: object) -> str | None:
    """The log-in name as an account is found by it: trimmed, lower case (``Fatima@X`` is one)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower()[:255]


def login_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the address tried, from the credentials or else the form."""
    if credentials:
        value = credentials.get("username") or credentials.get("email")
    else:
        value = request.POST.get("username") if request is not None else None
    return normalise_username(value)


def _network(raw: str) -> str | None:
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        network = ipaddress.ip_network(f"{address}/{IPV6_NETWORK_PREFIX}", strict=False)
        return str(network.network_address)
    return str(address)


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's network, from LOGIN_CLIENT_IP_HEADER only.

    Without that setting the peer address counts and every forwarding header is ignored (a
    client could write any). Behind a proxy the setting names the header the proxy sets; of a
    list (``X-Forwarded-For``) the right-most entry counts: the one the proxy itself added.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    header = getattr(settings, "LOGIN_CLIENT_IP_HEADER", "")
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        forwarded = _network(value.split(",")[-1]) if value else None
        if forwarded:
            return forwarded
    return _network(peer)


class LoginThrottle(AxesDatabaseHandler):
    """Two limits where axes has one: an account after AXES_FAILURE_LIMIT failures from anywhere,
    a network after LOGIN_NETWORK_FAILURE_LIMIT failures over any number of addresses.

    AXES_LOCKOUT_PARAMETERS is ``["username", "ip_address"]``: axes counts the failures of each
    and compares the larger with AXES_FAILURE_LIMIT. Shifting the network's count down by the
    difference between the limits makes that one comparison say "account or network over its
    own limit", so axes' lock-out, cool-off and reset work unchanged.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        by_account, by_network = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        headroom = settings.LOGIN_NETWORK_FAILURE_LIMIT - settings.AXES_FAILURE_LIMIT
        return max(by_account, by_network - headroom)


class ThrottledLogin(AxesStandaloneBackend):
    """Axes' check before every log-in from the web. A call without a request (the test client's
    ``login()``, a shell) is no attempt from a network: it passes on to the next backend."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)

    def get_user(self, user_id):
        # A session that names this backend (Wagtail's test helpers log in with the first one)
        # loads its member as the e-mail backend does.
        return EmailBackend().get_user(user_id)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: one Dutch page, 429, whether or not the address has an account."""
    context = {"minutes": settings.LOGIN_LOCKOUT_MINUTES}
    response = render(request, "accounts/lockout.html", context, status=429)
    response["Cache-Control"] = "no-store"
    response["Retry-After"] = str(settings.LOGIN_LOCKOUT_MINUTES * 60)
    return response


def lift_lockout(email: str) -> int:
    """Forget the failed log-ins of this address (from any network); the count removed."""
    username = normalise_username(email)
    return reset(username=username) if username else 0
