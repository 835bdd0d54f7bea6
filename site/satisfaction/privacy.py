"""AVG: a member's ratings in "download my data", and erased with the account.

Erasing deletes the open questions and strips the answered ones of everything that points to
the person (account, address, name, their sentence, the contact's description): what stays is
an anonymous number in the region's figures.
"""

from __future__ import annotations

from typing import Any

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
    anonymous = {"user": None, "email": "", "name": "", "sentence": "", "contact_label": ""}
    mine.update(**anonymous)
    Rating.objects.filter(user__isnull=True, email__iexact=user.email).update(**anonymous)
