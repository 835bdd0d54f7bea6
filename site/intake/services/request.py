"""Asking for an intake: storing a request once, within the hourly limits, and
linking requests to the member who made them."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from loket.accounts.services import over_limit
from loket.accounts.throttling import client_ip

from ..forms import CONSENT_TEXT, SCAN_SHARE_TEXT, clean_campaign_code
from ..models import IntakeRequest, Status, StatusChange
from ..signals import intake_requested
from .base import SESSION_CAMPAIGN_KEY, RateLimited, _digest
from .mails import _queue_confirmation

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from loket.accounts.models import User


logger = logging.getLogger(__name__)
# The same address with the same question within this window is one request (a double submit).
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)
# New requests per hour: per address, per browser session, per network address (hashed).
ADDRESS_LIMIT = 3
SESSION_LIMIT = 5
NETWORK_LIMIT = 20
LIMIT_PERIOD = 60 * 60


def campaign_for(request: HttpRequest | None, posted: str = "") -> str:
    """The campaign that brought this request: the posted code, else the session's."""
    code = clean_campaign_code(posted)
    if not code and request is not None and hasattr(request, "session"):
        code = clean_campaign_code(request.session.get(SESSION_CAMPAIGN_KEY, ""))
    return code


def scan_share_fields(data: Mapping[str, Any], user: Any, now: datetime) -> dict[str, Any]:
    """The member's consent to show their fitheidscan to the adviser, with its text and time;
    nothing for a visitor (the form does not offer it) or without the tick."""
    if user is None or not data.get("share_scan"):
        return {}
    return {"scan_share_text": str(SCAN_SHARE_TEXT)[:255], "scan_shared_at": now}


def _check_limits(email, request):
    keys = [(f"intake:address:{_digest(email)[:32]}", ADDRESS_LIMIT)]
    if request is not None:
        if hasattr(request, "session") and request.session.session_key:
            keys.append(
                (f"intake:session:{_digest(request.session.session_key)[:32]}", SESSION_LIMIT)
            )
        # The client's network as log-in throttling sees it: behind the proxy, the address the
        # proxy forwards (LOGIN_CLIENT_IP_HEADER), not the proxy's own.
        network = client_ip(request)
        if network:
            # Only a hash, for an hour, in the cache: no network address is stored.
            keys.append(
                (f"intake:network:{_digest(settings.SECRET_KEY, network)[:32]}", NETWORK_LIMIT)
            )
    # Count every key (no short-circuit), so one busy key cannot be dodged by another.
    results = [over_limit(key, limit, LIMIT_PERIOD) for key, limit in keys]
    if any(results):
        raise RateLimited()


def _recent_duplicate(email, question, now):
    return (
        IntakeRequest.objects.not_erased()
        .filter(email=email, question=question, created_at__gte=now - DOUBLE_SUBMIT_WINDOW)
        .order_by("created_at")
        .first()
    )


def _dedupe_key(email, question, now):
    window = int(now.timestamp() // DOUBLE_SUBMIT_WINDOW.total_seconds())
    return _digest(email, " ".join(question.lower().split()), window)


def request_intake(
    data: Mapping[str, Any],
    *,
    user: User | AnonymousUser | None = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> tuple[IntakeRequest, bool]:
    """Store a request from the form's ``data``; return ``(intake, created)``.

    A double submit (same address and question within ``DOUBLE_SUBMIT_WINDOW``) returns the
    stored request and sends nothing again; a new request past the hourly limits raises
    ``RateLimited`` and stores nothing. The entrepreneur gets a confirmation mail through the
    outbox, and ``intake_requested`` goes out after the commit.
    """
    now = now or timezone.now()
    email = data["email"].strip().lower()
    question = data["question"]
    existing = _recent_duplicate(email, question, now)
    if existing is not None:
        return existing, False
    if request is not None and hasattr(request, "session") and not request.session.session_key:
        request.session.save()  # a key to count this browser's requests by
    # Only the logged-in requester owns the request. An address typed into the form proves
    # nothing (anyone can type a member's address); such a request is linked to that member
    # once they log in with it (``link_requests_of``).
    if user is not None and not user.is_authenticated:
        user = None
    intake = IntakeRequest(
        name=data["name"],
        email=email,
        company=data.get("company", ""),
        company_size=data["company_size"],
        theme=data.get("theme"),
        question=question,
        channel=data["channel"],
        phone=data.get("phone", ""),
        user=user,
        campaign=campaign_for(request, data.get("campaign", "")),
        # The region whose site the form was sent on: its staff handle it, no other region's.
        site=Site.find_for_request(request) if request is not None else None,
        consent_text=str(CONSENT_TEXT)[:255],
        consented_at=now,
        **scan_share_fields(data, user, now),
        dedupe_key=_dedupe_key(email, question, now),
        created_at=now,
    )
    try:
        with transaction.atomic():
            # Insert first: an identical request racing in waits here on the unique key and
            # then takes the except below, so a double submit never counts towards the limits.
            intake.save()
            _check_limits(email, request)
            StatusChange.objects.create(
                intake=intake,
                to_status=Status.NEW,
                actor=user,
                actor_label=intake.name[:150],
                note=_("Aangevraagd via de website"),
                created_at=now,
            )
            _queue_confirmation(intake)
            transaction.on_commit(
                lambda: intake_requested.send(sender=IntakeRequest, intake=intake, request=request)
            )
    except IntegrityError:
        # The same double submit, racing in from another request: it stored the one request.
        existing = IntakeRequest.objects.filter(dedupe_key=intake.dedupe_key).first()
        if existing is None:
            raise
        return existing, False
    logger.info("Intake request %s stored.", intake.pk)
    return intake, True


def link_requests_of(user: User) -> int:
    """Give a member the requests they made with their verified address before logging in.

    Safe to run twice: only requests without a member are touched.
    """
    if not user.email_verified or not user.is_active:
        return 0
    return (
        IntakeRequest.objects.not_erased()
        .filter(user__isnull=True, email__iexact=user.email)
        .update(user=user)
    )
