"""Staff roles, the admin's user forms and the profile listing; members never reach the admin."""

import importlib

import pytest

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from loket.accounts.models import Profile
from loket.mail.models import OutgoingMail
from tests.factories import MemberFactory

User = get_user_model()
roles_migration = importlib.import_module("loket.accounts.migrations.0002_roles")


def codenames(queryset):
    return {permission.codename for permission in queryset}


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("beheer@example.nl", "Beheer-wachtwoord-1")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.django_db
class TestRoles:
    def test_communicatie_publishes_pages_and_manages_media(self):
        group = Group.objects.get(name="Communicatie")
        assert codenames(group.permissions.all()) >= {"access_admin"}
        root = Page.objects.get(depth=1)
        page_perms = GroupPagePermission.objects.filter(group=group, page=root)
        assert codenames(p.permission for p in page_perms) == {
            "add_page",
            "change_page",
            "publish_page",
        }
        root_collection = Collection.get_first_root_node()
        collection_perms = GroupCollectionPermission.objects.filter(
            group=group, collection=root_collection
        )
        assert codenames(p.permission for p in collection_perms) >= {
            "add_image",
            "change_image",
            "choose_image",
            "add_document",
            "change_document",
            "choose_document",
        }

    def test_communitymanagers_reach_the_admin_and_see_profiles(self):
        group = Group.objects.get(name="Communitymanagers")
        assert codenames(group.permissions.all()) >= {"access_admin", "view_profile"}
        assert not GroupPagePermission.objects.filter(group=group).exists()
        collection_perms = GroupCollectionPermission.objects.filter(group=group)
        assert codenames(p.permission for p in collection_perms) >= {"add_image", "choose_image"}

    def test_a_communitymanager_gets_into_the_admin(self, client):
        manager = MemberFactory(is_staff=False)
        manager.groups.add(Group.objects.get(name="Communitymanagers"))
        client.force_login(manager)
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/snippets/accounts/profile/").status_code == 200

    def test_the_migration_is_reversible(self):
        groups = ["Communicatie", "Communitymanagers"]
        roles_migration.remove_roles(django_apps, None)
        assert not Group.objects.filter(name__in=groups).exists()
        assert not GroupPagePermission.objects.filter(group__name__in=groups).exists()
        roles_migration.create_roles(django_apps, None)
        roles_migration.create_roles(django_apps, None)  # and safe to run twice
        assert Group.objects.filter(name__in=groups).count() == 2
        assert GroupPagePermission.objects.filter(group__name="Communicatie").count() == 3


@pytest.mark.django_db
class TestMembersNeverReachTheAdmin:
    @pytest.mark.parametrize(
        "path", ["/admin/", "/admin/pages/", "/admin/users/", "/admin/snippets/accounts/profile/"]
    )
    def test_a_verified_member_is_turned_away(self, client, path):
        member = MemberFactory()
        client.force_login(member)
        response = client.get(path)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response.url.startswith("/admin/login/")

    def test_a_member_cannot_log_in_at_the_admin(self, client, password):
        member = MemberFactory()
        response = client.post(
            "/admin/login/", {"username": member.email, "password": password}, follow=True
        )
        assert client.get("/admin/").status_code == 302
        assert response.status_code in (200, 403)


@pytest.mark.django_db
class TestWagtailsOwnPasswordResetIsOff:
    """Wagtail's reset would mail any member a link outside the outbox and its rate limit."""

    @pytest.mark.parametrize(
        "path",
        [
            "/admin/password_reset/",
            "/admin/password_reset/done/",
            "/admin/password_reset/complete/",
            "/admin/password_reset/confirm/MQ/set-password/",
        ],
    )
    def test_its_pages_are_gone(self, client, path):
        assert client.get(path).status_code == 404

    def test_asking_there_sends_no_mail(self, client, django_capture_on_commit_callbacks):
        member = MemberFactory(email="lid@example.nl")
        staff = User.objects.create_superuser("beheer@example.nl", "Beheer-wachtwoord-1")
        for address in (member.email, staff.email):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post("/admin/password_reset/", {"email": address})
            assert response.status_code == 404
        assert mail.outbox == []
        assert not OutgoingMail.objects.exists()

    def test_the_admin_login_page_does_not_offer_it(self, client):
        page = client.get("/admin/login/").content.decode()
        assert "/admin/password_reset/" not in page

    def test_the_admin_login_page_links_to_the_sites_own_reset(self, client):
        page = client.get("/admin/login/").content.decode()
        assert 'href="/account/wachtwoord-vergeten/"' in page
        assert "Inloggen voor medewerkers" in page


