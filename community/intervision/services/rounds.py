"""A matching round: rows turned into matching's dataclasses, the proposal for everyone waiting
with a facilitator per new group; nothing is stored.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models.groups import DAY_PART_CODES, Facilitator, GroupStatus, IntervisionGroup
from ..models.members import ApplicationStatus, IntervisionApplication, IntervisionParticipant
from . import matching
from .base import LEADING, size_limits


def _company_of(user, application=None):
    if application is not None and application.company_name:
        return application.company_name
    profile = getattr(user, "profile", None)
    return getattr(profile, "company_name", "") or ""


def to_applicant(application: IntervisionApplication) -> matching.Applicant:
    return matching.Applicant(
        id=application.pk,
        theme=application.theme.slug,
        sector=application.sector,
        size_band=application.size_band,
        province=application.province,
        municipality=application.municipality,
        availability=frozenset(application.availability),
        company=_company_of(application.member, application),
        avoid=frozenset(application.avoid_list),
        group_id=application.group_id,
        region=application.site_id,
        theme_label=application.theme.name,
        sector_label=str(application.get_sector_display()),
        size_label=str(application.get_size_band_display()),
        province_label=str(application.get_province_display()),
    )


def _member_record(participant):
    app = participant.application
    if app is not None:
        return to_applicant(app)
    profile = getattr(participant.member, "profile", None)
    return matching.Applicant(
        id=-participant.pk,
        theme=participant.group.theme.slug,
        sector=getattr(profile, "sector", "") or "",
        size_band=getattr(profile, "company_size", "") or "",
        province=getattr(profile, "province", "") or "",
        availability=frozenset(DAY_PART_CODES),
        company=_company_of(participant.member),
        region=participant.group.site_id,
    )


def to_group(group: IntervisionGroup) -> matching.Group:
    members = tuple(_member_record(p) for p in group.participants.all() if p.left_at is None)
    return matching.Group(
        id=group.pk,
        theme=group.theme.slug,
        title=group.title,
        sectors=frozenset(group.sectors or ()),
        size_bands=frozenset(group.size_bands or ()),
        province=group.province,
        day_part=group.day_part,
        min_size=group.min_size,
        max_size=group.max_size,
        members=members,
        region=group.site_id,
    )


@dataclass
class Round:
    proposal: matching.Proposal
    applications: dict  # id -> IntervisionApplication
    groups: dict  # id -> IntervisionGroup (forming)
    facilitators: dict = field(default_factory=dict)  # id -> Facilitator (active pool)
    # new group key -> matching.FacilitatorProposal
    facilitator_proposals: dict = field(default_factory=dict)


def waiting_applications() -> QuerySet[IntervisionApplication]:
    return (
        IntervisionApplication.objects.filter(status=ApplicationStatus.WAITING)
        .select_related("member__profile", "theme", "group")
        .order_by("pk")
    )


def forming_groups() -> QuerySet[IntervisionGroup]:
    return (
        IntervisionGroup.objects.filter(status=GroupStatus.FORMING)
        .select_related("theme")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=IntervisionParticipant.objects.select_related(
                    "member__profile", "application__theme", "application__member__profile"
                ),
            )
        )
        .order_by("pk")
    )


def facilitator_pool() -> QuerySet[Facilitator]:
    """Available facilitators with ``load``: the forming and active groups they lead now."""
    return (
        Facilitator.objects.filter(active=True, user__is_active=True)
        .select_related("user")
        .prefetch_related("themes")
        .annotate(
            load=Count(
                "user__facilitated_intervision_groups",
                filter=Q(user__facilitated_intervision_groups__status__in=LEADING),
            )
        )
        .order_by("pk")
    )


def to_facilitator(facilitator: Facilitator) -> matching.FacilitatorOption:
    return matching.FacilitatorOption(
        id=facilitator.pk,
        name=facilitator.name,
        themes=frozenset(t.slug for t in facilitator.themes.all()),
        theme_labels=tuple(sorted(t.name for t in facilitator.themes.all())),
        provinces=frozenset(facilitator.provinces or ()),
        max_groups=facilitator.max_groups,
        load=facilitator.load,
        region=facilitator.site_id,
    )


def _in_regions(queryset: QuerySet, site_ids: Collection[int] | None) -> QuerySet:
    return queryset if site_ids is None else queryset.filter(site__in=site_ids)


def run_round(site_ids: Collection[int] | None = None) -> Round:
    """The proposal for everyone waiting, with a facilitator per new group; nothing is stored.

    ``site_ids``: only the applications and groups of these regions (a regional manager's);
    None is every region. Matching itself never puts two regions in one group."""
    applications = {a.pk: a for a in _in_regions(waiting_applications(), site_ids)}
    groups = {g.pk: g for g in _in_regions(forming_groups(), site_ids)}
    low, high = size_limits()
    proposal = matching.propose(
        [to_applicant(a) for a in applications.values()],
        [to_group(g) for g in groups.values()],
        new_min_size=low,
        new_max_size=high,
    )
    pool = facilitator_pool()
    if site_ids is not None:
        pool = pool.filter(Q(site__in=site_ids) | Q(site__isnull=True))
    facilitators = {f.pk: f for f in pool}
    proposals = matching.propose_facilitators(
        proposal.new_groups, [to_facilitator(f) for f in facilitators.values()]
    )
    return Round(proposal, applications, groups, facilitators, proposals)


def proposed_facilitators(round_: Round) -> dict[str, int | None]:
    """The facilitator id proposed per new group key (None when nobody fits)."""
    return {key: p.facilitator_id for key, p in round_.facilitator_proposals.items()}
