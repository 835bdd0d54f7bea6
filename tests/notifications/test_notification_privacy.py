"""AVG: notifications and mail preferences are in the export and go with the account."""

import pytest

from loket.accounts.services.member_data import delete_account, export_member_data
from loket.notifications import services
from loket.notifications.models import Delivery, Kind, MailPreference, Notification

pytestmark = pytest.mark.django_db


def test_the_export_holds_notifications_and_preferences(member, make_notifications):
    make_notifications(member, 2)
    services.set_preferences(member, {Kind.THREAD_REPLY: Delivery.DIGEST})
    data = export_member_data(member)
    assert [row["titel"] for row in data["meldingen"]] == ["Melding nummer 0", "Melding nummer 1"]
    assert data["meldingen"][0]["gelezen_op"] is None
    assert data["mailvoorkeuren"] == [
        {"soort": "Een reactie op mijn discussie", "mail": "In de dagelijkse samenvatting"}
    ]


@pytest.mark.parametrize("keep_content", [True, False])
def test_deleting_the_account_erases_them(member, other_member, make_notifications, keep_content):
    make_notifications(member, 2)
    make_notifications(other_member, 1)
    services.set_preferences(member, {Kind.THREAD_REPLY: Delivery.NEVER})
    delete_account(member, keep_content=keep_content)
    assert not Notification.objects.filter(recipient=member).exists()
    assert not MailPreference.objects.filter(member=member).exists()
    assert Notification.objects.filter(recipient=other_member).count() == 1
