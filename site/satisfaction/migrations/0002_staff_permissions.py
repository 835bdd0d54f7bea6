"""The national staff groups see the Tevredenheid view; a region's groups get it from them
(``loket.accounts.services.roles``) and see their own region only."""

from django.db import migrations

from loket.accounts.grants import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("satisfaction", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "satisfaction",
            {
                group: {"rating": ["view_dashboard"]}
                for group in ("Communitymanagers", "Communicatie")
            },
        )
    ]
