"""The outbox in the Wagtail admin: staff can look at it, nobody can write to it."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/mail/outgoingmail/"


def _mails(n, status=OutgoingMail.Status.QUEUED, start=0):
    OutgoingMail.objects.bulk_create(
        OutgoingMail(
            to=f"lid{i}@example.nl",
            from_email="hallo@ondernemersloket.nl",
            subject=f"Bijeenkomst {i}",
            html="<p>Hoi</p>",
            text="Hoi",
            template="notification",
            idempotency_key=f"admin-test-{i}",
            status=status,
            attempts=2,
        )
        for i in range(start, start + n)
    )


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(email="beheer@example.nl", password="x")


@pytest.fixture
def viewer(django_user_model):
    """A communications staff member with only the outbox's view permission."""
    user = django_user_model.objects.create_user(email="communicatie@example.nl", password="x")
    group = Group.objects.create(name="Outbox-lezers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_outgoingmail"),
    )
    user.groups.add(group)
    return user


def test_staff_see_the_outbox_with_status_and_attempts(client, viewer):
    _mails(2)
    _mails(1, status=OutgoingMail.Status.FAILED, start=2)
    client.force_login(viewer)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "lid0@example.nl" in page
    assert "Bijeenkomst 2" in page
    assert "Mislukt" in page


def test_staff_filter_on_what_is_stuck(client, viewer):
    _mails(2)
    _mails(1, status=OutgoingMail.Status.FAILED, start=2)
    client.force_login(viewer)

    page = client.get(LIST_URL, {"status": "failed"}).content.decode()

    assert "lid2@example.nl" in page
    assert "lid0@example.nl" not in page


def test_staff_can_inspect_a_mail_and_its_last_error(client, viewer):
    _mails(1)
    mail = OutgoingMail.objects.get()
    OutgoingMail.objects.filter(pk=mail.pk).update(last_error="SMTPServerDisconnected: weg")
    client.force_login(viewer)

    response = client.get(f"{LIST_URL}inspect/{mail.pk}/")

    assert response.status_code == 200
    assert "SMTPServerDisconnected: weg" in response.content.decode()


@pytest.mark.parametrize("who", ["superuser", "viewer"])
def test_nobody_can_add_edit_or_delete_outbox_rows(client, request, who):
    _mails(1)
    mail = OutgoingMail.objects.get()
    client.force_login(request.getfixturevalue(who))

    page = client.get(LIST_URL).content.decode()
    assert f"{LIST_URL}add/" not in page
    for url in (f"{LIST_URL}add/", f"{LIST_URL}edit/{mail.pk}/", f"{LIST_URL}delete/{mail.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert client.post(url, {"subject": "Gewijzigd"}).status_code in (302, 403), url
    mail.refresh_from_db()
    assert mail.subject == "Bijeenkomst 0"


def test_a_member_does_not_reach_the_outbox(client, django_user_model):
    _mails(1)
    member = django_user_model.objects.create_user(email="lid@example.nl", password="x")
    client.force_login(member)

    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert "lid0@example.nl" not in response.content.decode()


def test_the_outbox_list_costs_the_same_queries_for_more_rows(
    client, superuser, django_assert_max_num_queries
):
    client.force_login(superuser)
    _mails(3)
    client.get(LIST_URL)  # warm per-process caches (content types, site)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST_URL).status_code == 200

    _mails(17, start=3)
    with django_assert_max_num_queries(len(few)):
        assert client.get(LIST_URL).status_code == 200
