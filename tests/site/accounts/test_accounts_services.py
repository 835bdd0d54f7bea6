"""The services other parts call directly: create_member (seed_demo), ensure_profile, limits."""

from datetime import timedelta

import pytest
from celery.schedules import crontab

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from loket.accounts import privacy, services, tasks
from loket.accounts.models import Profile
from loket.celery import app as celery_app
from loket.mail.models import Category, OutgoingMail
from loket.mail.services import is_opted_out, opt_out
from loket.themes.models import Theme
from tests.factories import MemberFactory, UserFactory

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


def _joined_days_ago(user, days):
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    return user


@pytest.mark.django_db
class TestPurgeUnverifiedAccounts:
    def test_deletes_old_sign_ups_nobody_confirmed(self, django_capture_on_commit_callbacks):
        user = UserFactory(email="vergeten@example.nl")
        with django_capture_on_commit_callbacks(execute=True):
            services.send_verification(user)
        opt_out(user.email, Category.BULK)
        _joined_days_ago(user, 15)

        assert services.purge_unverified_accounts() == 1

        assert not User.objects.filter(pk=user.pk).exists()
        assert not Profile.objects.filter(user_id=user.pk).exists()
        assert not OutgoingMail.objects.filter(to__iexact="vergeten@example.nl").exists()
        assert is_opted_out("vergeten@example.nl", Category.BULK)

    def test_keeps_young_sign_ups_and_anything_claimed(self):
        young = _joined_days_ago(UserFactory(), 13)
        verified = _joined_days_ago(UserFactory(email_verified=True), 400)
        staff = _joined_days_ago(UserFactory(is_staff=True), 400)
        superuser = _joined_days_ago(UserFactory(is_superuser=True), 400)
        logged_in = _joined_days_ago(UserFactory(last_login=timezone.now()), 400)
        with_role = _joined_days_ago(UserFactory(), 400)
        with_role.groups.add(Group.objects.get(name="Communitymanagers"))
        with_permission = _joined_days_ago(UserFactory(), 400)
        with_permission.user_permissions.add(Permission.objects.get(codename="access_admin"))
        deleted = MemberFactory()
        services.delete_account(deleted, keep_content=True)  # anonymous, unverified, no login
        _joined_days_ago(deleted, 400)
        kept = [young, verified, staff, superuser, logged_in, with_role, with_permission, deleted]

        assert services.purge_unverified_accounts() == 0

        assert User.objects.filter(pk__in=[user.pk for user in kept]).count() == len(kept)

    def test_the_age_comes_from_the_settings(self, settings):
        settings.UNVERIFIED_ACCOUNT_DAYS = 3
        user = _joined_days_ago(UserFactory(), 4)
        assert services.purge_unverified_accounts() == 1
        assert not User.objects.filter(pk=user.pk).exists()

    def test_an_explicit_age_wins(self):
        _joined_days_ago(UserFactory(), 2)
        assert services.purge_unverified_accounts(older_than=timedelta(days=5)) == 0
        assert services.purge_unverified_accounts(older_than=timedelta(days=1)) == 1

    def test_running_twice_deletes_once(self):
        _joined_days_ago(UserFactory(), 20)
        _joined_days_ago(UserFactory(), 30)
        assert services.purge_unverified_accounts() == 2
        assert services.purge_unverified_accounts() == 0

    def test_other_apps_erase_their_part_first(self):
        calls = []
        privacy.register_eraser("purge-test", lambda user, keep: calls.append((user.email, keep)))
        try:
            _joined_days_ago(UserFactory(email="vergeten@example.nl"), 20)
            services.purge_unverified_accounts()
        finally:
            privacy.unregister("purge-test")
        assert calls == [("vergeten@example.nl", False)]

    def test_the_task_runs_the_purge_and_beat_runs_it_nightly(self, settings):
        _joined_days_ago(UserFactory(), 20)
        assert tasks.purge_unverified_accounts.delay().get() == 1
        entry = settings.CELERY_BEAT_SCHEDULE["purge-unverified-accounts"]
        assert entry["task"] == tasks.purge_unverified_accounts.name
        assert entry["task"] in celery_app.tasks
        assert entry["schedule"] == crontab(hour=3, minute=30)
