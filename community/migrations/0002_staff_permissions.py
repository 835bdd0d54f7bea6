"""Community managers moderate every community, manage memberships, posts and proposals, and run
intervision: groups, applications, participants, sessions, attendance, cases and facilitators."""

from django.db import migrations

from loket.accounts.grants import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "community",
            {
                "Communitymanagers": {
                    "membership": ["view", "add", "change", "delete", "manage_all_communities"],
                    "thread": ["view", "change"],
                    "reply": ["view", "change"],
                    "flag": ["view", "change"],
                    "moderationaction": ["view"],
                    "topicproposal": ["view", "change"],
                    "proposalvote": ["view"],
                    "communityevent": ["view", "add", "change", "delete"],
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
