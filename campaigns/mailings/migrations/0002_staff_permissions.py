"""Communicatie composes, tests, schedules and sends mailings."""

from django.db import migrations

from loket.accounts.grants import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("mailings", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "mailings",
            {"Communicatie": {"mailing": ["view", "add", "change", "delete"]}},
        )
    ]
