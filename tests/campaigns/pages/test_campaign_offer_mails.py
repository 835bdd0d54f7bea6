"""The loop closes: claiming a limited offer sends the member a confirmation and the desk a
notice, once per claim."""

import pytest

from wagtail.models import Site

from loket.core.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_a_claim_mails_the_member_and_the_desk_once(
    client, launch, member, outbox, django_capture_on_commit_callbacks
):
    site = Site.objects.get(is_default_site=True)
    desk = SiteSettings.for_site(site)
    desk.contact_email = "loket@ondernemersloket-utrecht.nl"
    desk.save()
    offer = launch.offers.get()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/campagne-aanbod/{offer.pk}/")
        client.post(f"/campagne-aanbod/{offer.pk}/")  # a double click: no second mail

    confirmation = outbox(template="campaigns_offer_claimed")
    assert [m.to for m in confirmation] == [member.email]
    assert offer.title in confirmation[0].text
    notice = outbox(template="campaigns_offer_claimed_desk")
    assert [m.to for m in notice] == ["loket@ondernemersloket-utrecht.nl"]
    assert member.email in notice[0].text


def test_without_a_desk_address_only_the_member_is_mailed(
    client, launch, member, outbox, django_capture_on_commit_callbacks
):
    offer = launch.offers.get()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/campagne-aanbod/{offer.pk}/")
    assert len(outbox(template="campaigns_offer_claimed")) == 1
    assert outbox(template="campaigns_offer_claimed_desk") == []
