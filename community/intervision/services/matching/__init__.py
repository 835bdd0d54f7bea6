"""Matching applicants into intervision groups: pure functions on plain data.

The service takes dataclasses (no database) so it is fast, testable and deterministic: the same
applicants and groups always give the same proposal, whatever the order they came in. It fills
forming groups first, then builds new groups per theme (and, for big pools, per province) with a
greedy pass and a round of pairwise swaps. Two people are never grouped when either named the
other's company in their avoid-list, sizes stay within each group's limits, every placement is
explained in Dutch words and everyone left over gets an honest reason.
"""

from .base import (
    Applicant,
    Group,
    NewGroup,
    Placement,
    Proposal,
    Unplaced,
    conflicts,
    explain,
    group_fit,
    normalise_company,
    pair_score,
)
from .facilitators import FacilitatorOption, FacilitatorProposal, propose_facilitators
from .grouping import propose

__all__ = [
    "Applicant",
    "FacilitatorOption",
    "FacilitatorProposal",
    "Group",
    "NewGroup",
    "Placement",
    "Proposal",
    "Unplaced",
    "conflicts",
    "explain",
    "group_fit",
    "normalise_company",
    "pair_score",
    "propose",
    "propose_facilitators",
]
