"""The questions radar: "ik ook", the staff view per region and nationally, what staff may see
of private communities, the manager's steps from a question and the quarterly export."""

import csv
import io
from datetime import timedelta
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Site

from community.models import (
    CommunityIndexPage,
    FaqPage,
    Membership,
    ModerationAction,
    QuestionMark,
    Reply,
    Thread,
    TopicProposal,
)
from community.models.discussions import ThreadKind
from community.privacy import erase_communities, export_communities
from community.services import CommunityError, radar, radar_actions
from community.services.radar_report import Quarter, quarter_figures, shown
from community.services.terms import rising_terms, terms_of
from loket.accounts.services.roles import region_groups
from loket.themes.models import Theme
from tests.factories import CommunityPageFactory, MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

RADAR = "/admin/vragenradar/"


def _region(name, host):
    call_command("create_region", "--name", name, "--hostname", host, stdout=StringIO())
    return Site.objects.get(hostname=host)


@pytest.fixture
def regions(db):
    return {
        "utrecht": _region("Regio Utrecht", "utrecht.localhost"),
        "gelderland": _region("Regio Gelderland", "gelderland.localhost"),
    }


def _community_in(site, **fields):
    index = CommunityIndexPage.objects.child_of(site.root_page).get()
    community = CommunityPageFactory(parent=index, **fields)
    return community


@pytest.fixture
def themes(db):
    return list(Theme.objects.order_by("pk")[:2])


@pytest.fixture
def world(regions, themes):
    """A public and a private community in Utrecht, a public one in Gelderland."""
    public = _community_in(regions["utrecht"], title="Groeien met personeel", is_public=True)
    private = _community_in(regions["utrecht"], title="Ondernemen in zwaar weer")
    elsewhere = _community_in(regions["gelderland"], title="Gelderse bouwers", is_public=True)
    for community, theme in ((public, themes[0]), (private, themes[1]), (elsewhere, themes[0])):
        community.themes.set([theme])
        community.save()  # a page's ParentalManyToMany rows are written on save
    return {"public": public, "private": private, "elsewhere": elsewhere}


def _member_of(community, role=Membership.Role.MEMBER, user=None):
    user = user or MemberFactory()
    MembershipFactory(member=user, community=community, status="lid", role=role)
    return user


def _question(community, title, *, author=None, days_ago=1, body=None):
    author = author or _member_of(community)
    when = timezone.now() - timedelta(days=days_ago)
    return Thread.objects.create(
        community=community,
        author=author,
        kind=ThreadKind.QUESTION,
        title=title,
        body=f"<p>{body or title}</p>",
        created_at=when,
        last_activity_at=when,
    )


def _host(thread):
    """The thread's region host: a test client request goes to that site's tree."""
    return {"HTTP_HOST": thread.community.get_site().hostname}


def _staff(site, role="communitymanager"):
    user = MemberFactory()
    user.groups.add(region_groups(site)[role])
    return user


@pytest.fixture
def manager_utrecht(regions):
    return _staff(regions["utrecht"])


@pytest.fixture
def agenda(regions):
    from events.models import EventIndexPage

    return EventIndexPage.objects.child_of(regions["utrecht"].root_page).get()


# "Ik ook" -------------------------------------------------------------------------------------


def test_a_member_says_ik_ook_and_takes_it_back_on_the_thread_page(client, world):
    community = world["public"]
    thread = _question(community, "Hoe vind ik een goede monteur?")
    member = _member_of(community)
    client.force_login(member)
    url = thread.get_url()

    host = _host(thread)
    response = client.post(f"{url}ik-ook/", **host)
    assert response.status_code == 303
    assert QuestionMark.objects.filter(thread=thread, member=member).count() == 1
    page = client.get(url, **host).content.decode()
    assert "1 ondernemer wil dit ook weten" in page
    assert "Ik ook ✓" in page

    client.post(f"{url}ik-ook/", **host)  # a second click on "ik ook" keeps one mark
    assert QuestionMark.objects.filter(thread=thread).count() == 1
    client.post(f"{url}ik-ook/", {"actie": "weghalen"}, **host)
    assert not QuestionMark.objects.filter(thread=thread).exists()


def test_ik_ook_is_for_members_on_someone_elses_question(client, world):
    community = world["public"]
    asker = _member_of(community)
    thread = _question(community, "Hoe vind ik een goede monteur?", author=asker)
    outsider = MemberFactory()

    client.force_login(outsider)
    response = client.post(f"{thread.get_url()}ik-ook/", **_host(thread))
    assert response.status_code == 403
    assert "Word lid" in response.content.decode()

    client.force_login(asker)
    response = client.post(f"{thread.get_url()}ik-ook/", **_host(thread))
    assert response.status_code == 400
    assert "eigen vraag" in response.content.decode()

    tip = _question(community, "Mijn tip voor werving")
    Thread.objects.filter(pk=tip.pk).update(kind=ThreadKind.TIP)
    client.force_login(_member_of(community))
    assert client.post(f"{tip.get_url()}ik-ook/", **_host(tip)).status_code == 400
    assert not QuestionMark.objects.exists()


