"""/gesprek-aanvragen/: the page, a request, the thank-you page, and every way to get it wrong."""

import pytest

from django.test import Client, override_settings
from django.urls import reverse

from loket.intake import services
from loket.intake.models import IntakeRequest, Status
from loket.intake.services import request as request_services
from loket.intake.signals import intake_requested

pytestmark = pytest.mark.django_db

URL = "/gesprek-aanvragen/"


def test_the_url_names_point_at_the_dutch_paths():
    assert reverse("intake:request") == URL
    assert reverse("intake:thanks") == "/gesprek-aanvragen/bedankt/"


def test_the_page_explains_the_intake_and_shows_the_form(client, home):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Vraag een gratis intakegesprek aan" in content
    assert "45 minuten" in content and "Gratis en vrijblijvend" in content
    assert "Wat gebeurt er na je aanvraag?" in content
    for value in ('value="bezoek"', 'value="telefoon"', 'value="video"'):
        assert value in content
    assert 'name="question"' in content and 'name="privacy_consent"' in content
    # The honeypot is there for bots, hidden from people.
    assert 'aria-hidden="true"' in content and 'name="website"' in content


def test_a_request_is_stored_confirmed_by_mail_and_thanked_for(client, home, data, outbox):
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response.url == reverse("intake:thanks")
    intake = IntakeRequest.objects.get()
    assert intake.status == Status.NEW and intake.user is None
    assert intake.email == "joost@bakkerijbakker.nl" and intake.consented_at
    assert list(intake.history.values_list("from_status", "to_status")) == [("", Status.NEW)]

    [mail] = outbox(to="joost@bakkerijbakker.nl")
    assert mail.template == "intake_confirmation"
    assert mail.subject == "We hebben je aanvraag voor een intakegesprek ontvangen"
    assert "Hoi Joost" in mail.text and "Waar lekt het geld weg?" in mail.text
    assert "Video · Financiën" in mail.text
    assert "Binnen twee werkdagen" in mail.html

    thanks = client.get(response.url).content.decode()
    assert "Bedankt, Joost!" in thanks and "joost@bakkerijbakker.nl" in thanks


