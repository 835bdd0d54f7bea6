"""The outbox in the Wagtail admin: staff look at it and send failed mail again; nobody edits it."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.core import mail as django_mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/mail/outgoingmail/"
RETRY_URL = "/admin/bulk/mail/outgoingmail/retry/"


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


def test_the_body_of_an_account_mail_is_hidden_from_staff(client, viewer):
    _mails(2)
    account_mail, other = OutgoingMail.objects.order_by("pk")
    OutgoingMail.objects.filter(pk=account_mail.pk).update(
        template="accounts_password_reset",
        text="Kies een nieuw wachtwoord: https://loket.example/account/wachtwoord/abc-123/",
        html='<a href="https://loket.example/account/wachtwoord/abc-123/">Nieuw wachtwoord</a>',
    )
    OutgoingMail.objects.filter(pk=other.pk).update(text="Tot op de bijeenkomst!")
    client.force_login(viewer)

    hidden = client.get(f"{LIST_URL}inspect/{account_mail.pk}/").content.decode()
    shown = client.get(f"{LIST_URL}inspect/{other.pk}/").content.decode()

    assert "abc-123" not in hidden
    assert "Inhoud verborgen: bevat een persoonlijke inloglink" in hidden
    assert "accounts_password_reset" in hidden  # which mail it was stays visible
    assert "Tot op de bijeenkomst!" in shown
    assert "Inhoud verborgen" not in shown


def _failed_mail():
    _mails(1, status=OutgoingMail.Status.FAILED)
    mail = OutgoingMail.objects.get()
    OutgoingMail.objects.filter(pk=mail.pk).update(attempts=8, last_error="SMTPDataError: 554")
    return mail


def test_a_failed_mail_offers_to_send_it_again_and_a_queued_one_does_not(client, viewer):
    failed = _failed_mail()
    _mails(1, start=1)
    queued = OutgoingMail.objects.exclude(pk=failed.pk).get()
    client.force_login(viewer)

    assert "Opnieuw versturen" in client.get(f"{LIST_URL}inspect/{failed.pk}/").content.decode()
    assert "Opnieuw versturen" not in client.get(f"{LIST_URL}inspect/{queued.pk}/").content.decode()


def test_staff_send_a_failed_mail_again_from_its_page(
    client, viewer, django_capture_on_commit_callbacks
):
    failed = _failed_mail()
    client.force_login(viewer)
    inspect_url = f"{LIST_URL}inspect/{failed.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{RETRY_URL}?id={failed.pk}&next={inspect_url}", follow=True)

    assert response.redirect_chain[-1][0] == inspect_url
    assert "1 mail staat weer in de wachtrij." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingMail.Status.SENT, 1)
    assert [m.to for m in django_mail.outbox] == [["lid0@example.nl"]]


def test_staff_send_several_failed_mails_again_from_the_list(
    client, viewer, django_capture_on_commit_callbacks
):
    _mails(2, status=OutgoingMail.Status.FAILED)
    _mails(1, status=OutgoingMail.Status.SENT, start=2)
    ids = list(OutgoingMail.objects.order_by("pk").values_list("pk", flat=True))
    client.force_login(viewer)
    query = "&".join(f"id={pk}" for pk in ids)

    confirm = client.get(f"{RETRY_URL}?{query}").content.decode()
    assert "Deze 2 mislukte mails gaan opnieuw in de wachtrij" in confirm
    assert "alleen mislukte mails gaan opnieuw de wachtrij in" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{RETRY_URL}?{query}&next={LIST_URL}")

    assert response.status_code == 302
    assert sorted(m.to[0] for m in django_mail.outbox) == ["lid0@example.nl", "lid1@example.nl"]
    statuses = set(OutgoingMail.objects.values_list("status", flat=True))
    assert statuses == {OutgoingMail.Status.SENT}


def test_the_list_offers_the_bulk_action(client, viewer):
    _failed_mail()
    client.force_login(viewer)

    page = client.get(LIST_URL).content.decode()

    assert RETRY_URL in page
    assert "Opnieuw versturen" in page


def test_admins_without_the_outbox_permission_cannot_send_mail_again(
    client, django_user_model, django_capture_on_commit_callbacks
):
    failed = _failed_mail()
    editor = django_user_model.objects.create_user(email="redactie@example.nl", password="x")
    group = Group.objects.create(name="Redactie")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{RETRY_URL}?id={failed.pk}")

    failed.refresh_from_db()
    assert failed.status == OutgoingMail.Status.FAILED
    assert django_mail.outbox == []


def test_a_member_cannot_send_mail_again(client, django_user_model):
    failed = _failed_mail()
    member = django_user_model.objects.create_user(email="lid@example.nl", password="x")
    client.force_login(member)

    response = client.post(f"{RETRY_URL}?id={failed.pk}")

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutgoingMail.Status.FAILED
