"""What the site search finds follows what anyone may see at once, with no reindexing run: a
community made public later brings its discussions in, one made members-only takes them out; a
page published or restricted later, an experience approved or whose consent is withdrawn, and an
edited discussion are found (or gone) on the next search. Runs on SQLite and PostgreSQL alike
(the index of each backend is what is tested)."""

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from community.models import Membership, Thread
from community.services import discussions
from loket.core.models import StandardPage
from testimonials.services import consent, moderation
from tests.factories import CommunityPageFactory, ExperienceFactory, MemberFactory
from tests.factories.pages import publish

pytestmark = pytest.mark.django_db

WORD = "loonkostensubsidie"


def _found(client, query=WORD):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    return response.text


def test_a_community_made_public_later_brings_its_discussions_in_at_once(client, region):
    community = CommunityPageFactory(title="Eerst besloten", slug="eerst-besloten", is_public=False)
    Thread.objects.create(
        community=community,
        author=MemberFactory(),
        title="Vraag uit de besloten tijd",
        body=f"<p>Wie kreeg de {WORD}?</p>",
    )
    assert "Vraag uit de besloten tijd" not in _found(client)

    community.is_public = True
    community.save_revision().publish()
    assert "Vraag uit de besloten tijd" in _found(client)

    community.is_public = False
    community.save_revision().publish()
    assert "Vraag uit de besloten tijd" not in _found(client)


def test_an_unpublished_community_takes_its_discussions_out_and_back(client, region):
    community = CommunityPageFactory(title="Open groep", slug="open-groep", is_public=True)
    Thread.objects.create(
        community=community,
        author=MemberFactory(),
        title="Een open vraag",
        body=f"<p>Over de {WORD}.</p>",
    )
    assert "Een open vraag" in _found(client)
    community.unpublish()
    assert "Een open vraag" not in _found(client)
    community.refresh_from_db()
    community.save_revision().publish()
    assert "Een open vraag" in _found(client)


def test_an_edited_discussion_is_found_by_its_new_words(client, region):
    community = CommunityPageFactory(title="Open groep", slug="open-groep", is_public=True)
    author = MemberFactory()
    Membership.objects.create(
        member=author, community=community, status="lid", joined_at=timezone.now()
    )
    thread = Thread.objects.create(
        community=community,
        author=author,
        title="Een vraag over loon",
        body="<p>Eerste versie.</p>",
    )
    assert "Een vraag over loon" not in _found(client)
    discussions.edit_post(thread, author, body=f"Wie weet meer van de {WORD}?")
    assert "Een vraag over loon" in _found(client)


def test_a_page_published_later_or_restricted_later_is_found_or_gone_at_once(client, region):
    draft = StandardPage(title=f"Alles over {WORD}", slug="alles-over", live=False)
    region.add_child(instance=draft)
    draft.save_revision()  # a draft: not live
    assert "Alles over" not in _found(client)

    draft.save_revision().publish()
    assert "Alles over" in _found(client)

    PageViewRestriction.objects.create(page=draft, restriction_type=PageViewRestriction.LOGIN)
    assert "Alles over" not in _found(client)


def test_an_experience_approved_later_and_then_withdrawn(client, region):
    experience = ExperienceFactory(
        quote=f"De {WORD} maakte mijn eerste medewerker mogelijk.",
        status="nieuw",
        is_public=False,
        approved_at=None,
    )
    consent.record_consent(experience, ["website"])
    assert "eerste medewerker" not in _found(client)

    moderation.approve(experience, by=None)
    assert "eerste medewerker" in _found(client)

    consent.withdraw_consent(experience)
    assert "eerste medewerker" not in _found(client)


def test_a_page_unpublished_and_published_again(client, region):
    page = publish(region, StandardPage(title=f"Weer terug: {WORD}", slug="weer-terug"))
    assert "Weer terug" in _found(client)
    page.unpublish()
    assert "Weer terug" not in _found(client)
    page.refresh_from_db()
    page.save_revision().publish()
    assert "Weer terug" in _found(client)
