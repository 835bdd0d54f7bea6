"""/account/meldingen/: the list, opening one, marking read, the preferences, the header count."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.notifications import services
from loket.notifications.models import Delivery, Kind, MailPreference

pytestmark = pytest.mark.django_db

LIST = "/account/meldingen/"
PREFERENCES = "/account/meldingen/mail/"


def _header_count(html):
    found = re.search(r'class="[^"]*utility-nav__notifications[^"]*"[^>]*data-unread="(\d+)"', html)
    return int(found.group(1)) if found else None


def test_visitors_are_sent_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/account/inloggen/" in response.url
    assert _header_count(client.get("/account/inloggen/").content.decode()) is None


def test_the_list_shows_unread_first_in_words_and_the_header_counts_them(
    client, member, make_notifications
):
    make_notifications(member, 3)
    client.force_login(member)
    html = client.get(LIST).content.decode()
    assert "Je hebt 3 ongelezen meldingen." in html
    assert "Melding nummer 2" in html
    assert "Markeer alles als gelezen" in html
    assert _header_count(html) == 3


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(
    client, member, make_notifications
):
    first, _second = make_notifications(member, 2)
    client.force_login(member)
    response = client.get(f"{LIST}{first.pk}/")
    assert response.status_code == 302
    assert response.url == "/bijeenkomsten/test-0/"
    assert _header_count(client.get(LIST).content.decode()) == 1


def test_someone_elses_notification_is_not_found(client, member, other_member, make_notifications):
    [theirs] = make_notifications(other_member, 1)
    client.force_login(member)
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert client.post(f"{LIST}{theirs.pk}/gelezen/").status_code == 404
    assert client.get(f"{LIST}999999/").status_code == 404
    assert services.unread_count(other_member) == 1


def test_mark_one_and_mark_all_read(client, member, make_notifications):
    first, *_rest = make_notifications(member, 3)
    client.force_login(member)
    assert client.get(f"{LIST}{first.pk}/gelezen/").status_code == 405
    assert client.post(f"{LIST}{first.pk}/gelezen/").status_code == 302
    assert services.unread_count(member) == 2
    response = client.post(f"{LIST}alles-gelezen/", follow=True)
    html = response.content.decode()
    assert "Alle meldingen staan op gelezen." in html
    assert "Je bent helemaal bij." in html
    assert _header_count(html) == 0


def test_an_empty_list_says_what_will_come(client, member):
    client.force_login(member)
    html = client.get(LIST).content.decode()
    assert "Nog geen meldingen." in html
    assert "Markeer alles als gelezen" not in html


class TestPreferences:
    def test_the_form_shows_every_choosable_kind_with_direct_as_default(self, client, member):
        client.force_login(member)
        html = client.get(PREFERENCES).content.decode()
        assert "Mail over je meldingen" in html
        for kind in services.choosable_kinds():
            assert str(kind.label) in html
        assert "In de dagelijkse samenvatting" in html
        assert "Er is een plek vrij van de wachtlijst".lower() in html

    def test_saving_stores_each_choice(self, client, member):
        client.force_login(member)
        choices = dict.fromkeys(services.preferences_for(member), Delivery.DIRECT)
        choices[Kind.THREAD_REPLY] = Delivery.DIGEST
        choices[Kind.CREDITS_EXPIRING] = Delivery.NEVER
        response = client.post(PREFERENCES, choices, follow=True)
        assert "Je mailvoorkeuren zijn bewaard." in response.content.decode()
        stored = services.preferences_for(member)
        assert stored[Kind.THREAD_REPLY] == Delivery.DIGEST
        assert stored[Kind.CREDITS_EXPIRING] == Delivery.NEVER
        assert stored[Kind.HELPFUL_ANSWER] == Delivery.DIRECT

    @pytest.mark.parametrize(
        "bad",
        [
            {"thread_reply": "soms"},
            {"thread_reply": ""},
            {"thread_reply": "never\x00"},
        ],
    )
    def test_bad_input_gets_a_dutch_message_and_keeps_what_was_stored(self, client, member, bad):
        services.set_preferences(member, {Kind.THREAD_REPLY: Delivery.NEVER})
        client.force_login(member)
        choices = dict.fromkeys(services.preferences_for(member), Delivery.DIRECT)
        choices.update(bad)
        response = client.post(PREFERENCES, choices)
        assert response.status_code == 400
        html = response.content.decode()
        assert "Er ging iets mis met wat je invulde" in html
        assert (
            "Kies direct, in de dagelijkse samenvatting of niet." in html
            or "Kies hoe je hierover mail wilt krijgen." in html
        )
        assert MailPreference.objects.get(member=member).delivery == Delivery.NEVER

    def test_visitors_cannot_post_preferences(self, client):
        response = client.post(PREFERENCES, {"thread_reply": "never"})
        assert response.status_code == 302
        assert not MailPreference.objects.exists()


class TestQueries:
    """The list and a page with the header count cost the same however many notifications."""

    def _count(self, client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    @pytest.mark.parametrize("url", [LIST, "/account/credits/"])
    def test_constant_in_the_number_of_notifications(self, client, member, make_notifications, url):
        client.force_login(member)
        make_notifications(member, 2)
        client.get(url)  # warm caches (site, settings, content types)
        small = self._count(client, url)
        make_notifications(member, 40, start=2)
        large = self._count(client, url)
        print(f"{url}: {small} queries with 2 notifications, {large} with 42")
        assert small == large, (small, large)
        assert _header_count(client.get(url).content.decode()) == 42


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("http://testserver/communities/bouw/#reactie-3", "/communities/bouw/#reactie-3"),
        (
            "https://gelderland.example.nl/bijeenkomsten/",
            "https://gelderland.example.nl/bijeenkomsten/",
        ),
    ],
)
def test_a_link_stays_on_this_host_and_another_regions_keeps_its_own(
    client, member, stored, expected
):
    notification = services.notify(
        member, Kind.THREAD_REPLY, key="1", title="Rob reageerde", url=stored
    )
    client.force_login(member)
    assert client.get(f"{LIST}{notification.pk}/").url == expected