def test_ik_ook_is_in_the_members_export_and_goes_with_the_account(world):
    community = world["public"]
    thread = _question(community, "Hoe vind ik een goede monteur?")
    member = _member_of(community)
    radar_actions.mark_question(thread, member)
    exported = export_communities(member)["ik_ook"]
    assert [row["vraag"] for row in exported] == ["Hoe vind ik een goede monteur?"]
    erase_communities(member, keep_content=True)
    assert not QuestionMark.objects.filter(member=member).exists()


# Who sees the radar, and of which region -------------------------------------------------------


def test_a_regional_manager_sees_the_own_region_only(client, world, manager_utrecht):
    _question(world["public"], "Personeel vinden in Utrecht")
    _question(world["elsewhere"], "Personeel vinden in Gelderland")
    client.force_login(manager_utrecht)
    page = client.get(RADAR).content.decode()
    assert "Personeel vinden in Utrecht" in page
    assert "Personeel vinden in Gelderland" not in page
    assert "1 nieuwe vraag" in page

    other = Thread.objects.get(title="Personeel vinden in Gelderland")
    assert client.get(f"{RADAR}vraag/{other.pk}/").status_code == 404


def test_national_staff_see_every_region_and_can_pick_one(client, world, regions):
    _question(world["public"], "Personeel vinden in Utrecht")
    _question(world["elsewhere"], "Personeel vinden in Gelderland")
    national = MemberFactory()
    national.groups.add(MembershipGroup.national())
    client.force_login(national)
    page = client.get(RADAR).content.decode()
    assert "Personeel vinden in Utrecht" in page and "Personeel vinden in Gelderland" in page
    page = client.get(RADAR, {"regio": regions["gelderland"].pk}).content.decode()
    assert "Personeel vinden in Utrecht" not in page and "Personeel vinden in Gelderland" in page


class MembershipGroup:
    @staticmethod
    def national():
        from django.contrib.auth.models import Group

        return Group.objects.get(name="Communitymanagers")


def test_the_radar_is_not_for_members_or_communications_staff(client, world, regions):
    _question(world["public"], "Personeel vinden in Utrecht")
    for user in (_member_of(world["public"]), _staff(regions["utrecht"], "communicatie")):
        client.force_login(user)
        response = client.get(RADAR)
        # Wagtail sends a signed-in user without the permission back to the dashboard.
        assert response.status_code in (302, 403)
        assert "Personeel vinden" not in response.content.decode()


def test_a_wrong_period_is_a_clear_400(client, world, manager_utrecht):
    client.force_login(manager_utrecht)
    for value in ("5", "abc", "-1"):
        response = client.get(RADAR, {"weken": value})
        assert response.status_code == 400
        assert "Kies een periode" in response.content.decode()


# Private content is counted, never shown -----------------------------------------------------


def test_staff_outside_a_private_community_see_the_count_and_theme_not_the_text(
    client, world, manager_utrecht, themes
):
    secret = _question(
        world["private"],
        "Mijn bank zegt mijn krediet op na de brand",
        body="Vertrouwelijk: de brand bij Bakkerij Jansen",
    )
    QuestionMark.objects.create(thread=secret, member=_member_of(world["private"]))
    client.force_login(manager_utrecht)
    page = client.get(RADAR).content.decode()
    assert "Mijn bank zegt mijn krediet op" not in page
    assert "Bakkerij Jansen" not in page
    assert "Vraag in een besloten community" in page
    assert themes[1].name in page  # the theme is counted and shown
    assert "1 nieuwe vraag" in page

    response = client.get(f"{RADAR}vraag/{secret.pk}/")
    assert response.status_code == 403
    assert "Mijn bank" not in response.content.decode()

    scope = radar.radar_scope(manager_utrecht)
    for step in (
        lambda: radar_actions.answer_as_desk(secret, manager_utrecht, scope, "Bel ons gerust."),
        lambda: radar_actions.make_proposal(secret, manager_utrecht, scope),
        lambda: radar_actions.invite_expert(
            secret, manager_utrecht, scope, name="Anna", email="anna@example.com"
        ),
    ):
        with pytest.raises(CommunityError) as refused:
            step()
        assert refused.value.code == "forbidden"
    assert not Reply.objects.exists() and not TopicProposal.objects.exists()


