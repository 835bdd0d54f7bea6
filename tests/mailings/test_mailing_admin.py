"""The admin: Communicatie manages mailings, sees the audience size, tests and schedules; others
are kept out."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from campaigns.mailings import services
from campaigns.mailings.models import Mailing, MailingStatus
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

INDEX = "wagtailsnippets_mailings_mailing:list"
SEND = "wagtailsnippets_mailings_mailing:send"
PREVIEW = "wagtailsnippets_mailings_mailing:preview"
EDIT = "wagtailsnippets_mailings_mailing:edit"


@pytest.fixture
def staff_client(client, communicator):
    client.force_login(communicator)
    return client


def test_communicatie_sees_the_list_and_the_editor(staff_client, make_mailing):
    make_mailing(subject="Teaser van de lancering")
    response = staff_client.get(reverse(INDEX))
    assert response.status_code == 200
    assert "Teaser van de lancering" in response.content.decode()
    assert staff_client.get(reverse("wagtailsnippets_mailings_mailing:add")).status_code == 200


def test_send_page_shows_recipients_in_constant_queries(
    staff_client, make_mailing, subscriber, django_assert_max_num_queries
):
    mailing = make_mailing(provinces=["utrecht"])
    subscriber()
    staff_client.get(reverse(SEND, args=[mailing.pk]))  # warm caches (site, settings)
    with django_assert_max_num_queries(40) as few:
        response = staff_client.get(reverse(SEND, args=[mailing.pk]))
    assert "data-recipient-count>1<" in response.content.decode()
    for _ in range(12):
        subscriber()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse(SEND, args=[mailing.pk]))
    assert "data-recipient-count>13<" in response.content.decode()


def test_send_now_to_an_empty_segment_is_refused_clearly(
    staff_client, make_mailing, subscriber, outbox
):
    subscriber(profile={"province": "zeeland"})
    mailing = make_mailing(provinces=["groningen"])
    response = staff_client.post(reverse(SEND, args=[mailing.pk]), {"action": "send_now"})
    assert response.status_code == 409
    assert "Niemand in deze doelgroep" in response.content.decode()
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.CONCEPT
    assert outbox() == []


def test_test_send_from_the_admin(staff_client, make_mailing, outbox, communicator):
    mailing = make_mailing()
    response = staff_client.post(reverse(SEND, args=[mailing.pk]), {"action": "test"}, follow=True)
    assert "De testmail is onderweg naar redactie@ondernemersloket.nl" in response.content.decode()
    assert [row.to for row in outbox()] == [communicator.email]


@pytest.mark.parametrize("value", ["", "morgen", "2024-13-45T25:00", "x" * 500])
def test_schedule_with_a_bad_moment_is_a_clear_400(staff_client, make_mailing, subscriber, value):
    subscriber()
    mailing = make_mailing()
    response = staff_client.post(
        reverse(SEND, args=[mailing.pk]), {"action": "schedule", "scheduled_at": value}
    )
    assert response.status_code == 400
    assert "Vul een geldige datum en tijd in." in response.content.decode()
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.CONCEPT


def test_schedule_and_progress(staff_client, make_mailing, subscriber):
    subscriber()
    mailing = make_mailing()
    moment = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post(
        reverse(SEND, args=[mailing.pk]), {"action": "schedule", "scheduled_at": moment}
    )
    assert response.status_code == 302
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.SCHEDULED

    Mailing.objects.filter(pk=mailing.pk).update(scheduled_at=timezone.now())
    services.start_due()
    services.send_batch(mailing.pk)
    page = staff_client.get(reverse(SEND, args=[mailing.pk])).content.decode()
    assert "<strong>1</strong> van 1 verstuurd" in page
    listing = staff_client.get(reverse(INDEX)).content.decode()
    assert "1 / 1" in listing and "Verzonden" in listing


def test_a_sent_mailing_cannot_be_edited(staff_client, make_mailing, subscriber):
    subscriber()
    mailing = make_mailing(subject="Verstuurd is verstuurd")
    services.schedule(mailing)
    services.start_sending(mailing.pk)
    services.send_batch(mailing.pk)
    response = staff_client.post(reverse(EDIT, args=[mailing.pk]), {"subject": "Achteraf anders"})
    assert response.status_code == 302
    assert response["Location"] == reverse(SEND, args=[mailing.pk])
    assert Mailing.objects.get(pk=mailing.pk).subject == "Verstuurd is verstuurd"
    delete = staff_client.post(
        reverse("wagtailsnippets_mailings_mailing:delete", args=[mailing.pk])
    )
    assert delete.status_code == 302 and Mailing.objects.filter(pk=mailing.pk).exists()


def test_preview_renders_the_mail_for_the_staff_member(staff_client, make_mailing):
    mailing = make_mailing()
    response = staff_client.get(reverse(PREVIEW, args=[mailing.pk]))
    assert response.status_code == 200
    assert "Hoi Rob, hoe staat je bedrijf ervoor?" in response.content.decode()


def test_members_get_no_access(client, make_mailing, subscriber, outbox):
    subscriber()
    mailing = make_mailing()
    member = MemberFactory()
    client.login(email=member.email, password=PASSWORD)
    # Members have no admin access at all: Wagtail sends them to its log-in page.
    for response in (
        client.get(reverse(INDEX)),
        client.get(reverse(SEND, args=[mailing.pk])),
        client.post(reverse(SEND, args=[mailing.pk]), {"action": "send_now"}),
    ):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.CONCEPT
    assert outbox() == []


def test_other_staff_get_403(client, make_mailing, subscriber):
    from loket.accounts.models import User

    subscriber()
    manager = User.objects.create_user(
        "manager@ondernemersloket.nl", PASSWORD, is_staff=True, email_verified=True
    )
    manager.groups.add(Group.objects.get(name="Communitymanagers"))
    client.force_login(manager)
    mailing = make_mailing()
    assert client.get(reverse(SEND, args=[mailing.pk])).status_code == 403
    assert client.post(reverse(SEND, args=[mailing.pk]), {"action": "send_now"}).status_code == 403
    assert client.get(reverse(PREVIEW, args=[mailing.pk])).status_code == 403
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.CONCEPT
