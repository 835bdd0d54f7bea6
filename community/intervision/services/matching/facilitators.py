"""A facilitator per new group: by theme, region and load, each choice explained.

Pure like the rest of matching: the same pool and groups always give the same proposal.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .base import NewGroup


@dataclass(frozen=True)
class FacilitatorOption:
    """A facilitator in the pool: themes (slugs) and provinces they take on (empty: all), how
    many groups they lead at most and now, and the desk (site id) they work for (None: every
    desk)."""

    id: int
    name: str = ""
    themes: frozenset = frozenset()
    theme_labels: tuple = ()
    provinces: frozenset = frozenset()
    max_groups: int = 2
    load: int = 0
    region: int | None = None


@dataclass
class FacilitatorProposal:
    group_key: str
    facilitator_id: int | None
    explanation: str


def _facilitator_fit(group, option):
    """(score, reasons) of a facilitator for a new group, or None when they cannot take it."""
    if option.region is not None and option.region != group.region:
        return None  # another desk's facilitator
    if option.provinces and group.province not in option.provinces:
        return None  # a region they do not work in
    score, reasons = 0, []
    if group.theme in option.themes:
        score += 4
        reasons.append(_("begeleidt %(theme)s") % {"theme": group.theme_label or group.theme})
    elif not option.themes:
        score += 1
        reasons.append(_("begeleidt groepen over elk thema"))
    else:
        reasons.append(
            _("begeleidt vooral %(themes)s, maar heeft ruimte")
            % {"themes": ", ".join(option.theme_labels) or _("andere thema's")}
        )
    if group.province and group.province in option.provinces:
        score += 2
        reasons.append(
            _("werkt in regio %(region)s") % {"region": group.province_label or group.province}
        )
    elif not option.provinces:
        reasons.append(_("werkt in het hele land"))
    return score, reasons


def propose_facilitators(
    new_groups: Iterable[NewGroup], facilitators: Collection[FacilitatorOption]
) -> dict[str, FacilitatorProposal]:
    """One facilitator per new group, by theme, region and load, each choice explained.

    Deterministic: groups in key order, ties broken by the lower load and then the lower id. A
    facilitator never gets more groups than their maximum; load counts the groups given earlier
    in the same proposal. A group nobody can take gets ``None`` and says why.
    """
    load = {f.id: f.load for f in facilitators}
    options = sorted(facilitators, key=lambda f: f.id)
    result = {}
    for group in sorted(new_groups, key=lambda g: (len(g.key), g.key)):
        best, best_key = None, None
        best_reasons: list[str] = []
        for option in options:
            if load[option.id] >= option.max_groups:
                continue
            fit = _facilitator_fit(group, option)
            if fit is None:
                continue
            score, reasons = fit
            key = (-score, load[option.id] / option.max_groups, option.id)
            if best_key is None or key < best_key:
                best, best_key, best_reasons = option, key, reasons
        if best is None:
            result[group.key] = FacilitatorProposal(
                group.key,
                None,
                _(
                    "geen begeleider met ruimte die in deze regio werkt: kies er zelf een of "
                    "vul de pool aan"
                ),
            )
            continue
        now = load[best.id]
        best_reasons.append(
            _("leidt nu %(now)s van maximaal %(max)s groepen")
            % {"now": now, "max": best.max_groups}
        )
        load[best.id] = now + 1
        result[group.key] = FacilitatorProposal(group.key, best.id, ", ".join(best_reasons))
    return result
