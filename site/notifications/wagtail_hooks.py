"""What the notifications contribute to earlier flows: AVG export and erasure, a seed step."""

from wagtail import hooks

from loket.core.hooks import MEMBER_DATA, SEED_STEPS, MemberData, SeedStep

from . import demo, privacy


@hooks.register(MEMBER_DATA)
def notification_member_data():
    return [
        MemberData(
            "meldingen",
            export=privacy.export_notifications,
            erase=privacy.erase_notifications,
        ),
        MemberData("mailvoorkeuren", export=privacy.export_mail_preferences),
    ]


@hooks.register(SEED_STEPS)
def seed_steps():
    # After the communities, testimonials and referrals, so the demo links point at real pages.
    return SeedStep("notifications", demo.seed_notifications, label="Meldingen", order=700)
