"""Community managers run intervision: groups, applications, participants, sessions, attendance,
cases and facilitators."""

from django.db import migrations

from loket.accounts.grants import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("intervision", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "intervision",
            {
                "Communitymanagers": {
                    "intervisiongroup": ["view", "add", "change", "delete"],
                    "intervisionapplication": ["view", "change"],
                    "intervisionparticipant": ["view", "add", "change", "delete"],
                    "intervisionsession": ["view", "add", "change", "delete"],
                    "sessionattendance": ["view", "add", "change"],
                    "intervisioncase": ["view"],
                    "facilitator": ["view", "add", "change", "delete"],
                }
            },
        )
    ]