def test_a_manager_who_is_a_member_of_the_private_community_reads_it(
    client, world, manager_utrecht
):
    _member_of(world["private"], Membership.Role.MANAGER, user=manager_utrecht)
    secret = _question(world["private"], "Mijn bank zegt mijn krediet op na de brand")
    client.force_login(manager_utrecht)
    assert "Mijn bank zegt mijn krediet op" in client.get(RADAR).content.decode()
    assert client.get(f"{RADAR}vraag/{secret.pk}/").status_code == 200


def test_a_superuser_outside_the_private_community_does_not_read_it(client, world, regions):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    secret = _question(world["private"], "Mijn bank zegt mijn krediet op na de brand")
    client.force_login(admin)
    assert "Mijn bank" not in client.get(RADAR).content.decode()
    assert client.get(f"{RADAR}vraag/{secret.pk}/").status_code == 403


def test_rising_terms_need_three_askers_and_private_words_of_one_member_never_show(
    client, world, manager_utrecht
):
    asker = _member_of(world["private"])
    for n in range(4):
        _question(world["private"], f"Zorgverzekering van Bakkerij Jansen deel {n}", author=asker)
    for n in range(3):
        _question(world["public"], f"Energieprijzen stijgen weer {n}", days_ago=n + 1)
    _question(world["public"], "Energieprijzen vorig jaar", days_ago=60)
    client.force_login(manager_utrecht)
    page = client.get(RADAR).content.decode()
    assert "energieprijzen" in page
    assert "bakkerij" not in page.lower() and "jansen" not in page.lower()


def test_terms_are_dutch_words_without_stop_words():
    found = terms_of("Hoe vind ik een goede monteur voor mijn bedrijf?")
    assert found == {"vind", "monteur", "bedrijf"}
    current = [("energieprijzen stijgen", 1), ("energieprijzen hoog", 2), ("energieprijzen", 3)]
    previous = [("energieprijzen", 4)]
    (term,) = rising_terms(current, previous)
    assert (term.term, term.now, term.before) == ("energieprijzen", 3, 1)
    assert rising_terms(current, previous * 3) == []  # not rising


# The manager's steps -------------------------------------------------------------------------


def test_answer_as_the_desk_marks_the_reply_and_the_question_is_answered(
    client, world, manager_utrecht
):
    thread = _question(world["public"], "Hoe vind ik een goede monteur?")
    client.force_login(manager_utrecht)
    assert "1 vraag nog zonder antwoord" in client.get(RADAR).content.decode()
    response = client.post(
        f"{RADAR}vraag/{thread.pk}/", {"actie": "antwoord", "body": "Bel ons: we helpen zoeken."}
    )
    assert response.status_code == 302
    reply = Reply.objects.get(thread=thread)
    assert reply.from_desk and reply.author == manager_utrecht
    assert "Namens het loket" in client.get(thread.get_url(), **_host(thread)).content.decode()
    assert "0 vragen nog zonder antwoord" in client.get(RADAR).content.decode()
    assert ModerationAction.objects.filter(action="loket-antwoord", thread=thread).exists()

    response = client.post(f"{RADAR}vraag/{thread.pk}/", {"actie": "antwoord", "body": "  "})
    assert response.status_code == 400
    assert Reply.objects.filter(thread=thread).count() == 1


def test_inviting_an_expert_sends_one_mail_with_a_link(client, world, manager_utrecht, outbox):
    thread = _question(world["public"], "Hoe vind ik een goede monteur?")
    client.force_login(manager_utrecht)
    data = {"actie": "expert", "name": "Anna de Wit", "email": "anna@uwv.example", "note": ""}
    assert client.post(f"{RADAR}vraag/{thread.pk}/", data).status_code == 302
    assert client.post(f"{RADAR}vraag/{thread.pk}/", data).status_code == 302
    (mail,) = outbox(to="anna@uwv.example")
    assert "Hoe vind ik een goede monteur?" in mail.text
    assert thread.get_full_url() in mail.text

    bad = client.post(f"{RADAR}vraag/{thread.pk}/", {**data, "email": "geen-adres"})
    assert bad.status_code == 400
    assert len(outbox()) == 1


def test_a_question_becomes_one_proposal_and_then_a_draft_meetup(
    client, world, manager_utrecht, agenda
):
    thread = _question(world["public"], "Hoe vind ik een goede monteur?")
    client.force_login(manager_utrecht)
    client.post(f"{RADAR}vraag/{thread.pk}/", {"actie": "voorstel"})
    client.post(f"{RADAR}vraag/{thread.pk}/", {"actie": "voorstel"})
    proposal = TopicProposal.objects.get(source_thread=thread)
    assert proposal.community == world["public"]

    response = client.post(f"{RADAR}vraag/{thread.pk}/", {"actie": "bijeenkomst"})
    assert response.status_code == 302, [str(m) for m in response.context["messages"]]
    proposal.refresh_from_db()
    assert response.status_code == 302 and proposal.event is not None
    assert not proposal.event.live and proposal.event.get_parent().pk == agenda.pk
    again = client.post(f"{RADAR}vraag/{thread.pk}/", {"actie": "bijeenkomst"})
    assert again.status_code == 409
    assert "al een bijeenkomst" in again.content.decode()


