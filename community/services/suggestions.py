"""“Voor jou”: communities and fellow members that match a member's sector, size, region and themes.

Each suggestion carries its reasons in plain Dutch ("ook in de bouw, 10–49 medewerkers"). Other
members are only suggested from communities the member already belongs to, and only on what those
members chose to share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
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


def shown(field: object, prefix: str = "") -> Q:
    """``Q`` for profiles that show ``field`` (``Profile.shows`` in the database).

    ``visible_fields`` is a JSON list of field names; its text holds ``"sector"`` (quoted) exactly
    when the list has that name, on SQLite and on PostgreSQL alike.
    """
    return Q(**{f"{prefix}visible_fields__icontains": f'"{field!s}"'})


def suggest_communities(user: User, limit: int = 6) -> list[Suggestion]:
    """Public communities the member is not in, best match first; chosen in the database."""
    profile = _profile(user)
    if profile is None:
        return []
    my_themes = {t.pk: t for t in profile.themes.all()}
    joined = Membership.objects.filter(member=user).values("community_id")
    same_sector = Q(sector=profile.sector) if profile.sector else Q(pk__in=[])
    same_region = Q(region=profile.province) if profile.province else Q(pk__in=[])
    theme_ids = list(my_themes)
    candidates = (
        # By name: the page module imports the views, which import this module.
        apps.get_model("community", "CommunityPage")
        .objects.live()
        .public()
        .exclude(pk__in=joined)
        .annotate(
            shared_themes=Subquery(
                apps.get_model("community", "CommunityPage")
                .themes.through.objects.filter(
                    communitypage_id=OuterRef("pk"), theme_id__in=theme_ids
                )
                .values("communitypage_id")
                .annotate(n=Count("*"))
                .values("n"),
                output_field=IntegerField(),
            ),
            member_total=Subquery(
                Membership.objects.filter(community_id=OuterRef("pk"), status="lid")
                .values("community_id")
                .annotate(n=Count("*"))
                .values("n"),
                output_field=IntegerField(),
            ),
        )
        .annotate(
            score=Case(When(same_sector, then=3), default=0)
            + Case(When(same_region, then=2), default=0)
            + Coalesce("shared_themes", 0),
            member_total=Coalesce("member_total", 0),
        )
        .filter(score__gt=0)
        .order_by("-score", "-member_total", "title")
        .prefetch_related("themes")[:limit]
    )
    suggestions = []
    for community in candidates:
        reasons = []
        if profile.sector and community.sector == profile.sector:
            reasons.append(
                _("ook in %(sector)s")
                % {"sector": sector_phrase(profile.sector, profile.get_sector_display())}
            )
        if profile.province and community.region == profile.province:
            reasons.append(_("in %(region)s") % {"region": community.get_region_display()})
        shared = [t.name.lower() for t in community.themes.all() if t.pk in my_themes]
        if shared:
            reasons.append(_("over %(themes)s") % {"themes": " en ".join(shared[:2])})
        suggestions.append(Suggestion(community, reasons, community.score))
    return suggestions


def suggest_members(user: User, limit: int = 6) -> list[Suggestion]:
    """Members of the user's own communities who share sector, size band, region or themes.

    Scored, ordered and limited in the database (on what each member chose to share), so the
    page costs the same with 10 or 10,000 fellow members; only the chosen few are loaded.
    """
    profile = _profile(user)
    if profile is None:
        return []
    my_themes = {t.pk for t in profile.themes.all()}
    my_communities = Membership.objects.filter(member=user, status=Membership.Status.MEMBER).values(
        "community_id"
    )
    fellows = Membership.objects.filter(
        community_id__in=my_communities, status=Membership.Status.MEMBER
    ).values("member_id")
    profile_model = type(profile)
    nothing = Q(pk__in=[])
    same_sector = (
        (Q(sector=profile.sector) & shown(VisibleField.SECTOR)) if profile.sector else nothing
    )
    same_size = (
        (Q(company_size=profile.company_size) & shown(VisibleField.COMPANY_SIZE))
        if profile.company_size
        else nothing
    )
    same_region = (
        (Q(province=profile.province) & shown(VisibleField.REGION)) if profile.province else nothing
    )
    shared_themes = Subquery(
        profile_model.themes.through.objects.filter(
            profile_id=OuterRef("pk"), theme_id__in=list(my_themes)
        )
        .values("profile_id")
        .annotate(n=Count("*"))
        .values("n"),
        output_field=IntegerField(),
    )
    chosen = list(
        profile_model.objects.filter(
            user_id__in=fellows, user__is_active=True, user__deleted_at=None
        )
        .exclude(user=user)
        .annotate(
            score=Case(When(same_sector, then=3), default=0)
            + Case(When(same_size, then=2), default=0)
            + Case(When(same_region, then=1), default=0)
            + Case(
                When(shown(VisibleField.THEMES), then=Coalesce(shared_themes, 0)),
                default=0,
            )
        )
        .filter(score__gt=0)
        .select_related("user")
        .prefetch_related("themes")
        .order_by("-score", "user_id")[:limit]
    )
    # The contact link goes through a community both are in: the oldest such membership.
    community_of = {}
    for membership in (
        Membership.objects.filter(
            community_id__in=my_communities,
            status=Membership.Status.MEMBER,
            member_id__in=[p.user_id for p in chosen],
        )
        .select_related("community")
        .order_by("-pk")
    ):
        community_of[membership.member_id] = membership.community
    suggestions = []
    for other_profile in chosen:
        other = other_profile.user
        reasons = []
        if (
            profile.sector
            and other_profile.sector == profile.sector
            and other_profile.shows(VisibleField.SECTOR)
        ):
            reasons.append(
                _("ook in %(sector)s")
                % {"sector": sector_phrase(profile.sector, profile.get_sector_display())}
            )
        if (
            profile.company_size
            and other_profile.company_size == profile.company_size
            and other_profile.shows(VisibleField.COMPANY_SIZE)
        ):
            reasons.append(other_profile.get_company_size_display())
        if (
            profile.province
            and other_profile.province == profile.province
            and other_profile.shows(VisibleField.REGION)
        ):
            reasons.append(
                _("ook uit %(region)s") % {"region": other_profile.get_province_display()}
            )
        if other_profile.shows(VisibleField.THEMES):
            shared = [t.name.lower() for t in other_profile.themes.all() if t.pk in my_themes]
            if shared:
                reasons.append(_("bezig met %(themes)s") % {"themes": " en ".join(shared[:2])})
        suggestions.append(
            Suggestion(
                {
                    "card": other_profile.public_card(),
                    "user": other,
                    "community": community_of[other.pk],
                },
                reasons,
                other_profile.score,
            )
        )
    return suggestions


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
