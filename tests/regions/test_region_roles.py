"""Staff of a region do their work with their own role, in their own region only.

The regions are made with ``create_region`` (see conftest); the staff are plain accounts in
one of the region's groups, never superusers.
"""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import GroupPagePermission, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventIndexPage, EventPage
from loket.accounts.services.roles import region_groups, sync_region_roles
from loket.core.models import SiteSettings
from testimonials.models import CasePage
from testimonials.models import TestimonialsIndexPage as ExperiencesIndex
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

NO_ACCESS = "Sorry, je hebt geen toegang"


def _index(model, site):
    return model.objects.child_of(site.root_page).get()


def _meetup(title):
    start = (timezone.localtime() + timedelta(days=21)).replace(hour=19, minute=0, second=0)
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "intro": "Drie ondernemers vertellen hoe ze hun eerste medewerker vonden.",
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": (start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "event_type": "thematisch",
            "format": "fysiek",
            "venue_name": "Het Ondernemershuis",
            "venue_address": "Stationsplein 1, 6811 KG",
            "municipality": "Arnhem",
            "capacity": "30",
            "max_colleagues": "1",
            "price": "0",
            "credits_price": "0",
            "credits_refund_hours": "48",
            "body": streamfield([]),
            "speakers": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


def _errors(response):
    form = response.context and response.context.get("form")
    if form is None:
        return response.status_code
    return (
        form.errors,
        {k: f.errors for k, f in form.formsets.items()},
        [str(m) for m in response.context.get("messages", [])],
    )


def _denied(response):
    """Wagtail sends a user without the permission back with "Sorry, je hebt geen toegang"."""
    if response.status_code == 403:
        return True
    if response.status_code != 302:
        return False
    return response["Location"] in ("/admin/", reverse("wagtailadmin_home"))


class TestCommunitymanager:
    def test_creates_and_publishes_a_meetup_in_the_own_agenda(self, client, regions, staff_of):
        client.force_login(staff_of("y", "communitymanager"))
        agenda = _index(EventIndexPage, regions["y"])
        url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", agenda.pk])

        assert client.get(url).status_code == 200
        response = client.post(url, _meetup("Je eerste medewerker"))

        assert response.status_code == 302, _errors(response)
        event = EventPage.objects.child_of(agenda).get(title="Je eerste medewerker")
        assert event.live
        public = client.get(event.url, HTTP_HOST="gelderland.localhost")
        assert public.status_code == 200

    def test_gets_no_access_to_the_other_regions_agenda(self, client, regions, staff_of):
        client.force_login(staff_of("y", "communitymanager"))
        agenda = _index(EventIndexPage, regions["x"])
        url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", agenda.pk])

        assert _denied(client.get(url))
        assert _denied(client.post(url, _meetup("Stiekem in Utrecht")))
        assert not EventPage.objects.filter(title="Stiekem in Utrecht").exists()
        followed = client.get(url, follow=True)
        assert NO_ACCESS in followed.content.decode()

    def test_does_not_edit_standard_pages_or_settings(self, client, regions, staff_of):
        client.force_login(staff_of("x", "communitymanager"))
        contact = regions["x"].root_page.get_children().get(slug="contact")
        assert _denied(client.get(reverse("wagtailadmin_pages:edit", args=[contact.pk])))
        settings_url = reverse(
            "wagtailsettings:edit", args=["core", "sitesettings", regions["x"].pk]
        )
        assert _denied(client.get(settings_url))