def test_a_question_goes_onto_the_faq_page_as_a_draft(client, world, manager_utrecht, regions):
    thread = _question(world["public"], "Hoe vind ik een goede monteur?")
    faq = FaqPage.objects.child_of(regions["utrecht"].root_page).get()
    published = len(faq.questions)
    client.force_login(manager_utrecht)
    response = client.post(
        f"{RADAR}vraag/{thread.pk}/",
        {
            "actie": "faq",
            "page": faq.pk,
            "question": "Hoe vind ik een monteur?",
            "answer": "Via het regionale werkgeversservicepunt.",
        },
    )
    assert response.status_code == 302
    faq.refresh_from_db()
    assert len(faq.questions) == published  # the live page waits for an editor
    draft = faq.get_latest_revision_as_object()
    assert draft.questions[-1].value["question"] == "Hoe vind ik een monteur?"
    assert faq.has_unpublished_changes

    other = FaqPage.objects.child_of(regions["gelderland"].root_page).get()
    response = client.post(
        f"{RADAR}vraag/{thread.pk}/",
        {"actie": "faq", "page": other.pk, "question": "Hoe vind ik een monteur?", "answer": "x"},
    )
    assert response.status_code == 400


def test_an_unknown_step_is_refused(client, world, manager_utrecht):
    thread = _question(world["public"], "Hoe vind ik een goede monteur?")
    client.force_login(manager_utrecht)
    response = client.post(f"{RADAR}vraag/{thread.pk}/", {"actie": "wissen"})
    assert response.status_code == 400
    assert "Kies wat je" in response.content.decode()


# The quarterly export -------------------------------------------------------------------------


def test_the_quarter_export_is_anonymous_aggregated_and_formula_safe(
    client, world, manager_utrecht, themes
):
    quarter = Quarter.current()
    Theme.objects.filter(pk=themes[0].pk).update(name="=HYPERLINK(1)")
    days = (timezone.now() - quarter.start).days
    for n in range(6):
        _question(world["public"], f"Vraag over personeel {n}", days_ago=min(n, days))
    _question(world["private"], "Een besloten vraag", days_ago=0)
    client.force_login(manager_utrecht)
    response = client.get(f"{RADAR}kwartaalcijfers/", {"kwartaal": str(quarter), "formaat": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["kwartaal", "regio", "thema"]
    by_theme = {row[2]: row for row in rows[1:]}
    assert "'=HYPERLINK(1)" in by_theme  # a formula in a theme name is defused
    assert by_theme["'=HYPERLINK(1)"][3] == "6"
    assert by_theme[themes[1].name][3] == "<5"
    assert "Een besloten vraag" not in response.content.decode()

    page = client.get(f"{RADAR}kwartaalcijfers/", {"kwartaal": str(quarter)})
    assert page.status_code == 200 and "Vragen uit de communities" in page.content.decode()
    bad = client.get(f"{RADAR}kwartaalcijfers/", {"kwartaal": "2026-7"})
    assert bad.status_code == 400 and "Kies een kwartaal" in bad.content.decode()


def test_small_counts_are_hidden():
    assert [shown(n) for n in (0, 1, 4, 5)] == ["0", "<5", "<5", "5"]


# A constant number of queries ----------------------------------------------------------------


def _fill(world, n):
    for i in range(n):
        community = world["private"] if i % 2 else world["public"]
        thread = _question(community, f"Vraag {i} over energieprijzen", days_ago=i % 20)
        QuestionMark.objects.create(thread=thread, member=_member_of(community))


def test_the_radar_takes_the_same_queries_for_few_and_many_questions(
    client, world, manager_utrecht, django_assert_max_num_queries
):
    client.force_login(manager_utrecht)
    _fill(world, 3)
    client.get(RADAR)  # warm the session and permission caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(RADAR).status_code == 200
    _fill(world, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(RADAR).status_code == 200


def test_quarter_figures_take_the_same_queries_for_few_and_many(
    world, manager_utrecht, django_assert_num_queries
):
    scope = radar.radar_scope(manager_utrecht)
    _fill(world, 2)
    with django_assert_num_queries(2):
        quarter_figures(scope, Quarter.current())
    _fill(world, 30)
    with django_assert_num_queries(2):
        quarter_figures(scope, Quarter.current())
