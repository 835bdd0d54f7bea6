"""The matching service on plain data: fit, size limits, avoid-lists, determinism, reasons."""

import random

from community.intervision.services.matching import Applicant, Group, conflicts, propose


def person(i, theme="personeel", **kw):
    base = {
        "sector": "F",
        "size_band": "10-49",
        "province": "utrecht",
        "availability": frozenset({"di-avond"}),
        "company": f"Bedrijf {i}",
        "theme_label": "Personeelszaken",
        "size_label": "10–49 medewerkers",
        "province_label": "Utrecht",
    }
    base.update(kw)
    return Applicant(id=i, theme=theme, **base)


def groups_of(proposal):
    result = {}
    for p in proposal.placements:
        result.setdefault(p.group_key, []).append(p.applicant_id)
    return result


def test_same_input_gives_same_proposal_whatever_the_order():
    pool = [
        person(i, theme=random.Random(i).choice(["a", "b"]), sector="FG"[i % 2])
        for i in range(1, 60)
    ]
    first = propose(pool)
    shuffled = list(pool)
    random.Random(7).shuffle(shuffled)
    second = propose(shuffled)
    assert first == second


def test_groups_stay_within_size_limits():
    proposal = propose([person(i) for i in range(1, 30)])
    sizes = [len(members) for members in groups_of(proposal).values()]
    assert sizes and all(5 <= size <= 8 for size in sizes)
    placed = sum(sizes)
    assert placed + len(proposal.unplaced) == 29


def test_forming_group_is_filled_up_to_its_maximum_only():
    group = Group(
        id=1,
        theme="personeel",
        province="utrecht",
        min_size=5,
        max_size=6,
        members=tuple(person(100 + i) for i in range(4)),
    )
    proposal = propose([person(i) for i in range(1, 4)], [group])
    assert len(groups_of(proposal).get("g1", [])) == 2
    assert [u.applicant_id for u in proposal.unplaced] == [3]
    assert "te weinig" in proposal.unplaced[0].reason


def test_avoid_list_is_never_violated():
    pool = [person(i) for i in range(1, 17)]
    # Everyone with an odd id refuses the company of the next even one, and vice versa.
    pool = [
        person(
            a.id, avoid=frozenset({f"bedrijf {a.id + 1}" if a.id % 2 else f"BEDRIJF {a.id - 1}."})
        )
        for a in pool
    ]
    by_id = {a.id: a for a in pool}
    proposal = propose(pool)
    for members in groups_of(proposal).values():
        for x in members:
            for y in members:
                if x != y:
                    assert not conflicts(by_id[x], by_id[y])


def test_avoid_list_is_respected_for_existing_members_too():
    member = person(100, company="Demir Bouw")
    group = Group(id=1, theme="personeel", members=(member,))
    applicant = person(1, avoid=frozenset({"demir bouw"}), group_id=1)
    proposal = propose([applicant], [group])
    assert proposal.placements == []
    assert "liever niet" in proposal.unplaced[0].reason


def test_every_placement_is_explained_in_words():
    proposal = propose([person(i) for i in range(1, 7)])
    assert len(proposal.placements) == 6
    for placement in proposal.placements:
        assert "zelfde thema (Personeelszaken)" in placement.explanation
        assert "allen 10–49 medewerkers" in placement.explanation
        assert "regio Utrecht" in placement.explanation


def test_people_who_cannot_meet_at_the_same_time_are_not_grouped():
    pool = [person(i) for i in range(1, 6)] + [person(6, availability=frozenset({"ma-ochtend"}))]
    proposal = propose(pool)
    assert 6 in {u.applicant_id for u in proposal.unplaced}
    assert all(p.applicant_id != 6 for p in proposal.placements)


def test_too_few_applicants_for_a_theme_get_an_honest_reason():
    proposal = propose([person(1, theme="export"), person(2, theme="export")])
    assert proposal.placements == []
    assert all("minimaal 5" in u.reason for u in proposal.unplaced)


def test_applicant_for_a_full_group_is_told_so():
    group = Group(
        id=3, theme="personeel", max_size=5, members=tuple(person(100 + i) for i in range(5))
    )
    proposal = propose([person(1, group_id=3)], [group])
    assert proposal.unplaced[0].reason == "de gekozen groep is al vol"


def test_better_peers_end_up_together():
    bouw = [person(i, sector="F", size_band="10-49") for i in range(1, 7)]
    zorg = [person(i, sector="Q", size_band="2-4", province="zeeland") for i in range(7, 13)]
    proposal = propose(bouw + zorg)
    groups = [set(m) for m in groups_of(proposal).values()]
    assert {1, 2, 3, 4, 5, 6} in groups
    assert {7, 8, 9, 10, 11, 12} in groups
