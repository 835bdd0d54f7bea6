"""Communicatie reads the campaign results (superusers can anyway)."""

from django.db import migrations

from loket.accounts.grants import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("attribution", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "attribution",
            {"Communicatie": {"conversion": ["view_results"]}},
        )
    ]
