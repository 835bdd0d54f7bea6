"""The data and the scores of matching: applicants, groups, proposals and what makes two peers fit.

Pure dataclasses and functions on them, no database; ``grouping`` and ``facilitators`` build on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Pair scores: what makes two entrepreneurs good peers.
SAME_SECTOR = 3
SAME_SIZE = 3
NEAR_SIZE = 1
SAME_PROVINCE = 2
SHARED_DAY_PART = 1
MAX_DAY_PART_BONUS = 2
# A forming group takes a "match me" applicant only from this fit on (theme must match).
MIN_GROUP_FIT = 2
# A bucket larger than this is split by province before new groups are built.
SPLIT_BUCKET_FROM = 120
SIZE_ORDER = ["0", "1", "2-4", "5-9", "10-49", "50+"]


def normalise_company(name: str | None) -> str:
    return " ".join((name or "").casefold().replace(".", " ").replace(",", " ").split())


@dataclass(frozen=True)
class Applicant:
    id: int
    theme: str
    sector: str = ""
    size_band: str = ""
    province: str = ""
    municipality: str = ""
    availability: frozenset = frozenset()
    company: str = ""
    avoid: frozenset = frozenset()
    group_id: int | None = None  # the group asked for; None is "match me"
    region: int | None = None  # the desk (site id) applied at; never grouped across regions
    theme_label: str = ""
    sector_label: str = ""
    size_label: str = ""
    province_label: str = ""

    @property
    def company_key(self) -> str:
        return normalise_company(self.company)

    @property
    def avoid_keys(self) -> frozenset[str]:
        return frozenset(k for k in (normalise_company(a) for a in self.avoid) if k)


@dataclass(frozen=True)
class Group:
    """A forming group that can take more people; ``members`` are those already in it."""

    id: int
    theme: str
    title: str = ""
    sectors: frozenset = frozenset()
    size_bands: frozenset = frozenset()
    province: str = ""
    day_part: str = ""
    min_size: int = 5
    max_size: int = 8
    members: tuple = ()  # Applicant-like records of current participants
    region: int | None = None  # the desk (site id) the group belongs to


@dataclass
class Placement:
    applicant_id: int
    group_key: str
    explanation: str


@dataclass
class NewGroup:
    key: str
    theme: str
    theme_label: str
    province: str
    province_label: str
    member_ids: list
    day_parts: list
    region: int | None = None  # the desk of all its members


@dataclass
class Unplaced:
    applicant_id: int
    reason: str


@dataclass
class Proposal:
    placements: list = field(default_factory=list)
    new_groups: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)

    def by_group(self) -> dict[str, list[Placement]]:
        result = defaultdict(list)
        for placement in self.placements:
            result[placement.group_key].append(placement)
        return dict(result)


def conflicts(a: Applicant, b: Applicant) -> bool:
    """True when either named the other's company in their avoid-list."""
    a_company, b_company = a.company_key, b.company_key
    return bool(
        (b_company and b_company in a.avoid_keys) or (a_company and a_company in b.avoid_keys)
    )


def _size_distance(a, b):
    if a not in SIZE_ORDER or b not in SIZE_ORDER:
        return 9
    return abs(SIZE_ORDER.index(a) - SIZE_ORDER.index(b))


def pair_score(a: Applicant, b: Applicant) -> int:
    score = 0
    if a.sector and a.sector == b.sector:
        score += SAME_SECTOR
    distance = _size_distance(a.size_band, b.size_band)
    if distance == 0:
        score += SAME_SIZE
    elif distance == 1:
        score += NEAR_SIZE
    if a.province and a.province == b.province:
        score += SAME_PROVINCE
    score += min(len(a.availability & b.availability), MAX_DAY_PART_BONUS) * SHARED_DAY_PART
    return score


def group_fit(applicant: Applicant, group: Group) -> int:
    """How well an applicant fits a forming group's target (theme already equal)."""
    score = 0
    if applicant.sector and (not group.sectors or applicant.sector in group.sectors):
        score += SAME_SECTOR if group.sectors else 1
    if applicant.size_band and (not group.size_bands or applicant.size_band in group.size_bands):
        score += SAME_SIZE if group.size_bands else 1
    if group.province and applicant.province == group.province:
        score += SAME_PROVINCE
    elif not group.province:
        score += 1
    return score


def _day_part_label(code):
    day, _sep, part = code.partition("-")
    return f"{day} {part}".strip()


def explain(
    applicant: Applicant,
    others: Iterable[Applicant],
    *,
    common_day_parts: Iterable[str] = (),
    group: Group | None = None,
) -> str:
    """Why this applicant sits in this group, in a few Dutch words."""
    theme = applicant.theme_label or applicant.theme
    reasons = [_("zelfde thema (%(theme)s)") % {"theme": theme}]
    others = list(others)
    if others:
        n = len(others)
        same_sector = sum(1 for o in others if applicant.sector and o.sector == applicant.sector)
        same_size = sum(
            1 for o in others if applicant.size_band and o.size_band == applicant.size_band
        )
        same_region = sum(
            1 for o in others if applicant.province and o.province == applicant.province
        )
        label = "beide" if n == 1 else "allen"
        if same_sector == n and same_sector:
            reasons.append(
                _("%(all)s %(sector)s") % {"all": label, "sector": applicant.sector_label.lower()}
                if applicant.sector_label
                else _("zelfde sector")
            )
        elif same_sector:
            reasons.append(_("zelfde sector als %(n)s anderen") % {"n": same_sector})
        if same_size == n and same_size:
            reasons.append(
                _("%(all)s %(size)s") % {"all": label, "size": applicant.size_label}
                if applicant.size_label
                else _("zelfde bedrijfsgrootte")
            )
        elif same_size:
            reasons.append(_("zelfde bedrijfsgrootte als %(n)s anderen") % {"n": same_size})
        if same_region == n and same_region:
            reasons.append(
                _("regio %(region)s")
                % {"region": applicant.province_label or applicant.province.title()}
            )
        elif same_region:
            reasons.append(_("uit dezelfde provincie als %(n)s anderen") % {"n": same_region})
    elif group is not None:
        if applicant.sector and applicant.sector in group.sectors:
            reasons.append(_("sector past bij de groep"))
        if applicant.size_band and applicant.size_band in group.size_bands:
            reasons.append(_("bedrijfsgrootte past bij de groep"))
        if group.province and applicant.province == group.province:
            reasons.append(
                _("regio %(region)s")
                % {"region": applicant.province_label or applicant.province.title()}
            )
    if common_day_parts:
        reasons.append(
            _("kan op %(parts)s")
            % {"parts": ", ".join(_day_part_label(p) for p in sorted(common_day_parts)[:2])}
        )
    return ", ".join(reasons)