class TestCommunicatie:
    def test_publishes_a_case_in_the_own_region_only(self, client, regions, staff_of):
        client.force_login(staff_of("x", "communicatie"))
        own = _index(ExperiencesIndex, regions["x"])
        other = _index(ExperiencesIndex, regions["y"])
        add = "wagtailadmin_pages:add"

        form = client.get(reverse(add, args=["testimonials", "casepage", own.pk]))
        assert form.status_code == 200
        assert _denied(client.get(reverse(add, args=["testimonials", "casepage", other.pk])))

        # Publishing: the page's edit view with the publish action, as the editor's button does.
        case = CasePage(
            title="Van eenmanszaak naar twaalf mensen",
            slug="twaalf-mensen",
            intro="Hoe Bakkerij De Vries groeide zonder haar kwaliteit te verliezen.",
            entrepreneur="Sanne de Vries",
            company="Bakkerij De Vries",
            live=False,
        )
        own.add_child(instance=case)
        case.save_revision()
        away = CasePage(title="Elders", slug="elders", intro="Een case van Gelderland.", live=False)
        other.add_child(instance=away)
        away.save_revision()

        publish = client.post(reverse("wagtailadmin_pages:edit", args=[case.pk]), _case_form(case))
        assert publish.status_code == 302, _errors(publish)
        assert CasePage.objects.get(pk=case.pk).live

        refused = client.post(reverse("wagtailadmin_pages:edit", args=[away.pk]), _case_form(away))
        assert _denied(refused)
        assert not CasePage.objects.get(pk=away.pk).live


def _case_form(case):
    return nested_form_data(
        {
            "title": case.title,
            "slug": case.slug,
            "intro": case.intro or "Een ondernemer vertelt.",
            "entrepreneur": case.entrepreneur or "Sanne de Vries",
            "company": case.company or "Bakkerij De Vries",
            "body": streamfield([]),
            "experience_links": inline_formset([]),
            "journey_steps": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


class TestRegiobeheer:
    def test_edits_the_own_site_settings_only(self, client, regions, staff_of):
        client.force_login(staff_of("x", "regiobeheer"))
        own = reverse("wagtailsettings:edit", args=["core", "sitesettings", regions["x"].pk])
        other = reverse("wagtailsettings:edit", args=["core", "sitesettings", regions["y"].pk])

        assert client.get(own).status_code == 200
        response = client.post(
            own,
            {
                "organisation_name": "Ondernemersloket Regio Utrecht",
                "contact_email": "utrecht@ondernemersloket.nl",
                "phone": "030 - 200 45 60",
                "address": "Stationsplein 12\n3511 ED Utrecht",
            },
        )
        assert response.status_code == 302, _errors(response)
        assert SiteSettings.for_site(regions["x"]).phone == "030 - 200 45 60"

        assert _denied(client.get(other))
        client.post(other, {"organisation_name": "Overgenomen", "phone": "06 - 12 34 56 78"})
        assert SiteSettings.for_site(regions["y"]).phone == ""

    def test_edits_no_pages(self, client, regions, staff_of):
        client.force_login(staff_of("x", "regiobeheer"))
        home = regions["x"].root_page
        assert _denied(client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])))


def test_members_never_reach_the_admin(client, regions):
    client.force_login(MemberFactory(email="sanne@example.nl"))
    for url in ("/admin/", "/admin/pages/", "/admin/settings/core/sitesettings/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/"), url


def test_sync_is_idempotent_and_puts_a_widened_group_right(regions):
    site = regions["x"]
    sync_region_roles(site)
    before = sorted(GroupPagePermission.objects.values_list("group", "page", "permission"))
    manager = region_groups(site)["communitymanager"]
    # Someone gave the group the whole site by hand.
    GroupPagePermission.objects.create(
        group=manager,
        page=site.root_page,
        permission=GroupPagePermission.objects.filter(group=manager).first().permission,
    )

    sync_region_roles(site)

    after = sorted(GroupPagePermission.objects.values_list("group", "page", "permission"))
    assert after == before
    pages = set(GroupPagePermission.objects.filter(group=manager).values_list("page", flat=True))
    titles = set(Page.objects.filter(pk__in=pages).values_list("slug", flat=True))
    assert titles == {
        "bijeenkomsten",
        "communities",
        "intervisie",
        "veelgestelde-vragen",
        "fitheidscan",
    }
