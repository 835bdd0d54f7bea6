"""What the notifications contribute to earlier flows: AVG export and erasure, a seed step, and
the panel of unread notifications on the member's home."""

from wagtail import hooks

from loket.core.hooks import MEMBER_DATA, MEMBER_HOME_PANELS, SEED_STEPS, MemberData, SeedStep

from . import demo, member_home, privacy


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


@hooks.register(MEMBER_HOME_PANELS)
def notifications_member_home(*, user, site):
    return member_home.unread_panel(user=user, site=site)
