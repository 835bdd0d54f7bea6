"""Community managers and communications staff see the scan's figures per region (counts and
averages, never an individual's answers)."""

from django.db import migrations

from loket.accounts.grants import grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("scan", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "scan",
            {
                group: {"scanresult": ["view_scan_figures"]}
                for group in ("Communicatie", "Communitymanagers")
            },
        )
    ]
