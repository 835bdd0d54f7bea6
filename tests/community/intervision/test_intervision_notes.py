"""Shared notes and agreed actions per session in the group space: who may read and write them,
sanitising, bad input, and that none of it leaks through search, caches or other groups."""

from datetime import timedelta

import pytest

from django.utils import timezone

from community.intervision import services
from community.intervision.models import IntervisionParticipant, SessionAction, SessionNote
from community.services import CommunityError
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(intervision_index, themes, make_group):
    facilitator = MemberFactory(first_name="Marjolein")
    group = make_group(themes[0], status="actief", facilitator=facilitator)
    members = MemberFactory.create_batch(3)
    for member in members:
        IntervisionParticipant.objects.create(group=group, member=member)
    start = timezone.now() - timedelta(days=3)
    session = services.schedule_session(group, starts_at=start, ends_at=start + timedelta(hours=3))
    note = SessionNote.objects.create(session=session, author=members[0], body="Geheime notitie")
    action = SessionAction.objects.create(
        session=session, description="Geheime actie", owner=members[1], created_by=members[0]
    )
    other = make_group(themes[0], status="actief")
    outsider_seat = IntervisionParticipant.objects.create(group=other, member=MemberFactory())
    other_session = services.schedule_session(
        other, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    base = intervision_index.url + f"groep/{group.pk}/"
    return {
        "index": intervision_index,
        "group": group,
        "members": members,
        "facilitator": facilitator,
        "session": session,
        "note": note,
        "action": action,
        "other_member": outsider_seat.member,
        "other_session": other_session,
        "base": base,
        "urls": {
            "note": base + f"sessie/{session.pk}/aantekening/",
            "note_delete": base + f"aantekening/{note.pk}/verwijderen/",
            "action": base + f"sessie/{session.pk}/actie/",
            "action_done": base + f"actie/{action.pk}/",
        },
    }


def _login(client, space, who, staff_manager):
    user = {
        "visitor": None,
        "member": MemberFactory(),
        "other_group": space["other_member"],
        "participant": space["members"][2],
        "facilitator": space["facilitator"],
        "manager": staff_manager,
    }[who]
    if user is not None:
        client.force_login(user)
    return user


POSTS = {
    "note": {"body": "Nieuwe notitie van vandaag"},
    "note_delete": {},
    "action": {"description": "Offerte nabellen", "owner": ""},
    "action_done": {"gedaan": "1"},
}


@pytest.mark.parametrize("who", ["visitor", "member", "other_group"])
@pytest.mark.parametrize("endpoint", sorted(POSTS))
def test_outsiders_get_404_from_every_notes_endpoint(client, space, staff_manager, who, endpoint):
    _login(client, space, who, staff_manager)
    url = space["urls"][endpoint]
    for response in (client.get(url), client.post(url, POSTS[endpoint])):
        assert response.status_code == 404, (who, endpoint)
        assert b"Geheime" not in response.content
    assert client.get(space["base"]).status_code == 404
    # Nothing stored, nothing changed.
    assert SessionNote.objects.count() == 1
    assert SessionAction.objects.count() == 1
    assert SessionAction.objects.get().done is False


@pytest.mark.parametrize("who", ["participant", "facilitator"])
def test_group_writes_notes_and_actions(client, space, staff_manager, who):
    user = _login(client, space, who, staff_manager)
    body = client.get(space["base"]).content.decode()
    assert "Geheime notitie" in body and "Geheime actie" in body
    assert "Aantekening opslaan" in body
    response = client.post(
        space["urls"]["note"], {"body": "<script>alert(1)</script>Klant <b>eerst</b> bellen"}
    )
    assert response.status_code == 302
    note = SessionNote.objects.latest("pk")
    assert note.author == user and note.body == "Klant eerst bellen"
    owner = space["members"][0]
    response = client.post(
        space["urls"]["action"], {"description": "Offerte <i>nabellen</i>", "owner": owner.pk}
    )
    assert response.status_code == 302
    action = SessionAction.objects.latest("pk")
    assert (action.description, action.owner, action.created_by) == (
        "Offerte nabellen",
        owner,
        user,
    )
    response = client.post(space["urls"]["action_done"], {"gedaan": "1"})
    assert response.status_code == 302
    done = SessionAction.objects.get(pk=space["action"].pk)
    assert done.done and done.done_at is not None
    client.post(space["urls"]["action_done"], {"gedaan": "0"})
    assert SessionAction.objects.get(pk=space["action"].pk).done is False


def test_manager_reads_but_does_not_write(client, space, staff_manager):
    client.force_login(staff_manager)
    response = client.get(space["base"])
    body = response.content.decode()
    assert "Geheime notitie" in body and "Geheime actie" in body
    assert "Aantekening opslaan" not in body
    assert "no-store" in response["Cache-Control"]
    for name in ("note", "action", "action_done", "note_delete"):
        response = client.post(space["urls"][name], POSTS[name])
        assert response.status_code == 403, name
        assert "Alleen de deelnemers en de begeleider" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    assert SessionNote.objects.count() == 1 and SessionAction.objects.count() == 1


def test_bad_input_gets_400_and_stores_nothing(client, space):
    client.force_login(space["members"][0])
    urls = space["urls"]
    assert client.post(urls["note"], {"body": ""}).status_code == 400
    response = client.post(urls["note"], {"body": "x" * 1001})
    assert response.status_code == 400
    assert "hooguit 1000" in response.content.decode() or "1000 tekens" in response.content.decode()
    # An owner from another group, or not a number.
    other = space["other_member"].pk
    assert client.post(urls["action"], {"description": "Bellen", "owner": other}).status_code == 400
    assert client.post(urls["action"], {"description": "Bellen", "owner": "x"}).status_code == 400
    assert client.post(urls["action"], {"description": ""}).status_code == 400
    assert client.post(urls["action_done"], {"gedaan": "ja"}).status_code == 400
    assert SessionNote.objects.count() == 1 and SessionAction.objects.count() == 1
    assert SessionAction.objects.get().done is False


def test_guessing_ids_of_another_group_gives_404(client, space):
    client.force_login(space["members"][0])
    base = space["base"]
    other_session = space["other_session"]
    # A session of another group under this group's URL.
    assert (
        client.post(base + f"sessie/{other_session.pk}/aantekening/", POSTS["note"]).status_code
        == 404
    )
    other_note = SessionNote.objects.create(session=other_session, body="Van de andere groep")
    other_action = SessionAction.objects.create(session=other_session, description="Andere actie")
    assert client.post(base + f"aantekening/{other_note.pk}/verwijderen/").status_code == 404
    assert client.post(base + f"actie/{other_action.pk}/", {"gedaan": "1"}).status_code == 404
    assert SessionNote.objects.filter(pk=other_note.pk).exists()
    assert SessionAction.objects.get(pk=other_action.pk).done is False
    assert b"Van de andere groep" not in client.get(base).content


def test_only_the_author_or_facilitator_removes_a_note(client, space):
    client.force_login(space["members"][1])
    response = client.post(space["urls"]["note_delete"])
    assert response.status_code == 403
    assert SessionNote.objects.filter(pk=space["note"].pk).exists()
    client.force_login(space["facilitator"])
    assert client.post(space["urls"]["note_delete"]).status_code == 302
    assert not SessionNote.objects.filter(pk=space["note"].pk).exists()


def test_a_participant_who_left_can_no_longer_write(space):
    member = space["members"][2]
    services.leave(member, space["group"])
    with pytest.raises(CommunityError) as refused:
        services.add_note(member, space["session"], body="Nog even dit")
    assert refused.value.status == 404


def test_notes_and_actions_stay_out_of_search_and_feeds(client, space):
    client.force_login(space["members"][0])
    for query, secret in (("notitie", b"Geheime notitie"), ("actie", b"Geheime actie")):
        response = client.get("/zoeken/", {"q": query})
        assert response.status_code == 200
        assert secret not in response.content
    sitemap = client.get("/sitemap.xml")
    assert b"/groep/" not in sitemap.content


def test_group_space_with_notes_and_actions_keeps_its_query_count(
    client, space, django_assert_max_num_queries
):
    client.force_login(space["members"][0])
    client.get(space["base"])
    with django_assert_max_num_queries(40) as few:
        client.get(space["base"])
    session = space["session"]
    for n in range(3):
        start = session.starts_at + timedelta(days=30 * (n + 1))
        extra = services.schedule_session(
            space["group"], starts_at=start, ends_at=start + timedelta(hours=2)
        )
        for member in space["members"]:
            SessionNote.objects.create(session=extra, author=member, body=f"Notitie {n}")
            SessionAction.objects.create(session=extra, description=f"Actie {n}", owner=member)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(space["base"])
    assert response.content.decode().count("Notitie 2") == 3


def test_notes_and_actions_are_in_the_export_and_erased_with_the_account(space):
    from community.intervision.privacy import erase_intervision, export_intervision

    author, owner = space["members"][0], space["members"][1]
    data = export_intervision(author)
    assert [n["tekst"] for n in data["aantekeningen"]] == ["Geheime notitie"]
    assert [a["actie"] for a in export_intervision(owner)["acties"]] == ["Geheime actie"]
    erase_intervision(author, keep_content=True)
    erase_intervision(owner, keep_content=True)
    assert not SessionNote.objects.exists() and not SessionAction.objects.exists()
