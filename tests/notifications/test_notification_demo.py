"""seed_demo: the demo member has read and unread notifications that lead to real pages."""

import pytest

from loket.accounts.models import User
from loket.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_the_demo_member_has_read_and_unread_notifications(seeded_demo, client):
    sanne = User.objects.get(email="sanne.devries@example.com")
    rows = list(Notification.objects.filter(recipient=sanne))
    assert {Kind.FOLLOWED_REPLY, Kind.EXPERIENCE_APPROVED} <= {row.kind for row in rows}
    assert any(row.read_at is None for row in rows)
    assert any(row.read_at is not None for row in rows)
    assert "Meldingen:" in seeded_demo.output

    client.force_login(sanne)
    html = client.get("/account/meldingen/").content.decode()
    assert "ongelezen melding" in html
    for row in rows:
        assert row.title in html.replace("&#x27;", "'")
    # Every demo notification leads to a page that exists.
    for row in Notification.objects.select_related("recipient")[:25]:
        client.force_login(row.recipient)
        response = client.get(f"/account/meldingen/{row.pk}/")
        assert response.status_code == 302
        assert client.get(response.url, follow=True).status_code == 200, row.url
