"""AVG: the data page, the JSON export and deleting the account (with or without content)."""

import json

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.urls import reverse

from wagtail.users.models import UserProfile

from loket.accounts import privacy, services
from loket.accounts.models import Profile
from loket.mail.models import Category, MailOptOut, OutgoingMail
from loket.mail.services import is_opted_out, opt_out, queue_mail
from loket.themes.models import Theme
from tests.factories import PASSWORD, MemberFactory
from tests.site.accounts.helpers import image_file

User = get_user_model()
DELETE = "/account/verwijderen/"


@pytest.fixture
def registry():
    """Register a later app's exporter and eraser for one test; see what the eraser was told."""
    calls = []

    def export(user):
        return [{"titel": "Mijn ervaring", "auteur": user.email}]

    def erase(user, keep_content):
        calls.append((user.email, keep_content))

    privacy.register_exporter("ervaringen-test", export)
    privacy.register_eraser("ervaringen-test", erase)
    yield calls
    privacy.unregister("ervaringen-test")


@pytest.fixture
def full_member(db):
    member = MemberFactory(first_name="Fatima", last_name="El Amrani", email="fatima@example.nl")
    theme = Theme.objects.create(name="Financiering test", slug="financiering-test")
    services.update_profile(
        member,
        kvk_number="12345678",
        themes=[theme],
        photo=image_file(),
        newsletter=True,
        bio="Kapsalon in Utrecht.",
    )
    queue_mail(
        to=member.email,
        template="accounts_verify",
        context={"first_name": "Fatima", "verify_url": "https://x/", "valid_days": 3},
        idempotency_key="test-mail-1",
    )
    opt_out(member.email, Category.BULK)
    member.groups.add(Group.objects.get(name="Communitymanagers"))
    return member


@pytest.mark.django_db
class TestDataPage:
    def test_explains_both_and_links_to_them(self, member_client):
        page = member_client.get("/account/gegevens/").content.decode()
        assert "Download mijn gegevens" in page
        assert "Account verwijderen" in page
        assert reverse("accounts:data_download") in page
        assert reverse("accounts:delete") in page

    def test_needs_login(self, client):
        assert client.get("/account/gegevens/").status_code == 302
        assert client.get("/account/gegevens/download/").status_code == 302


@pytest.mark.django_db
class TestExport:
    def test_downloads_a_json_file_with_account_profile_and_registered_apps(
        self, client, full_member, registry
    ):
        client.force_login(full_member)
        response = client.get("/account/gegevens/download/")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["Content-Disposition"].startswith(
            'attachment; filename="mijn-gegevens-ondernemersloket-'
        )
        assert response["Cache-Control"] == "no-store"
        data = json.loads(response.content)
        assert data["account"]["e-mailadres"] == "fatima@example.nl"
        assert data["account"]["voornaam"] == "Fatima"
        assert data["account"]["achternaam"] == "El Amrani"
        assert data["profiel"]["kvk_nummer"] == "12345678"
        assert data["profiel"]["sector"] == "Handel"
        assert data["profiel"]["themas"] == ["Financiering test"]
        assert data["profiel"]["over_mij"] == "Kapsalon in Utrecht."
        assert data["profiel"]["foto"].startswith("http://testserver/media/profielfoto/")
        assert data["profiel"]["nieuwsbrief"] is True
        assert data["profiel"]["zichtbaar_voor_andere_leden"] == ["name", "company_name", "sector"]
        assert data["ervaringen-test"] == [
            {"titel": "Mijn ervaring", "auteur": "fatima@example.nl"}
        ]
        assert "password" not in response.content.decode()

    def test_every_profile_field_is_exported_or_deliberately_left_out(self, full_member):
        fields = {
            field.name
            for field in Profile._meta.get_fields()
            if field.concrete or field.many_to_many
        }
        exported, excluded = set(Profile.EXPORTED_FIELDS), set(Profile.NOT_EXPORTED)
        assert not exported & excluded
        assert fields == exported | excluded, "add new Profile fields to the export or NOT_EXPORTED"

        data = services.export_member_data(full_member)["profiel"]
        assert set(data) == {services.EXPORT_KEYS[name] for name in Profile.EXPORTED_FIELDS}
        assert len(data) == len(Profile.EXPORTED_FIELDS)

    def test_only_post_is_refused(self, member_client):
        assert member_client.post("/account/gegevens/download/").status_code == 405


