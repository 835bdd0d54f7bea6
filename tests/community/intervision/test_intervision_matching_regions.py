"""Matching never mixes two desks: applicants join only groups of their own region, new groups
are built per region, and a facilitator of one desk is never proposed for another's group."""

from community.intervision.services.matching import (
    Applicant,
    FacilitatorOption,
    Group,
    propose,
    propose_facilitators,
)

UTRECHT, GELDERLAND = 1, 2


def _applicant(n, region, **fields):
    defaults = {
        "theme": "personeel",
        "sector": "F",
        "size_band": "10-49",
        "province": "utrecht",
        "availability": frozenset({"di-avond"}),
        "company": f"Bedrijf {n}",
        "region": region,
    }
    defaults.update(fields)
    return Applicant(id=n, **defaults)


def test_new_groups_are_built_per_region_even_when_everything_else_matches():
    pool = [_applicant(n, UTRECHT) for n in range(1, 6)]
    pool += [_applicant(n, GELDERLAND) for n in range(6, 11)]
    proposal = propose(pool, new_min_size=5, new_max_size=10)
    assert len(proposal.new_groups) == 2
    regions = {n: a.region for a in pool for n in [a.id]}
    for group in proposal.new_groups:
        assert {regions[i] for i in group.member_ids} == {group.region}
    assert {g.region for g in proposal.new_groups} == {UTRECHT, GELDERLAND}


def test_too_few_per_region_wait_rather_than_fill_a_group_across_regions():
    pool = [_applicant(n, UTRECHT) for n in range(1, 4)]
    pool += [_applicant(n, GELDERLAND) for n in range(4, 7)]
    proposal = propose(pool, new_min_size=5, new_max_size=8)
    assert proposal.new_groups == []
    assert sorted(u.applicant_id for u in proposal.unplaced) == [1, 2, 3, 4, 5, 6]


def test_a_forming_group_takes_only_its_own_regions_applicants():
    group = Group(id=7, theme="personeel", province="utrecht", region=GELDERLAND, max_size=8)
    own, other = _applicant(1, GELDERLAND), _applicant(2, UTRECHT)
    asked = _applicant(3, UTRECHT, group_id=7)
    proposal = propose([own, other, asked], [group], new_min_size=5, new_max_size=8)
    assert {p.applicant_id for p in proposal.placements if p.group_key == "g7"} == {1}
    reasons = {u.applicant_id: u.reason for u in proposal.unplaced}
    assert reasons[3] == "de gekozen groep hoort bij een ander Ondernemersloket"
    assert 2 in reasons


def test_a_desks_facilitator_leads_only_that_desks_groups_and_a_national_one_any():
    pool = [_applicant(n, GELDERLAND) for n in range(1, 6)]
    (new_group,) = propose(pool, new_min_size=5, new_max_size=8).new_groups
    utrecht_only = FacilitatorOption(id=1, name="Utrecht", themes=frozenset({"personeel"}))
    utrecht_only = FacilitatorOption(**{**utrecht_only.__dict__, "region": UTRECHT})
    assert propose_facilitators([new_group], [utrecht_only])["n1"].facilitator_id is None
    national = FacilitatorOption(id=2, name="Landelijk")
    result = propose_facilitators([new_group], [utrecht_only, national])
    assert result["n1"].facilitator_id == 2
