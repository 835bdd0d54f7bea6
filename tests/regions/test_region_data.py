"""What is not a page but belongs to a region (intervision groups and applications, mailings,
experiences) carries its region; staff of a region see and change only their own, and a
member's home region decides which regional mailings reach them."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from campaigns.mailings import segments
from campaigns.mailings.models import Mailing
from community.intervision.models import IntervisionApplication, IntervisionGroup
from community.intervision.services import applications
from loket.accounts.models import User
from loket.accounts.services.roles import staff_site_ids
from loket.themes.models import Theme
from testimonials.models import Experience
from tests.factories import MemberFactory
from tests.factories.testimonials import ExperienceFactory

pytestmark = pytest.mark.django_db


def _group(site, title):
    return IntervisionGroup.objects.create(
        title=title, theme=Theme.objects.order_by("pk").first(), site=site
    )


def _mailing(site, subject):
    return Mailing.objects.create(subject=subject, body=[], site=site)


def test_a_staff_members_regions_come_from_the_groups_they_are_in(regions, staff_of):
    x, y = regions["x"], regions["y"]
    assert staff_site_ids(staff_of("x", "communitymanager")) == {x.pk}
    assert staff_site_ids(staff_of("y", "communicatie")) == {y.pk}
    assert staff_site_ids(staff_of("x", "regiobeheer")) == {x.pk}
    assert staff_site_ids(MemberFactory()) == set()
    national = MemberFactory()
    national.groups.add(Group.objects.get(name="Communicatie"))
    assert staff_site_ids(national) is None
    assert staff_site_ids(MemberFactory(is_superuser=True, is_staff=True)) is None


def test_a_renamed_group_keeps_its_region(regions, staff_of):
    manager = staff_of("x", "communitymanager")
    group = manager.groups.get()
    group.name = "Team bijeenkomsten Utrecht"
    group.save()
    manager = type(manager).objects.get(pk=manager.pk)
    assert staff_site_ids(manager) == {regions["x"].pk}


def test_a_community_manager_lists_and_opens_only_the_own_regions_groups(client, regions, staff_of):
    ours = _group(regions["x"], "Groeien in Utrecht")
    theirs = _group(regions["y"], "Groeien in Arnhem")
    national = _group(None, "Online: personeel")
    client.force_login(staff_of("x", "communitymanager"))

    listing = client.get(reverse("wagtailsnippets_intervision_intervisiongroup:list"))
    assert listing.status_code == 200
    assert ours.title in listing.text
    assert theirs.title not in listing.text
    assert national.title not in listing.text

    edit = "wagtailsnippets_intervision_intervisiongroup:edit"
    assert client.get(reverse(edit, args=[ours.pk])).status_code == 200
    assert client.get(reverse(edit, args=[theirs.pk])).status_code == 404
    delete = reverse("wagtailsnippets_intervision_intervisiongroup:delete", args=[theirs.pk])
    assert client.post(delete).status_code == 404
    assert IntervisionGroup.objects.filter(pk=theirs.pk).exists()


def test_the_group_form_offers_only_the_own_region_and_requires_it(client, regions, staff_of):
    client.force_login(staff_of("x", "communitymanager"))
    page = client.get(reverse("wagtailsnippets_intervision_intervisiongroup:add"))
    assert page.status_code == 200
    field = page.context["form"].fields["site"]
    assert list(field.queryset) == [regions["x"]]
    assert field.required
    assert page.context["form"].initial["site"] == regions["x"].pk


def test_national_staff_see_every_region_and_may_make_a_national_group(client, regions):
    _group(regions["x"], "Groeien in Utrecht")
    _group(regions["y"], "Groeien in Arnhem")
    national = MemberFactory(is_staff=True)
    national.groups.add(Group.objects.get(name="Communitymanagers"))
    client.force_login(national)
    listing = client.get(reverse("wagtailsnippets_intervision_intervisiongroup:list"))
    assert "Groeien in Utrecht" in listing.text and "Groeien in Arnhem" in listing.text
    form = client.get(reverse("wagtailsnippets_intervision_intervisiongroup:add")).context["form"]
    assert not form.fields["site"].required
    assert set(form.fields["site"].queryset) >= {regions["x"], regions["y"]}


def test_communicatie_sees_only_the_own_regions_mailings(client, regions, staff_of):
    ours = _mailing(regions["x"], "Nieuws uit Utrecht")
    theirs = _mailing(regions["y"], "Nieuws uit Gelderland")
    client.force_login(staff_of("x", "communicatie"))
    listing = client.get(reverse("wagtailsnippets_mailings_mailing:list"))
    assert listing.status_code == 200
    assert ours.subject in listing.text and theirs.subject not in listing.text
    preview = "wagtailsnippets_mailings_mailing:preview"
    assert client.get(reverse(preview, args=[ours.pk])).status_code == 200
    assert client.get(reverse(preview, args=[theirs.pk])).status_code == 404
    send = reverse("wagtailsnippets_mailings_mailing:send", args=[theirs.pk])
    assert client.post(send, {"action": "send"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Mailing.Status.CONCEPT


def test_communicatie_moderates_only_the_own_regions_experiences(client, regions, staff_of):
    theirs = ExperienceFactory(site=regions["y"], status=Experience.Status.NEW)
    client.force_login(staff_of("x", "communicatie"))
    moderate = reverse("wagtailsnippets_testimonials_experience:moderate", args=[theirs.pk])
    assert client.get(moderate).status_code == 404
    assert client.post(moderate, {"action": "approve"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Experience.Status.NEW


def test_a_regional_mailing_reaches_the_members_of_its_region_only(regions):
    x, y = regions["x"], regions["y"]
    here = MemberFactory(profile__newsletter=True, profile__home_site=x)
    there = MemberFactory(profile__newsletter=True, profile__home_site=y)
    unplaced = MemberFactory(profile__newsletter=True)
    assert set(segments.members_for(_mailing(x, "Utrecht"))) == {here}
    assert set(segments.members_for(_mailing(y, "Gelderland"))) == {there}
    assert set(segments.members_for(_mailing(None, "Landelijk"))) >= {here, there, unplaced}
    assert "leden van Ondernemersloket Regio Utrecht" in segments.describe(_mailing(x, "U"))


def test_signing_up_on_a_regions_site_makes_it_the_home_region(client, regions):
    response = client.post(
        reverse("accounts:signup"),
        {
            "first_name": "Sanne",
            "last_name": "de Vries",
            "email": "sanne@example.nl",
            "password": "Een-lang-wachtwoord-2026",
            "privacy_consent": "on",
        },
        HTTP_HOST="gelderland.localhost",
    )
    assert response.status_code in (200, 302)
    assert User.objects.get(email="sanne@example.nl").profile.home_site == regions["y"]


def test_a_member_changes_the_home_region_in_the_profile_and_a_forged_one_is_refused(
    client, regions
):
    member = MemberFactory(profile__home_site=regions["x"])
    client.force_login(member)
    url = reverse("accounts:profile")
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, "") and name != "photo"
    }
    data.update(
        first_name=member.first_name,
        last_name=member.last_name,
        digest_frequency=form.initial.get("digest_frequency") or "nooit",
        home_site=str(regions["y"].pk),
    )
    data["themes"] = []
    data["visible_fields"] = []
    response = client.post(url, data)
    assert response.status_code in (200, 302), response.content[:500]
    member.profile.refresh_from_db()
    assert member.profile.home_site == regions["y"]

    data["home_site"] = "999999"
    response = client.post(url, data)
    assert 400 <= response.status_code < 500
    assert "Selecteer een geldige keuze" in response.text or "geldige" in response.text
    member.profile.refresh_from_db()
    assert member.profile.home_site == regions["y"]


def test_an_intervision_application_carries_the_region_it_was_made_in(regions):
    member = MemberFactory()
    application = applications.apply(
        member,
        theme=Theme.objects.order_by("pk").first(),
        sector="G",
        size_band="2-4",
        province="gelderland",
        municipality="Arnhem",
        question="Hoe houd ik mijn team betrokken nu we groeien?",
        availability=["di-avond"],
        consent=True,
        site=regions["y"],
    )
    assert IntervisionApplication.objects.get(pk=application.pk).site == regions["y"]
