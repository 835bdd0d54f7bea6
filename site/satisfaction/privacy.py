"""AVG: a member's ratings in "download my data", and erased with the account.

Erasing deletes the open questions and strips the answered ones of everything that points to
the person (account, address, name, their sentence, the contact's description): what stays is
an anonymous number in the region's figures. Someone without an account gets the same after
``INTAKE_RETENTION_DAYS`` (``erase_expired_contacts``, a daily task).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import Rating


def export_ratings(user) -> list[dict[str, Any]]:
    rows = Rating.objects.filter(user=user).select_related("theme").order_by("contact_at", "pk")
    return [
        {
            "soort contact": str(rating.get_kind_display()),
            "omschrijving": rating.contact_label,
            "contact op": timezone.localtime(rating.contact_at).isoformat(),
            "thema": rating.theme.name if rating.theme else "",
            "adviseur of partner": rating.adviser,
            "beantwoord op": (
                timezone.localtime(rating.answered_at).isoformat() if rating.answered_at else None
            ),
            "rapportcijfer": rating.score,
            "moeite": rating.ces,
            "opgelost": rating.resolved,
            "in één zin": rating.sentence,
        }
        for rating in rows
    ]


def erase_ratings(user, keep_content: bool) -> None:
    mine = Rating.objects.filter(user=user)
    mine.filter(answered_at__isnull=True).delete()
    # Also a question sent to the member's address before the account existed.
    Rating.objects.filter(user__isnull=True, email__iexact=user.email).filter(
        answered_at__isnull=True
    ).delete()
    mine.update(**ANONYMOUS)
    Rating.objects.filter(user__isnull=True, email__iexact=user.email).update(**ANONYMOUS)


ANONYMOUS = {"user": None, "email": "", "name": "", "sentence": "", "contact_label": ""}


def erase_expired_contacts() -> int:
    """Someone without an account is not kept longer than an intake request of theirs: past
    ``INTAKE_RETENTION_DAYS`` their open questions go and their answers lose name, address and
    sentence. Returns how many rows changed; a second run finds nothing left to do."""
    cutoff = timezone.now() - timedelta(days=getattr(settings, "INTAKE_RETENTION_DAYS", 365))
    expired = Rating.objects.filter(user__isnull=True, contact_at__lt=cutoff).exclude(email="")
    deleted, _per_model = expired.filter(answered_at__isnull=True).delete()
    return deleted + expired.update(**ANONYMOUS)
