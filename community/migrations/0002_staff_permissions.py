"""Community managers moderate every community, manage memberships, posts and proposals, and
read the questions radar.
Their intervision permissions are granted by the intervision app's own 0002."""

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
                    "membership": [
                        "view",
                        "add",
                        "change",
                        "delete",
                        "manage_all_communities",
                        "view_question_radar",
                    ],
                    "thread": ["view", "change"],
                    "reply": ["view", "change"],
                    "flag": ["view", "change"],
                    "moderationaction": ["view"],
                    "topicproposal": ["view", "change"],
                    "proposalvote": ["view"],
                    "questionmark": ["view"],
                    "communityevent": ["view", "add", "change", "delete"],
                }
            },
        )
    ]
