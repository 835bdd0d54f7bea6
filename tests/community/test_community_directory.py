"""The member directory (what members chose to share) and contact through the platform."""

import pytest

from community.models import ContactMessage
from community.services import suggestions

pytestmark = pytest.mark.django_db


def test_directory_shows_only_shared_fields_and_searches_only_on_them(
    client, community, member, add_member
):
    shy = add_member(community, sector="F", municipality="Leusden", company_name="Geheim BV")
    shy.profile.visible_fields = ["name"]
    shy.profile.save()
    open_ = add_member(community, sector="F", municipality="Leusden", company_name="Open Bouw BV")
    open_.profile.visible_fields = ["name", "company_name", "sector", "region"]
    open_.profile.save()
    client.force_login(member)
    html = client.get(community.url + "leden/").content.decode()
    assert "Open Bouw BV" in html and "Geheim BV" not in html
    assert shy.display_name in html
    assert shy.email not in html and open_.email not in html
    found = client.get(
        community.url + "leden/", {"sector": "F", "gemeente": "leusden"}
    ).content.decode()
    assert "Open Bouw BV" in found
    assert shy.display_name not in found, "a hidden field never matches a search"
    odd = client.get(community.url + "leden/", {"thema": "bestaat-niet"})
    assert odd.status_code == 200


def test_contact_relays_a_mail_and_shares_the_address_only_when_asked(
    client, community, member, other_member, outbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    url = community.url + f"leden/{other_member.pk}/bericht/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Zullen we een keer koffie drinken?"})
    assert response.status_code == 303
    sent = outbox(to=other_member.email)[-1]
    assert not sent.reply_to and member.email not in sent.text
    assert "koffie" in sent.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": "Mijn adres mag je hebben.", "share_email": "on"})
    assert outbox(to=other_member.email)[-1].reply_to == member.email
    assert ContactMessage.objects.count() == 2


def test_contact_refusals_and_rate_limit(
    client, community, member, other_member, outsider, settings
):
    settings.COMMUNITY_NEW_MEMBER_LIMITS = {"message": (1, 86400)}
    client.force_login(member)
    url = community.url + f"leden/{other_member.pk}/bericht/"
    assert client.post(url, {"message": "kort"}).status_code == 400
    assert client.post(url, {"message": "Zullen we een keer bellen?"}).status_code == 303
    limited = client.post(url, {"message": "Nog een bericht voor jou."})
    assert limited.status_code == 429
    assert (
        client.post(
            community.url + f"leden/{outsider.pk}/bericht/", {"message": "Hallo daar, ondernemer"}
        ).status_code
        == 404
    )
    client.force_login(outsider)
    assert client.post(url, {"message": "Hallo daar, ondernemer"}).status_code == 403
    assert ContactMessage.objects.count() == 1


def test_suggestions_with_reasons(client, community, make_community, add_member, theme):
    from loket.accounts.models import Profile

    me = add_member(
        make_community(slug="eigen", title="Eigen"),
        sector="F",
        company_size="10-49",
        province="utrecht",
    )
    me.profile.themes.set([theme])
    # A fellow member of my community with the same sector and size, sharing both.
    mine = me.community_memberships.get().community
    peer = add_member(mine, sector="F", company_size="10-49")
    Profile.objects.filter(user=peer).update(visible_fields=["name", "sector", "company_size"])
    found = suggestions.suggestions_for(me)
    assert found["communities"][0].item.pk == community.pk
    assert "ook in de bouw" in found["communities"][0].reason
    assert found["members"][0].reason == "ook in de bouw, 10–49 medewerkers"
    client.force_login(me)
    html = client.get("/communities/voor-jou/").content.decode()
    assert community.title in html and "Ook in de bouw" in html
    client.logout()
    assert client.get("/communities/voor-jou/").status_code == 302


def test_the_account_overview_suggests_communities_with_the_reason(
    client, community, make_community, add_member
):
    me = add_member(make_community(slug="eigen", title="Eigen"), sector="F", company_size="10-49")
    client.force_login(me)
    html = client.get("/account/").content.decode()
    assert "Communities voor jou" in html
    assert community.title in html
    assert "ook in de bouw" in html
    assert 'href="/communities/voor-jou/"' in html