@pytest.mark.django_db
class TestAdminUsers:
    def test_the_user_listing_works(self, admin_client):
        MemberFactory(email="lid@example.nl")
        response = admin_client.get("/admin/users/")
        assert response.status_code == 200
        assert "lid@example.nl" in response.content.decode()

    def test_creating_a_user_in_the_admin(self, admin_client):
        form_page = admin_client.get("/admin/users/new/")
        assert form_page.status_code == 200
        assert 'name="email_verified"' in form_page.content.decode()
        assert 'name="username"' not in form_page.content.decode()

        response = admin_client.post(
            "/admin/users/new/",
            {
                "email": "Nieuwe.Collega@Example.nl",
                "first_name": "Sanne",
                "last_name": "Bakker",
                "password1": "Collega-wachtwoord-1",
                "password2": "Collega-wachtwoord-1",
                "email_verified": "on",
                "groups": [Group.objects.get(name="Communicatie").pk],
            },
        )

        assert response.status_code == 302, response.context["form"].errors
        user = User.objects.get(email="nieuwe.collega@example.nl")
        assert user.email_verified
        assert user.check_password("Collega-wachtwoord-1")
        assert user.groups.filter(name="Communicatie").exists()
        assert Profile.objects.filter(user=user).exists()

    def test_a_duplicate_address_is_refused_in_the_admin(self, admin_client):
        MemberFactory(email="lid@example.nl")
        response = admin_client.post(
            "/admin/users/new/",
            {
                "email": "LID@example.nl",
                "first_name": "Dubbel",
                "last_name": "Lid",
                "password1": "Collega-wachtwoord-1",
                "password2": "Collega-wachtwoord-1",
            },
        )
        assert response.status_code == 200
        assert User.objects.filter(email__iexact="lid@example.nl").count() == 1

    def test_editing_a_user_in_the_admin(self, admin_client):
        member = MemberFactory(email_verified=False)
        url = f"/admin/users/edit/{member.pk}/"
        assert admin_client.get(url).status_code == 200
        response = admin_client.post(
            url,
            {
                "email": member.email,
                "first_name": "Nieuw",
                "last_name": member.last_name,
                "is_active": "on",
                "email_verified": "on",
            },
        )
        assert response.status_code == 302, response.context["form"].errors
        member.refresh_from_db()
        assert member.first_name == "Nieuw"
        assert member.email_verified


@pytest.mark.django_db
class TestProfileSnippet:
    url = "/admin/snippets/accounts/profile/"

    def test_staff_list_search_and_inspect_profiles(self, admin_client):
        member = MemberFactory(first_name="Zeynep", profile__company_name="Zeynep Bouw")
        listing = admin_client.get(self.url)
        assert listing.status_code == 200
        assert "Zeynep" in listing.content.decode()
        assert "Zeynep" in admin_client.get(self.url + "?q=zeynep").content.decode()
        inspect = admin_client.get(f"{self.url}inspect/{member.profile.pk}/")
        assert inspect.status_code == 200

    def test_staff_correct_a_profile(self, admin_client):
        member = MemberFactory()
        response = admin_client.get(f"{self.url}edit/{member.profile.pk}/")
        assert response.status_code == 200

    def test_profiles_are_not_added_or_deleted_here(self, admin_client):
        member = MemberFactory()
        assert admin_client.get(self.url + "add/").status_code in (302, 403)
        assert admin_client.get(f"{self.url}delete/{member.profile.pk}/").status_code in (302, 403)
        assert Profile.objects.filter(pk=member.profile.pk).exists()

    def test_the_listing_query_count_does_not_grow_with_profiles(
        self, admin_client, django_assert_max_num_queries
    ):
        MemberFactory.create_batch(2)
        admin_client.get(self.url)
        with django_assert_max_num_queries(60) as few:
            admin_client.get(self.url)
        MemberFactory.create_batch(15)
        with django_assert_max_num_queries(len(few.captured_queries)):
            admin_client.get(self.url)
