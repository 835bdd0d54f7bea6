from community.services import discussions


def test_pages_render(client, community, member, public_community):
    client.force_login(member)
    thread = discussions.start_thread(
        community, member, kind="vraag", title="Hoe vind ik vakmensen?", body="Wie heeft tips?"
    )
    for url in [
        "/communities/",
        community.url,
        community.url + "discussies/",
        community.url + "discussies/nieuw/",
        thread.get_url(),
        community.url + "onderwerpen/",
        community.url + "leden/",
        "/communities/voor-jou/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
