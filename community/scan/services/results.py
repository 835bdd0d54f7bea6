"""Taking the scan and what happens with a result: kept on a member's account (optionally
feeding their profile themes), mailed once to a visitor, or carried into a sign-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.services.profile import ensure_profile
from loket.mail.services import queue_mail
from loket.themes.models import Theme

from ..choices import Phase
from ..dispatch import scan_completed
from ..models import ScanResult, ScanVersion
from .base import ScanError
from .scoring import score, strengths_and_attention, theme_scores, weakest_theme_ids

if TYPE_CHECKING:
    from django.http import HttpRequest

    from loket.accounts.models import User

# Phases that are themes of their own: with consent they join the profile's themes too.
PHASE_THEMES = {
    Phase.ZWAAR_WEER: "ondernemen-in-zwaar-weer",
    Phase.OVERDRAGEN: "bedrijfsovername-en-stoppen",
}

# The results a visitor took in this browser session, so they may mail or keep them.
SESSION_RESULTS = "scan_results"
# A result to put on the account the visitor is about to make (its signed token).
SESSION_PENDING = "scan_pending_result"
MAX_SESSION_RESULTS = 10


def record_result(
    version: ScanVersion,
    answers: dict[str, str],
    *,
    site: Any,
    user: User | None = None,
    request: HttpRequest | None = None,
) -> ScanResult:
    """Store a complete set of answers with its scores; ``scan_completed`` after the commit."""
    scores, phase = score(version, answers)
    actor = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        result = ScanResult.objects.create(
            version=version,
            site=site,
            user=actor,
            answers=answers,
            scores=scores,
            phase=phase,
            saved_at=timezone.now() if actor else None,
        )
        transaction.on_commit(
            lambda: scan_completed.send(
                sender=ScanResult, result=result, actor=actor, request=request
            )
        )
    if request is not None and hasattr(request, "session"):
        taken = request.session.get(SESSION_RESULTS, [])
        request.session[SESSION_RESULTS] = [*taken, result.pk][-MAX_SESSION_RESULTS:]
    return result


def result_from_token(token: str) -> ScanResult:
    pk = ScanResult.pk_from_token(token)
    result = (
        ScanResult.objects.select_related("version", "site").filter(pk=pk).first()
        if pk is not None
        else None
    )
    if result is None:
        raise ScanError(_("Deze link naar een scanresultaat klopt niet."), "bad_token", 404)
    return result


def may_see(result: ScanResult, request: HttpRequest) -> bool:
    """A member's saved result is theirs alone; a visitor's result is open to its signed link."""
    if result.user_id is None:
        return True
    user = request.user
    return user.is_authenticated and user.pk == result.user_id


def taken_here(result: ScanResult, request: HttpRequest) -> bool:
    return result.pk in request.session.get(SESSION_RESULTS, [])


def save_to_account(result: ScanResult, user: User, *, use_for_profile: bool) -> ScanResult:
    """Keep ``result`` on ``user``'s account; with consent its weakest themes (and its phase, when
    that is a theme: zwaar weer, overdragen) join the profile's themes, and so the "voor jou"
    suggestions and mailing segments. Safe to run twice."""
    with transaction.atomic():
        result = ScanResult.objects.select_for_update().get(pk=result.pk)
        if result.user_id not in (None, user.pk):
            raise ScanError(_("Dit resultaat staat al op een ander account."), "taken", 403)
        now = timezone.now()
        result.user = user
        result.saved_at = result.saved_at or now
        fields = ["user", "saved_at"]
        if use_for_profile:
            result.profile_consent_at = now
            fields.append("profile_consent_at")
            themes = weakest_theme_ids(result)
            if result.phase in PHASE_THEMES:
                themes += Theme.objects.filter(slug=PHASE_THEMES[result.phase]).values_list(
                    "pk", flat=True
                )
            ensure_profile(user).themes.add(*themes)
        result.save(update_fields=fields)
    return result


def mail_result(result: ScanResult, email: str, *, result_url: str, site_url: str) -> Any:
    """Mail ``result`` once to ``email``, which is not kept anywhere but in the outbox row.

    One mail per result: the idempotency key is the result, so a second request (or a double
    click) sends nothing more.
    """
    if result.mailed_at is not None:
        raise ScanError(_("Dit resultaat is al eens gemaild."), "already_mailed", 409)
    strengths, attention = strengths_and_attention(result)
    mail = queue_mail(
        to=email,
        template="scan_result",
        context={
            "scores": theme_scores(result),
            "strengths": strengths,
            "attention": attention,
            "result_url": result_url,
            "site_url": site_url,
            "signup_url": site_url + reverse("accounts:signup"),
        },
        idempotency_key=f"scan-result:{result.pk}",
    )
    ScanResult.objects.filter(pk=result.pk, mailed_at__isnull=True).update(mailed_at=timezone.now())
    return mail


def keep_for_signup(request: HttpRequest, result: ScanResult) -> None:
    request.session[SESSION_PENDING] = result.token


def claim_pending(request: HttpRequest | None, user: User) -> ScanResult | None:
    """Put the result the visitor kept for sign-up on ``user``'s new account (a signed token in
    their session, so nobody can claim another's result by its number)."""
    if request is None or not hasattr(request, "session"):
        return None
    token = request.session.pop(SESSION_PENDING, None)
    if not token:
        return None
    pk = ScanResult.pk_from_token(token)
    result = ScanResult.objects.filter(pk=pk, user__isnull=True).first() if pk else None
    if result is None:
        return None
    return save_to_account(result, user, use_for_profile=False)


def member_results(user: User, limit: int = 12) -> list[ScanResult]:
    return list(
        ScanResult.objects.filter(user=user)
        .select_related("version")
        .order_by("-created_at")[:limit]
    )
