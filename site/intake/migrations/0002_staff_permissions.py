"""Communicatie and Communitymanagers see and handle intake requests (no adding, no deleting)."""

from django.db import migrations

from loket.accounts.grants import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "intake",
            {
                group: {"intakerequest": ["view", "change"]}
                for group in ("Communicatie", "Communitymanagers")
            },
        )
    ]
