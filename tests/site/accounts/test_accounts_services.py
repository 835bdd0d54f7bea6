"""The services other parts call directly: create_member (seed_demo), ensure_profile, limits."""

import pytest

from django.contrib.auth import get_user_model

from loket.accounts import services
from loket.accounts.models import Profile
from loket.themes.models import Theme

User = get_user_model()


@pytest.mark.django_db
class TestCreateMember:
    def test_creates_a_verified_member_with_profile_and_themes(self):
        theme = Theme.objects.create(name="Duurzaamheid test", slug="duurzaamheid-test")
        user = services.create_member(
            email="Bas@Example.nl",
            password="Groene-daken-2026",
            first_name="Bas",
            last_name="Visser",
            verified=True,
            company_name="Visser Dakwerken",
            kvk_number="8765 4321",
            sector="F",
            company_size="10-49",
            province="gelderland",
            municipality="Ede",
            bio="Dakdekker.",
            themes=[theme],
        )
        user = User.objects.get(pk=user.pk)
        assert user.email == "bas@example.nl"
        assert user.email_verified
        assert user.check_password("Groene-daken-2026")
        profile = user.profile
        assert profile.kvk_number == "87654321"
        assert profile.get_sector_display() == "Bouwnijverheid"
        assert list(profile.themes.all()) == [theme]
        assert profile.visible_fields == ["name", "company_name", "sector"]
        assert profile.privacy_consent_at is None

    def test_unverified_by_default_and_records_consent_when_given(self):
        user = services.create_member(
            email="a@example.nl",
            password="x",
            first_name="A",
            last_name="B",
            privacy_consent_version="2026-11",
        )
        assert not user.email_verified
        assert user.profile.privacy_consent_at is not None

    def test_a_known_address_raises(self):
        services.create_member(email="a@example.nl", password="x", first_name="A", last_name="B")
        with pytest.raises(services.EmailAlreadyRegistered):
            services.create_member(
                email="A@EXAMPLE.nl", password="x", first_name="A", last_name="B"
            )
        assert User.objects.count() == 1

    def test_unknown_profile_fields_raise(self):
        with pytest.raises(TypeError):
            services.create_member(
                email="a@example.nl", password="x", first_name="A", last_name="B", shoe_size=44
            )
        assert not User.objects.exists()


@pytest.mark.django_db
def test_ensure_profile_makes_one_once():
    user = User.objects.create_user("z@example.nl", "x")
    first = services.ensure_profile(user)
    second = services.ensure_profile(User.objects.get(pk=user.pk))
    assert first.pk == second.pk
    assert Profile.objects.filter(user=user).count() == 1


def test_over_limit_counts_per_key():
    assert not services.over_limit("test:a", 2, 60)
    assert not services.over_limit("test:a", 2, 60)
    assert services.over_limit("test:a", 2, 60)
    assert not services.over_limit("test:b", 2, 60)


@pytest.mark.django_db
def test_the_verification_link_uses_the_site_url_without_a_request(
    settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.SITE_URL = "https://loket.example"
    user = User.objects.create_user("z@example.nl", "x", first_name="Zoë")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_verification(user)
    assert "https://loket.example/account/bevestigen/" in mail.outbox[0].body
    assert "Hoi Zoë," in mail.outbox[0].body
