"""“Voor jou”: communities and fellow members that match a member's sector, size, region and themes.

Each suggestion carries its reasons in plain Dutch ("ook in de bouw, 10–49 medewerkers"). Other
members are only suggested from communities the member already belongs to, and only on what those
members chose to share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.accounts.models import VisibleField

from ..models.communities import Membership

if TYPE_CHECKING:
    from loket.accounts.models import User

    from . import Visitor

# Short, spoken names of the SBI sections for the reasons ("ook in de bouw").
SECTOR_PHRASES = {
    "A": gettext_lazy("de landbouw"),
    "C": gettext_lazy("de industrie"),
    "F": gettext_lazy("de bouw"),
    "G": gettext_lazy("de handel"),
    "H": gettext_lazy("vervoer en logistiek"),
    "I": gettext_lazy("de horeca"),
    "J": gettext_lazy("ict en communicatie"),
    "K": gettext_lazy("de financiële dienstverlening"),
    "L": gettext_lazy("vastgoed"),
    "M": gettext_lazy("de zakelijke dienstverlening"),
    "N": gettext_lazy("de zakelijke dienstverlening"),
    "P": gettext_lazy("het onderwijs"),
    "Q": gettext_lazy("de zorg"),
    "R": gettext_lazy("cultuur, sport en recreatie"),
    "S": gettext_lazy("de dienstverlening"),
}


def sector_phrase(profile_or_code: Any, label: str = "") -> str:
    code = getattr(profile_or_code, "sector", profile_or_code)
    return str(SECTOR_PHRASES[code]) if code in SECTOR_PHRASES else (label or "").lower()


@dataclass
class Suggestion:
    item: Any  # a CommunityPage, or a dict with the card, user and community
    reasons: list = field(default_factory=list)
    score: int = 0

    @property
    def reason(self) -> str:
        return ", ".join(str(r) for r in self.reasons)


def _profile(user):
    try:
        return user.profile
    except Exception:  # noqa: BLE001 - a user without a profile gets no suggestions
        return None


def suggest_communities(user: User, limit: int = 6) -> list[Suggestion]:
    profile = _profile(user)
    if profile is None:
        return []
    my_themes = {t.pk: t for t in profile.themes.all()}
    joined = Membership.objects.filter(member=user).values("community_id")
    candidates = (
        # By name: the page module imports the views, which import this module.
        apps.get_model("community", "CommunityPage")
        .objects.live()
        .public()
        .exclude(pk__in=joined)
        .filter(
            Q(sector=profile.sector, sector__gt="")
            | Q(region=profile.province, region__gt="")
            | Q(themes__in=list(my_themes))
        )
        .distinct()
        .annotate(
            member_total=Count("memberships", filter=Q(memberships__status="lid"), distinct=True)
        )
        .prefetch_related("themes")
    )
    suggestions = []
    for community in candidates:
        reasons, score = [], 0
        if profile.sector and community.sector == profile.sector:
            reasons.append(
                _("ook in %(sector)s")
                % {"sector": sector_phrase(profile.sector, profile.get_sector_display())}
            )
            score += 3
        if profile.province and community.region == profile.province:
            reasons.append(_("in %(region)s") % {"region": community.get_region_display()})
            score += 2
        shared = [t.name.lower() for t in community.themes.all() if t.pk in my_themes]
        if shared:
            reasons.append(_("over %(themes)s") % {"themes": " en ".join(shared[:2])})
            score += len(shared)
        if score:
            suggestions.append(Suggestion(community, reasons, score))
    suggestions.sort(key=lambda s: (-s.score, -s.item.member_total, s.item.title))
    return suggestions[:limit]


def suggest_members(user: User, limit: int = 6) -> list[Suggestion]:
    """Members of the user's own communities who share sector, size band, region or themes."""
    profile = _profile(user)
    if profile is None:
        return []
    my_themes = {t.pk for t in profile.themes.all()}
    my_communities = Membership.objects.filter(member=user, status=Membership.Status.MEMBER).values(
        "community_id"
    )
    others = (
        Membership.objects.filter(
            community_id__in=my_communities,
            status=Membership.Status.MEMBER,
            member__is_active=True,
            member__deleted_at=None,
        )
        .exclude(member=user)
        .select_related("member__profile", "community")
        .prefetch_related("member__profile__themes")
        .order_by("member_id", "pk")
    )
    seen, suggestions = set(), []
    for membership in others:
        other = membership.member
        if other.pk in seen:
            continue
        seen.add(other.pk)
        other_profile = _profile(other)
        if other_profile is None:
            continue
        reasons, score = [], 0
        if (
            profile.sector
            and other_profile.sector == profile.sector
            and other_profile.shows(VisibleField.SECTOR)
        ):
            reasons.append(
                _("ook in %(sector)s")
                % {"sector": sector_phrase(profile.sector, profile.get_sector_display())}
            )
            score += 3
        if (
            profile.company_size
            and other_profile.company_size == profile.company_size
            and other_profile.shows(VisibleField.COMPANY_SIZE)
        ):
            reasons.append(other_profile.get_company_size_display())
            score += 2
        if (
            profile.province
            and other_profile.province == profile.province
            and other_profile.shows(VisibleField.REGION)
        ):
            reasons.append(
                _("ook uit %(region)s") % {"region": other_profile.get_province_display()}
            )
            score += 1
        if other_profile.shows(VisibleField.THEMES):
            shared = [t.name.lower() for t in other_profile.themes.all() if t.pk in my_themes]
            if shared:
                reasons.append(_("bezig met %(themes)s") % {"themes": " en ".join(shared[:2])})
                score += len(shared)
        if score:
            suggestion = Suggestion(
                {
                    "card": other_profile.public_card(),
                    "user": other,
                    "community": membership.community,
                },
                reasons,
                score,
            )
            suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.item["user"].pk))
    return suggestions[:limit]


def suggestions_for(user: Visitor, limit: int = 6) -> dict[str, list[Suggestion]]:
    """``{"communities": [Suggestion], "members": [Suggestion]}`` for the member's overview.

    ``Suggestion.item`` is a ``CommunityPage`` (with ``member_total``) or a dict with ``card``
    (``Profile.public_card()``), ``user`` and ``community``; ``Suggestion.reason`` is the Dutch
    reason, e.g. "ook in de bouw, 10–49 medewerkers".
    """
    if user is None or not user.is_authenticated:
        return {"communities": [], "members": []}
    return {
        "communities": suggest_communities(user, limit),
        "members": suggest_members(user, limit),
    }
