"""Rewards and reward requests carry a region: a request belongs to the member's home region,
and a region's staff deliver (and see) only their own region's requests and rewards."""

import pytest

from django.urls import reverse

from loket.credits import services
from loket.credits.models import Redemption, Reward
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _request(site, reward, name):
    member = MemberFactory(first_name=name)
    member.profile.home_site = site
    member.profile.save()
    services.award_credits(member, reward.price, reason="Tip", reference=f"r:{name}")
    return services.redeem(member, reward)


@pytest.fixture
def requests_per_region(regions):
    reward = Reward.objects.create(title="Gratis seminarplek", price=10, stock=10)
    return {
        "x": _request(regions["x"], reward, "Utrechter"),
        "y": _request(regions["y"], reward, "Arnhemmer"),
    }


def test_a_request_belongs_to_the_members_home_region(regions, requests_per_region):
    assert Redemption.objects.get(pk=requests_per_region["x"].pk).site == regions["x"]
    assert Redemption.objects.get(pk=requests_per_region["y"].pk).site == regions["y"]


def test_a_regions_staff_list_and_handle_only_their_regions_requests(
    client, staff_of, requests_per_region
):
    mine, theirs = requests_per_region["x"], requests_per_region["y"]
    client.force_login(staff_of("x", "communitymanager"))
    html = client.get(reverse("credits_admin:redemptions")).content.decode()
    assert f'id="aanvraag-{mine.pk}"' in html
    assert f'id="aanvraag-{theirs.pk}"' not in html
    step = "credits_admin:redemption_step"
    assert client.post(reverse(step, args=[theirs.pk, "geleverd"])).status_code == 404
    assert Redemption.objects.get(pk=theirs.pk).state == Redemption.State.REQUESTED
    assert client.post(reverse(step, args=[mine.pk, "geleverd"])).status_code == 302
    assert Redemption.objects.get(pk=mine.pk).state == Redemption.State.FULFILLED
    snippets = client.get(reverse("wagtailsnippets_credits_redemption:list")).content.decode()
    assert "Utrechter" in snippets and "Arnhemmer" not in snippets


def test_a_regions_staff_see_their_own_rewards_in_the_catalogue_admin(client, regions, staff_of):
    Reward.objects.create(title="Lunch met de wethouder", price=10, stock=2, site=regions["x"])
    Reward.objects.create(title="Fietstocht Veluwe", price=10, stock=2, site=regions["y"])
    client.force_login(staff_of("x", "communitymanager"))
    html = client.get(reverse("wagtailsnippets_credits_reward:list")).content.decode()
    assert "Lunch met de wethouder" in html and "Fietstocht Veluwe" not in html


def test_a_member_is_offered_national_rewards_and_their_own_desks_only(client, regions):
    Reward.objects.create(title="Boek: Grip op je cijfers", price=10, stock=5)
    Reward.objects.create(title="Lunch met de wethouder", price=10, stock=2, site=regions["x"])
    far = Reward.objects.create(title="Fietstocht Veluwe", price=10, stock=2, site=regions["y"])
    member = MemberFactory()
    member.profile.home_site = regions["x"]
    member.profile.save()
    services.award_credits(member, 30, reason="Tip", reference="r:offered")
    client.force_login(member)
    html = client.get(reverse("credits:overview")).content.decode()
    assert "Grip op je cijfers" in html and "Lunch met de wethouder" in html
    assert "Fietstocht Veluwe" not in html
    # Forging the other desk's reward id changes nothing and says it isn't there.
    assert client.post(reverse("credits:redeem", args=[far.pk])).status_code == 404
    with pytest.raises(services.CreditError):
        services.redeem(member, far)
    assert not Redemption.objects.filter(member=member).exists()
    assert services.balance(member).available == 30


def test_a_member_without_a_home_region_belongs_to_the_default_desk(regions):
    from wagtail.models import Site

    default = Site.objects.get(is_default_site=True)
    Reward.objects.create(title="Lunch op het loket", price=10, stock=2, site=default)
    Reward.objects.create(title="Fietstocht Veluwe", price=10, stock=2, site=regions["y"])
    member = MemberFactory()
    member.profile.home_site = None
    member.profile.save()
    titles = set(services.offered_to(member).values_list("title", flat=True))
    assert "Lunch op het loket" in titles and "Fietstocht Veluwe" not in titles
