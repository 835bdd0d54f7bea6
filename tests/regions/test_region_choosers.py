"""Wagtail's snippet choosers and bulk actions keep to the staff member's role and regions: a
role without a permission on a model cannot open its chooser, a regional chooser lists and
returns only the own region's rows, the profile list holds the members of the own regions, and
a bulk action with another region's id among its ids answers 404 and changes nothing."""

import pytest

from django.urls import reverse

from campaigns.mailings.models import Mailing
from loket.accounts.models import Profile
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _chooser(model, name="choose", args=()):
    meta = model._meta
    return reverse(f"wagtailsnippetchoosers_{meta.app_label}_{meta.model_name}:{name}", args=args)


def _mailing(site, subject):
    return Mailing.objects.create(subject=subject, body=[], site=site)


def _member(email, site):
    user = MemberFactory(email=email)
    Profile.objects.filter(user=user).update(home_site=site, company_name=f"Bedrijf {email}")
    return Profile.objects.get(user=user)


@pytest.mark.parametrize("role", ["regiobeheer", "communicatie"])
def test_the_profile_and_outbox_choosers_are_closed_to_roles_without_a_permission_on_them(
    client, regions, staff_of, role
):
    from loket.mail.models import OutgoingMail

    profile = _member("lid@example.nl", regions["x"])
    client.force_login(staff_of("x", role))
    assert client.get(_chooser(Profile)).status_code == 403
    assert client.get(_chooser(Profile, "choose_results")).status_code == 403
    assert client.get(_chooser(Profile, "chosen", [profile.pk])).status_code == 403
    assert client.get(_chooser(OutgoingMail)).status_code == 403


def test_a_regional_chooser_lists_and_returns_only_the_own_regions_rows(client, regions, staff_of):
    ours = _mailing(regions["x"], "Nieuws uit Utrecht")
    theirs = _mailing(regions["y"], "Nieuws uit Gelderland")
    client.force_login(staff_of("x", "communicatie"))
    for name in ("choose", "choose_results"):
        response = client.get(_chooser(Mailing, name))
        assert response.status_code == 200
        assert ours.subject in response.text and theirs.subject not in response.text
    assert client.get(_chooser(Mailing, "chosen", [ours.pk])).status_code == 200
    assert client.get(_chooser(Mailing, "chosen", [theirs.pk])).status_code == 404


def test_page_editors_still_choose_the_snippets_their_page_forms_need(client, regions, staff_of):
    from loket.themes.models import Theme

    client.force_login(staff_of("x", "communitymanager"))
    assert client.get(_chooser(Theme)).status_code == 200


def test_a_community_manager_sees_only_the_profiles_of_the_own_region(client, regions, staff_of):
    ours = _member("hier@example.nl", regions["x"])
    theirs = _member("daar@example.nl", regions["y"])
    client.force_login(staff_of("y", "communitymanager"))
    listing = client.get(reverse("wagtailsnippets_accounts_profile:list"))
    assert listing.status_code == 200
    assert "Bedrijf daar@example.nl" in listing.text
    assert "Bedrijf hier@example.nl" not in listing.text
    edit = "wagtailsnippets_accounts_profile:inspect"
    assert client.get(reverse(edit, args=[theirs.pk])).status_code == 200
    assert client.get(reverse(edit, args=[ours.pk])).status_code == 404


def test_a_member_without_a_home_region_counts_as_the_default_sites(client, regions, staff_of):
    from wagtail.models import Site

    default = Site.objects.get(is_default_site=True)
    unplaced = _member("nergens@example.nl", None)
    placed = _member("ergens@example.nl", regions["x"] if default != regions["x"] else regions["y"])
    other = "y" if default == regions["x"] else "x"
    client.force_login(staff_of(other, "communitymanager"))
    inspect = "wagtailsnippets_accounts_profile:inspect"
    assert client.get(reverse(inspect, args=[unplaced.pk])).status_code == 404
    assert client.get(reverse(inspect, args=[placed.pk])).status_code in (200, 404)


def test_a_bulk_delete_with_another_regions_id_is_refused_and_deletes_nothing(
    client, regions, staff_of
):
    ours = _mailing(regions["x"], "Nieuws uit Utrecht")
    theirs = _mailing(regions["y"], "Nieuws uit Gelderland")
    client.force_login(staff_of("x", "communicatie"))
    url = reverse("wagtail_bulk_action", args=["mailings", "mailing", "delete"])
    query = f"?id={ours.pk}&id={theirs.pk}"
    assert client.get(url + query).status_code == 404  # its confirmation page
    assert client.post(url + query).status_code == 404
    assert Mailing.objects.filter(pk__in=[ours.pk, theirs.pk]).count() == 2
    assert client.post(f"{url}?id={ours.pk}").status_code in (200, 302)
    assert not Mailing.objects.filter(pk=ours.pk).exists()
