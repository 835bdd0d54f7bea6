"""The migrations describe exactly the models, one initial schema migration per app.

Nothing was deployed before the first release, so every app's history was squashed into one
``0001_initial`` plus named data migrations (roles, permissions, seed taxonomies). A model change
without its migration, or a second schema migration sneaking in before the release, fails here.
"""

from io import StringIO

import pytest

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from loket.accounts.grants import codename

OWN_APPS = [
    config.label
    for config in apps.get_app_configs()
    if not config.name.startswith(
        ("django.", "wagtail", "taggit", "modelcluster", "django_", "axes")
    )
]
SCHEMA_OPERATIONS = ("CreateModel", "AddField", "AlterField", "RemoveField", "AddConstraint")
# Schema migrations that cannot be part of their app's 0001_initial, and why.
CYCLE_BREAKERS = {
    ("accounts", "0003_profile_home_site"): (
        "the member's home region points at wagtailcore.Site, and wagtailcore's own migrations "
        "need the user model of accounts.0001_initial first"
    ),
}


@pytest.mark.django_db
def test_the_models_need_no_new_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"A model changed without its migration:\n{out.getvalue()}")


@pytest.mark.parametrize("app_label", OWN_APPS)
def test_each_app_has_one_initial_schema_migration(app_label):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    migrations = sorted(name for label, name in loader.disk_migrations if label == app_label)
    assert migrations, f"{app_label} has no migrations"
    assert migrations[0] == "0001_initial"
    for name in migrations[1:]:
        if (app_label, name) in CYCLE_BREAKERS:
            continue
        operations = loader.disk_migrations[(app_label, name)].operations
        schema = [op for op in operations if type(op).__name__ in SCHEMA_OPERATIONS]
        assert not schema, f"{app_label}.{name} changes the schema: squash it into 0001_initial"


@pytest.mark.django_db
def test_the_staff_groups_get_their_permissions_from_the_data_migrations():
    communicatie = set(
        Group.objects.get(name="Communicatie").permissions.values_list("codename", flat=True)
    )
    managers = set(
        Group.objects.get(name="Communitymanagers").permissions.values_list("codename", flat=True)
    )
    assert {"view_results", "change_mailing", "change_experience", "add_limitedoffer"} <= (
        communicatie
    )
    assert {"manage_all_communities", "change_registration", codename("flag", "change")} <= (
        managers
    )
    assert "change_mailing" not in managers
