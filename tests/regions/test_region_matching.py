"""Intervision matching and the facilitators per region: a regional community manager matches
only their own region's applicants, with their own (or national) facilitators."""

import pytest

from django.urls import reverse

from community.intervision import services
from community.intervision.models import Facilitator, IntervisionGroup
from community.services import CommunityError
from loket.themes.models import Theme
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _apply(site, n, theme):
    return services.apply(
        MemberFactory(),
        theme=theme,
        sector="F",
        size_band="10-49",
        province="utrecht",
        municipality="Utrecht",
        question="Hoe houd ik mijn beste mensen vast in deze krappe markt?",
        availability=["di-avond"],
        company_name=f"Bedrijf {site.pk}-{n}",
        consent=True,
        site=site,
    )


@pytest.fixture
def pools(regions):
    theme = Theme.objects.order_by("pk").first()
    return {key: [_apply(site, n, theme) for n in range(5)] for key, site in regions.items()}


def _facilitator(name, site):
    return Facilitator.objects.create(user=MemberFactory(), name=name, site=site, max_groups=3)


def test_a_regional_manager_matches_only_their_regions_applicants(client, regions, staff_of, pools):
    mine = _facilitator("Marjolein Verhoef", regions["x"])
    _facilitator("Gerrit Arnhem", regions["y"])
    national = _facilitator("Lotte Landelijk", None)
    manager = staff_of("x", "communitymanager")
    client.force_login(manager)
    page = client.get(reverse("intervision_admin:matching"), HTTP_HOST="utrecht.localhost")
    assert page.status_code == 200
    html = page.content.decode()
    for application in pools["x"]:
        assert f"plaats_{application.pk}" in html
    for application in pools["y"]:
        assert f"plaats_{application.pk}" not in html
    assert "Marjolein Verhoef" in html and "Lotte Landelijk" in html
    assert "Gerrit Arnhem" not in html
    round_ = services.run_round(site_ids={regions["x"].pk})
    (group,) = round_.proposal.new_groups
    assert round_.facilitator_proposals[group.key].facilitator_id in (mine.pk, national.pk)


def test_a_national_round_never_confirms_a_group_across_regions(regions, pools):
    manager = MemberFactory(is_superuser=True, is_staff=True)
    round_ = services.run_round()
    assert {g.region for g in round_.proposal.new_groups} == {r.pk for r in regions.values()}
    first = round_.proposal.new_groups[0]
    mixed = {a.pk: first.key for a in pools["x"][:3] + pools["y"][:3]}
    with pytest.raises(CommunityError, match="eigen regio"):
        services.confirm_round(manager, round_, mixed)
    chosen = {p.applicant_id: p.group_key for p in round_.proposal.placements}
    services.confirm_round(manager, round_, chosen)
    for group in IntervisionGroup.objects.all():
        sites = {p.application.site_id for p in group.participants.select_related("application")}
        assert sites == {group.site_id}


def test_facilitators_are_listed_and_opened_per_region(client, regions, staff_of):
    mine = _facilitator("Marjolein Verhoef", regions["x"])
    theirs = _facilitator("Gerrit Arnhem", regions["y"])
    client.force_login(staff_of("x", "communitymanager"))
    listing = client.get(reverse("wagtailsnippets_intervision_facilitator:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Marjolein Verhoef" in html and "Gerrit Arnhem" not in html
    edit = "wagtailsnippets_intervision_facilitator:edit"
    assert client.get(reverse(edit, args=[mine.pk])).status_code == 200
    assert client.get(reverse(edit, args=[theirs.pk])).status_code == 404
