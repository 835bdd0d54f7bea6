"""Building the proposal: forming groups filled first, then new groups per theme (and province),
a greedy pass and a round of pairwise swaps; everyone left over gets an honest reason.

Regions (desks) are never mixed: an applicant joins only a group of their own region, and new
groups are built per region and theme.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .base import (
    MIN_GROUP_FIT,
    SPLIT_BUCKET_FROM,
    Applicant,
    Group,
    NewGroup,
    Placement,
    Proposal,
    Unplaced,
    conflicts,
    explain,
    group_fit,
    pair_score,
)


class _Bin:
    """A group being filled: its members and what blocks newcomers."""

    __slots__ = ("key", "members", "companies", "avoids", "day_parts", "max_size", "group")

    def __init__(self, key, *, max_size, members=(), day_parts=None, group=None):
        self.key = key
        self.members = list(members)
        self.companies = {m.company_key for m in self.members if m.company_key}
        self.avoids = set()
        for m in self.members:
            self.avoids |= m.avoid_keys
        self.day_parts = day_parts  # None: not fixed yet
        self.max_size = max_size
        self.group = group

    def blocks(self, applicant):
        if applicant.company_key and applicant.company_key in self.avoids:
            return True
        return bool(applicant.avoid_keys & self.companies)

    def can_meet(self, applicant):
        return self.day_parts is None or bool(self.day_parts & applicant.availability)

    def has_room(self):
        return len(self.members) < self.max_size

    def add(self, applicant):
        self.members.append(applicant)
        if applicant.company_key:
            self.companies.add(applicant.company_key)
        self.avoids |= applicant.avoid_keys
        if self.day_parts is None:
            self.day_parts = frozenset(applicant.availability)
        else:
            self.day_parts = self.day_parts & applicant.availability


def _existing_bin(group):
    day_parts = frozenset({group.day_part}) if group.day_part else None
    b = _Bin(f"g{group.id}", max_size=group.max_size, members=group.members, group=group)
    b.day_parts = day_parts
    return b


def _reason_for_group(applicant, b):
    if b.group is not None and b.group.region != applicant.region:
        return _("de gekozen groep hoort bij een ander Ondernemersloket")
    if b.group is not None and b.group.theme != applicant.theme:
        return _("de gekozen groep gaat over een ander thema")
    if not b.has_room():
        return _("de gekozen groep is al vol")
    if b.blocks(applicant):
        return _(
            "in de gekozen groep zit een bedrijf waarmee je liever niet in een groep zit "
            "(of dat jou liever niet treft)"
        )
    if not b.can_meet(applicant):
        return _("de gekozen groep komt samen op een moment dat jij niet kunt")
    return ""


def propose(
    applicants: Iterable[Applicant],
    groups: Iterable[Group] = (),
    *,
    new_min_size: int = 5,
    new_max_size: int = 8,
) -> Proposal:
    """The proposal for a pool of applicants and the forming groups that still take people."""
    applicants = sorted(applicants, key=lambda a: a.id)
    groups = sorted(groups, key=lambda g: g.id)
    proposal = Proposal()
    bins = {g.id: _existing_bin(g) for g in groups}
    bins_by_theme = defaultdict(list)  # (region, theme) -> bins
    for g in groups:
        bins_by_theme[(g.region, g.theme)].append(bins[g.id])

    def place(applicant, b):
        others = list(b.members)
        b.add(applicant)
        return Placement(
            applicant.id,
            b.key,
            explain(applicant, others, common_day_parts=b.day_parts or (), group=b.group),
        )

    # 1. Those who asked for a specific group.
    rest = []
    pending_existing = []
    for applicant in applicants:
        if applicant.group_id is None:
            rest.append(applicant)
            continue
        b = bins.get(applicant.group_id)
        if b is None:
            proposal.unplaced.append(
                Unplaced(applicant.id, _("de gekozen groep neemt geen nieuwe deelnemers meer aan"))
            )
            continue
        reason = _reason_for_group(applicant, b)
        if reason:
            proposal.unplaced.append(Unplaced(applicant.id, reason))
        else:
            pending_existing.append(place(applicant, b))

    # 2. "Match me" applicants into forming groups of their theme, best fit first.
    leftovers = []
    for applicant in rest:
        best, best_key = None, None
        for b in bins_by_theme.get((applicant.region, applicant.theme), ()):
            if not b.has_room() or b.blocks(applicant) or not b.can_meet(applicant):
                continue
            fit = group_fit(applicant, b.group) + sum(
                pair_score(applicant, m) for m in b.members[-4:]
            ) // max(1, min(4, len(b.members)))
            key = (-fit, b.group.id)
            if fit >= MIN_GROUP_FIT and (best_key is None or key < best_key):
                best, best_key = b, key
        if best is None:
            leftovers.append(applicant)
        else:
            pending_existing.append(place(applicant, best))
    proposal.placements.extend(pending_existing)

    # 3. New groups per region and theme (split by province when the bucket is big).
    buckets = defaultdict(list)
    for applicant in leftovers:
        buckets[(applicant.region, applicant.theme)].append(applicant)
    counter = 0
    for region, theme in sorted(buckets, key=_bucket_order):
        bucket = buckets[(region, theme)]
        sub_buckets = [bucket]
        if len(bucket) > SPLIT_BUCKET_FROM:
            by_province: defaultdict[str, list[Applicant]] = defaultdict(list)
            for a in bucket:
                by_province[a.province].append(a)
            sub_buckets, small = [], []
            for province in sorted(by_province):
                members = by_province[province]
                if len(members) >= new_min_size:
                    sub_buckets.append(members)
                else:
                    small.extend(members)
            if small:
                sub_buckets.append(sorted(small, key=lambda a: a.id))
        for sub in sub_buckets:
            new_bins, unplaced = _build_groups(sub, new_min_size, new_max_size)
            _improve(new_bins)
            for b in new_bins:
                counter += 1
                b.key = f"n{counter}"
                first = b.members[0]
                provinces = Counter(m.province for m in b.members if m.province)
                province = provinces.most_common(1)[0][0] if provinces else ""
                label = next(
                    (m.province_label for m in b.members if m.province == province), province
                )
                proposal.new_groups.append(
                    NewGroup(
                        key=b.key,
                        theme=theme,
                        theme_label=first.theme_label or theme,
                        province=province,
                        province_label=label,
                        member_ids=[m.id for m in b.members],
                        day_parts=sorted(b.day_parts or ()),
                        region=region,
                    )
                )
                for member in b.members:
                    others = [m for m in b.members if m.id != member.id]
                    proposal.placements.append(
                        Placement(
                            member.id,
                            b.key,
                            explain(member, others, common_day_parts=b.day_parts or ()),
                        )
                    )
            proposal.unplaced.extend(unplaced)
    proposal.unplaced.sort(key=lambda u: u.applicant_id)
    return proposal


def _bucket_order(key):
    region, theme = key
    return (region is not None, region or 0, theme)


def _group_count(n, min_size, max_size):
    if n < min_size:
        return 0
    k = math.ceil(n / max_size)
    if n // k < min_size:
        k = n // min_size
    return k


def _build_groups(pool, min_size, max_size):
    """Greedy: seed a group with the first free applicant, add the best-fitting peer each step."""
    pool = sorted(pool, key=lambda a: (a.province, a.size_band, a.sector, a.id))
    free = {a.id: a for a in pool}
    order = [a.id for a in pool]
    bins, unplaced = [], []
    k = _group_count(len(pool), min_size, max_size)
    while k and len(free) >= min_size:
        target = max(min_size, min(max_size, math.ceil(len(free) / k)))
        seed_id = next(i for i in order if i in free)
        seed = free.pop(seed_id)
        b = _Bin("", max_size=max_size)
        b.add(seed)
        totals = {i: pair_score(seed, free[i]) for i in free}
        while len(b.members) < target:
            best_id, best_key = None, None
            for i in order:
                if i not in free:
                    continue
                candidate = free[i]
                if b.blocks(candidate) or not b.can_meet(candidate):
                    continue
                key = (-totals[i], i)
                if best_key is None or key < best_key:
                    best_id, best_key = i, key
            if best_id is None:
                break
            chosen = free.pop(best_id)
            b.add(chosen)
            for i in free:
                totals[i] += pair_score(chosen, free[i])
        if len(b.members) >= min_size:
            bins.append(b)
            k -= 1
        else:
            # Not enough compatible peers for this seed: the seed waits, the others go back.
            for m in b.members[1:]:
                free[m.id] = m
            unplaced.append(
                Unplaced(
                    seed.id,
                    _(
                        "nog niet genoeg passende ondernemers met jouw thema die op hetzelfde "
                        "moment kunnen"
                    ),
                )
            )
            k = _group_count(len(free), min_size, max_size)
    # Whoever is left: a new group with room takes them when they fit.
    for i in order:
        if i not in free:
            continue
        applicant = free.pop(i)
        home = next(
            (b for b in bins if b.has_room() and not b.blocks(applicant) and b.can_meet(applicant)),
            None,
        )
        if home is not None:
            home.add(applicant)
        elif len(pool) < min_size:
            unplaced.append(
                Unplaced(
                    applicant.id,
                    _(
                        "nog te weinig aanmeldingen voor dit thema om een groep te starten "
                        "(minimaal %(min)s)"
                    )
                    % {"min": min_size},
                )
            )
        else:
            unplaced.append(
                Unplaced(
                    applicant.id,
                    _(
                        "geen groep met plek waarin je past: je beschikbaarheid of je "
                        "lijst met bedrijven die je liever niet treft sloot de opties uit"
                    ),
                )
            )
    return bins, unplaced


def _rebuild(b, members):
    fresh = _Bin(b.key, max_size=b.max_size)
    for m in members:
        fresh.add(m)
    return fresh


def _valid(members):
    day_parts = None
    for m in members:
        day_parts = m.availability if day_parts is None else day_parts & m.availability
    if not day_parts:
        return False
    return not any(conflicts(a, b) for idx, a in enumerate(members) for b in members[idx + 1 :])


def _gain(a_members, i, b_members, j):
    """How much the two groups' summed pair scores change when a_members[i] and b_members[j]
    trade places (linear in the group size)."""
    a, b = a_members[i], b_members[j]
    stay_a = [m for k, m in enumerate(a_members) if k != i]
    stay_b = [m for k, m in enumerate(b_members) if k != j]
    return (
        sum(pair_score(b, m) for m in stay_a)
        - sum(pair_score(a, m) for m in stay_a)
        + sum(pair_score(a, m) for m in stay_b)
        - sum(pair_score(b, m) for m in stay_b)
    )


def _improve(bins, passes=2, reach=3):
    """Local improvement: swap two people between nearby groups when the total fit goes up."""
    if len(bins) < 2:
        return
    for _pass in range(passes):
        improved = False
        for x in range(len(bins)):
            for y in range(x + 1, min(len(bins), x + 1 + reach)):
                i = 0
                while i < len(bins[x].members):
                    a_members, b_members = bins[x].members, bins[y].members
                    for j in range(len(b_members)):
                        if _gain(a_members, i, b_members, j) <= 0:
                            continue
                        new_a = a_members[:i] + [b_members[j]] + a_members[i + 1 :]
                        new_b = b_members[:j] + [a_members[i]] + b_members[j + 1 :]
                        if not (_valid(new_a) and _valid(new_b)):
                            continue
                        bins[x] = _rebuild(bins[x], new_a)
                        bins[y] = _rebuild(bins[y], new_b)
                        improved = True
                        break
                    i += 1
        if not improved:
            break
    for b in bins:
        b.members.sort(key=lambda m: m.id)
