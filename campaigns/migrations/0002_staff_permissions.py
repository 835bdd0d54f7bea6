"""Staff see the tips and change the Tip een ander settings; Communicatie makes limited offers and
sees the claims, Communitymanagers see both."""

from django.db import migrations

from loket.accounts.grants import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "campaigns",
            {
                "Communicatie": {
                    "referral": ["view"],
                    "referralprogramme": ["change"],
                    "limitedoffer": ["add", "change", "delete", "view"],
                    "offerclaim": ["view"],
                },
                "Communitymanagers": {
                    "referral": ["view"],
                    "referralprogramme": ["change"],
                    "limitedoffer": ["view"],
                    "offerclaim": ["view"],
                },
            },
        )
    ]
