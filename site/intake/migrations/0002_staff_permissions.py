"""Communicatie and Communitymanagers see and handle intake requests (no adding, no deleting),
and publish the availability that entrepreneurs book: advisers, weekly spreekuren, slots, and
the bookings (held or no-show). A region's groups copy these from the national groups."""

from django.db import migrations

from loket.accounts.grants import grant_permissions

AVAILABILITY = ["view", "add", "change", "delete"]

class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        grant_permissions(
            "intake",
            {
                group: {
                    "intakerequest": ["view", "change"],
                    "adviser": AVAILABILITY,
                    "weeklyavailability": AVAILABILITY,
                    "slot": AVAILABILITY,
                    "booking": ["view", "change"],
                }
                for group in ("Communicatie", "Communitymanagers")
            },
        )
    ]
