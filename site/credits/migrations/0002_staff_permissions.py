"""Staff see the credits ledger, award credits by hand, keep the reward catalogue and handle
redemptions."""

from django.db import migrations

from loket.accounts.grants import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("credits", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "credits",
            {
                group: {
                    "credittransaction": ["view", "add"],
                    "reward": ["view", "add", "change", "delete"],
                    "redemption": ["view", "change"],
                }
                for group in ("Communitymanagers", "Communicatie")
            },
        )
    ]