def test_bad_input_answers_400_in_dutch_and_stores_nothing(client, home, data, outbox):
    response = client.post(URL, {**data, "question": "", "channel": "fax", "theme": "424242"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Vertel in een paar zinnen" in content
    assert "Kies bezoek, telefoon of video." in content
    assert "Dat thema kennen we niet" in content
    # What was filled in stays, so nobody types it again.
    assert "Bakkerij Bakker" in content
    assert not IntakeRequest.objects.exists() and not outbox()


def test_a_bot_filling_the_honeypot_sees_thanks_but_nothing_is_stored(client, home, data, outbox):
    response = client.post(URL, {**data, "website": "https://goedkope-pillen.example"})
    assert response.status_code == 302 and response.url == reverse("intake:thanks")
    assert not IntakeRequest.objects.exists() and not outbox()


def test_a_double_submit_stores_one_request_and_sends_one_mail(
    client, home, data, outbox, django_capture_on_commit_callbacks
):
    sent = []
    intake_requested.connect(
        lambda **kw: sent.append(kw["intake"].pk), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(URL, data)
            second = client.post(URL, {**data, "email": "JOOST@bakkerijbakker.nl"})
    finally:
        intake_requested.disconnect(dispatch_uid="t")
    assert first.status_code == second.status_code == 302
    assert IntakeRequest.objects.count() == 1
    assert len(outbox(template="intake_confirmation")) == 1
    assert sent == [IntakeRequest.objects.get().pk]


def test_too_many_requests_from_one_address_are_refused_for_an_hour(client, home, data, outbox):
    for n in range(services.ADDRESS_LIMIT):
        response = client.post(
            URL, {**data, "question": f"Vraag nummer {n}: hoe vind ik personeel?"}
        )
        assert response.status_code == 302
    response = client.post(URL, {**data, "question": "Nog een vraag: hoe vind ik personeel?"})
    assert response.status_code == 429
    assert "Probeer het over een uur nog eens" in response.content.decode()
    assert IntakeRequest.objects.count() == services.ADDRESS_LIMIT


def test_too_many_requests_from_one_session_are_refused(client, home, data):
    for n in range(services.SESSION_LIMIT):
        client.post(URL, {**data, "email": f"ondernemer{n}@example.nl"})
    response = client.post(URL, {**data, "email": "nog-een@example.nl"})
    assert response.status_code == 429
    assert IntakeRequest.objects.count() == services.SESSION_LIMIT


def test_a_request_from_a_campaign_block_goes_back_to_the_campaign(client, home, data):
    campaign = home.add_child(title="Een kritische blik", slug="een-kritische-blik")
    response = client.post(
        URL, {**data, "campaign": "een-kritische-blik", "next": "/een-kritische-blik/?utm=x"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("intake:thanks") + "?next=")
    assert IntakeRequest.objects.get().campaign == "een-kritische-blik"
    content = client.get(response.url).content.decode()
    assert campaign.title in content
    assert 'href="/een-kritische-blik/?utm=x"' in content


@pytest.mark.parametrize(
    "evil",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_next_never_leads_off_the_site(client, home, data, evil):
    response = client.post(URL, {**data, "next": evil})
    assert response.status_code == 302
    assert response.url == reverse("intake:thanks")
    content = client.get(reverse("intake:thanks"), {"next": evil}).content.decode()
    assert "evil.example" not in content and "javascript:" not in content


def test_the_campaign_comes_from_the_session_when_the_form_has_none(client, home, data):
    session = client.session
    session[services.SESSION_CAMPAIGN_KEY] = "tip-een-ander-najaar"
    session.save()
    client.post(URL, data)
    assert IntakeRequest.objects.get().campaign == "tip-een-ander-najaar"


def test_a_member_is_prefilled_and_their_request_is_theirs(client, home, member, data):
    client.force_login(member)
    content = client.get(URL).content.decode()
    assert 'value="Sanne de Vries"' in content and 'value="Bakkerij De Vries"' in content
    client.post(URL, {**data, "name": "Sanne de Vries", "email": member.email})
    assert IntakeRequest.objects.get().user == member


def test_typing_a_members_address_does_not_make_the_request_theirs(client, home, member, data):
    # Anyone can type someone else's address; the request waits until that member logs in.
    client.post(URL, {**data, "email": "Sanne@Example.nl"})
    intake = IntakeRequest.objects.get()
    assert intake.user is None
    assert intake.history.get().actor is None
    client.force_login(member)
    intake.refresh_from_db()
    assert intake.user == member


def test_the_thanks_page_without_a_request_still_thanks(client, home):
    response = client.get(reverse("intake:thanks"))
    assert response.status_code == 200
    assert "Bedankt voor je aanvraag!" in response.content.decode()


def test_the_page_answers_only_get_and_post(client, home):
    assert client.put(URL).status_code == 405


@override_settings(LOGIN_CLIENT_IP_HEADER="X-Forwarded-For")
def test_behind_a_proxy_the_network_limit_counts_the_forwarded_client(home, data, monkeypatch):
    """Every request arrives from the proxy's address: the limit must count the client the proxy
    names (as log-in throttling does), or one busy visitor locks out everyone behind it."""
    monkeypatch.setattr(request_services, "NETWORK_LIMIT", 2)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    def ask(n, client_address):
        # A fresh browser (session) and a fresh address each time: only the network is shared.
        return Client().post(
            URL,
            {**data, "email": f"ondernemer{n}@example.nl"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.7, {client_address}",
            **proxy,
        )

    assert [ask(n, "203.0.113.5").status_code for n in range(3)] == [302, 302, 429]
    # Another visitor behind the same proxy is not refused for the first one's requests.
    assert ask(3, "203.0.113.9").status_code == 302
    assert IntakeRequest.objects.count() == 3
