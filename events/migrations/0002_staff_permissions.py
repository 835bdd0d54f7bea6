"""Community managers see, export and manage registrations (check-in, add, remove)."""

from django.db import migrations

from loket.accounts.grants import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "events",
            {"Communitymanagers": {"registration": ["view", "add", "change", "delete"]}},
        )
    ]