@pytest.mark.django_db
class TestDeleteAccount:
    def test_the_page_asks_for_password_and_choice(self, member_client):
        page = member_client.get(DELETE).content.decode()
        assert "Bewaar mijn bijdragen anoniem" in page
        assert "Verwijder ook wat ik schreef" in page
        assert 'type="password"' in page

    def test_a_wrong_password_deletes_nothing(self, member_client, member):
        response = member_client.post(DELETE, {"password": "fout", "content": "bewaren"})
        assert response.status_code == 400
        assert "Dit wachtwoord klopt niet" in response.content.decode()
        member.refresh_from_db()
        assert member.is_active and not member.is_deleted

    def test_a_choice_is_required(self, member_client, member):
        response = member_client.post(DELETE, {"password": PASSWORD})
        assert response.status_code == 400
        assert "Kies wat we doen met wat je schreef" in response.content.decode()
        member.refresh_from_db()
        assert member.is_active

    @pytest.mark.parametrize(("choice", "keep"), [("bewaren", True), ("verwijderen", False)])
    def test_erases_personal_data_and_logs_out(
        self, client, full_member, registry, choice, keep, django_capture_on_commit_callbacks
    ):
        client.force_login(full_member)
        profile = Profile.objects.get(user=full_member)
        photo_storage, photo_name = profile.photo.storage, profile.photo.name
        assert photo_storage.exists(photo_name)
        user_id = full_member.pk

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(DELETE, {"password": PASSWORD, "content": choice}, follow=True)

        assert response.redirect_chain[-1][0] == reverse("accounts:deleted")
        assert "Je account is verwijderd" in response.content.decode()
        assert not response.context["user"].is_authenticated
        # Later apps were asked first, while the address was still known, with the choice.
        assert registry == [("fatima@example.nl", keep)]

        # Straight from the database: nothing personal is left.
        user = User.objects.get(pk=user_id)
        assert user.email == f"verwijderd-{user_id}@verwijderd.invalid"
        assert user.first_name == user.last_name == ""
        assert not user.has_usable_password()
        assert not user.is_active and not user.email_verified and not user.is_staff
        assert user.deleted_at is not None
        assert not user.groups.exists()
        assert str(user) == "Oud-lid"
        assert not User.objects.filter(email__iexact="fatima@example.nl").exists()
        profile = Profile.objects.get(user_id=user_id)
        for field in Profile.ABOUT_FIELDS:
            if field == "themes":
                assert not profile.themes.exists()
            else:
                assert not getattr(profile, field), field
        assert profile.visible_fields == []
        assert not profile.newsletter
        assert not photo_storage.exists(photo_name)
        assert not OutgoingMail.objects.filter(to__iexact="fatima@example.nl").exists()
        assert not OutgoingMail.objects.filter(text__contains="Fatima").exists()
        assert profile.public_card() == {"name": "Oud-lid"}

    def test_every_member_field_is_erased(self, full_member):
        profile = Profile.objects.get(user=full_member)
        services.update_profile(
            full_member,
            visible_fields=["name", "bio"],
            digest_frequency="wekelijks",
            company_size="10-49",
            province="utrecht",
        )
        services.delete_account(full_member, keep_content=True)
        profile = Profile.objects.get(pk=profile.pk)
        for name in Profile.MEMBER_FIELDS:
            field = Profile._meta.get_field(name)
            if field.many_to_many:
                assert not getattr(profile, name).exists(), name
            elif name == "digest_frequency":
                assert profile.digest_frequency == "geen"
            else:
                assert not getattr(profile, name), name

    def test_an_opt_out_survives_the_deletion(self, member):
        opt_out(member.email, Category.BULK)
        assert is_opted_out("fatima@example.nl", Category.BULK)

        services.delete_account(member, keep_content=False)

        assert is_opted_out("fatima@example.nl", Category.BULK)
        # Kept as a hash: the address itself is gone from the opt-outs and the outbox.
        rows = [*MailOptOut.objects.values(), *OutgoingMail.objects.values()]
        assert not any("fatima" in str(value) for row in rows for value in row.values())

    def test_deletion_opts_nobody_out(self, member):
        services.delete_account(member, keep_content=False)
        assert not is_opted_out("fatima@example.nl", Category.BULK)

    def test_the_address_can_sign_up_again(self, client, member, send):
        services.delete_account(member, keep_content=True)
        response = send(
            client.post,
            "/account/aanmelden/",
            {
                "first_name": "Fatima",
                "last_name": "El Amrani",
                "email": "fatima@example.nl",
                "password": "Tulpenveld-in-april",
                "privacy_consent": "on",
            },
        )
        assert response.status_code == 302
        assert User.objects.filter(email="fatima@example.nl", email_verified=False).exists()

    def test_ends_sessions_on_other_devices(self, client, member):
        other_device = client.__class__()
        other_device.force_login(member)
        client.force_login(member)
        client.post(DELETE, {"password": PASSWORD, "content": "bewaren"})
        response = other_device.get("/account/")
        assert response.status_code == 302
        assert response.url.startswith("/account/inloggen/")
        assert Session.objects.count() <= 1

    def test_cannot_log_in_afterwards(self, client, member):
        services.delete_account(member, keep_content=False)
        response = client.post(
            "/account/inloggen/", {"username": "fatima@example.nl", "password": PASSWORD}
        )
        assert response.status_code == 400

    def test_the_wagtail_profile_goes_too(self, member):
        UserProfile.get_for_user(member)
        services.delete_account(member, keep_content=True)
        assert not UserProfile.objects.filter(user=member).exists()

    def test_running_twice_is_harmless(self, member, registry):
        services.delete_account(member, keep_content=True)
        services.delete_account(member, keep_content=True)
        assert len(registry) == 1

    def test_the_goodbye_page_is_public(self, client):
        response = client.get("/account/tot-ziens/")
        assert response.status_code == 200
        assert "Je account is verwijderd" in response.content.decode()


def test_the_registry_lists_sorted_and_unregisters():
    privacy.register_exporter("zz-test", lambda user: 1)
    privacy.register_exporter("aa-test", lambda user: 2)
    try:
        names = list(privacy.exporters())
        assert names.index("aa-test") < names.index("zz-test")
    finally:
        privacy.unregister("zz-test")
        privacy.unregister("aa-test")
    assert "zz-test" not in privacy.exporters()
