"""The contributor stays in control: "Mijn ervaringen" (signed in) and the personal page from the
mail (no log-in): consents per channel, withdrawal, quote agreement and answering a question."""

import pytest

from testimonials import services
from testimonials.models import Channel, Experience, Status

pytestmark = pytest.mark.django_db

MINE = "/ervaringen/mijn/"


def test_mine_needs_a_log_in(client, index):
    response = client.get(MINE)
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_a_member_sees_their_experiences_and_consents(client, index, member, published):
    experience = published(channels=[Channel.WEBSITE])
    client.force_login(member)
    content = client.get(MINE).content.decode()
    assert experience.quote in content
    assert "Staat op de website" in content
    assert "Ja, sinds" in content
    assert "Intrekken voor website" in content
    assert "Toestemming geven voor sociale media" in content


def test_a_member_withdraws_one_channel_then_everything(client, index, member, published):
    experience = published(channels=[Channel.WEBSITE, Channel.SOCIAL])
    client.force_login(member)
    response = client.post(
        MINE, {"experience": experience.pk, "action": "withdraw", "channel": "social"}
    )
    assert response.status_code == 302
    assert not services.is_publishable(experience, Channel.SOCIAL)
    assert services.is_publishable(experience, Channel.WEBSITE)

    client.post(MINE, {"experience": experience.pk, "action": "withdraw", "channel": "all"})
    experience.refresh_from_db()
    assert not experience.is_public
    assert experience.current_consents == {}
    assert "Je toestemming is ingetrokken" in client.get(MINE).content.decode()


def test_a_member_cannot_touch_someone_elses_experience(client, index, published):
    from tests.factories import MemberFactory

    experience = published()
    client.force_login(MemberFactory())
    response = client.post(
        MINE, {"experience": experience.pk, "action": "withdraw", "channel": "all"}
    )
    assert response.status_code == 404
    experience.refresh_from_db()
    assert experience.is_public
    assert client.post(MINE, {"experience": "abc", "action": "withdraw"}).status_code == 404


def test_bad_actions_get_a_dutch_message(client, index, member, published):
    experience = published()
    client.force_login(member)
    for data in (
        {"action": "withdraw", "channel": "krant"},
        {"action": "grant", "channel": ""},
        {"action": "verwijder"},
        {"action": "answer", "answer": ""},
    ):
        response = client.post(MINE, {"experience": experience.pk, **data})
        assert response.status_code in (400, 409), data
    response = client.post(MINE, {"experience": experience.pk, "action": "accept_quote"})
    assert response.status_code == 409
    assert "geen aangepast citaat" in response.content.decode()


def test_the_personal_page_from_the_mail_works_without_log_in(client, index, event, admin_user):
    link = services.read_share_link(services.share_token(event, "karin@example.nl"))
    experience = services.submit_experience(
        link=link,
        quote="Heel leerzaam, echt waar.",
        score=8,
        display_mode="voornaam",
        channels=[Channel.WEBSITE],
        name="Karin Bos",
    )
    services.approve(experience, by=admin_user)
    services.propose_quote_edit(experience, "Heel leerzaam.", by=admin_user)
    url = f"{MINE}{experience.token}/"

    content = client.get(url).content.decode()
    assert "Heel leerzaam, echt waar." in content
    assert "We stellen een iets aangepast citaat voor" in content
    assert client.post(url, {"action": "accept_quote"}).status_code == 302
    experience.refresh_from_db()
    assert experience.quote == "Heel leerzaam."

    assert client.post(url, {"action": "withdraw", "channel": "website"}).status_code == 302
    experience.refresh_from_db()
    assert not experience.is_public
    assert "Heel leerzaam." not in client.get("/ervaringen/").content.decode()


def test_answering_a_question(client, index, member, share, admin_user):
    experience = share()
    services.ask_question(experience, by=admin_user, question="Welke bijeenkomst was het?")
    client.force_login(member)
    content = client.get(MINE).content.decode()
    assert "Welke bijeenkomst was het?" in content
    response = client.post(
        MINE, {"experience": experience.pk, "action": "answer", "answer": "Grip op je cashflow."}
    )
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.status == Status.NEW
    assert experience.log.filter(action="antwoord", reason="Grip op je cashflow.").exists()


@pytest.mark.parametrize("token", ["1-abc", "abc", "999-xyz", "0-"])
def test_a_tampered_personal_link_is_a_400(client, index, share, token):
    share()
    response = client.get(f"{MINE}{token}/")
    assert response.status_code == 400
    assert "Deze link klopt niet" in response.content.decode()


def test_a_signed_link_to_a_removed_experience_is_a_400(client, index, share):
    experience = share()
    token = experience.token
    Experience.objects.filter(pk=experience.pk).delete()
    assert client.get(f"{MINE}{token}/").status_code == 400
