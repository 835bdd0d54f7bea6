"""What the site search must never find: members-only, hidden or deleted discussions,
intervision content, drafts, restricted pages, experiences that are not on the website (nor by
the name of who shared them), and anything of another region."""

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from community.intervision.models import IntervisionGroup
from community.models import Thread
from loket.core.models import HomePage, StandardPage
from testimonials.models import Experience
from tests.factories import (
    CommunityPageFactory,
    EventPageFactory,
    ExperienceFactory,
    MemberFactory,
)
from tests.factories.pages import publish

pytestmark = pytest.mark.django_db

WORD = "kwartaalcijfers"


def _found(client, query=WORD, **extra):
    response = client.get("/zoeken/", {"q": query}, **extra)
    assert response.status_code == 200
    return response.text


def _thread(community, title, **fields):
    return Thread.objects.create(
        community=community, author=MemberFactory(), title=title, body=f"Over {WORD}.", **fields
    )


def test_only_public_visible_discussions_are_found(client, region):
    public = CommunityPageFactory(title="Open groep", slug="open-groep", is_public=True)
    members_only = CommunityPageFactory(title="Besloten", slug="besloten", is_public=False)
    _thread(public, "Open vraag over de cijfers")
    _thread(members_only, "Besloten vraag over de cijfers")
    _thread(public, "Verborgen vraag", is_hidden=True)
    _thread(public, "Verwijderde vraag", deleted_at=timezone.now())
    _thread(public, "Vraag in behandeling", pending_review=True)

    html = _found(client)
    assert "Open vraag over de cijfers" in html
    for secret in ("Besloten vraag", "Verborgen vraag", "Verwijderde vraag", "in behandeling"):
        assert secret not in html


def test_a_community_made_members_only_takes_its_discussions_out(client, region):
    community = CommunityPageFactory(title="Eerst open", slug="eerst-open", is_public=True)
    _thread(community, "Vraag van toen het open was")
    assert "Vraag van toen het open was" in _found(client)
    community.is_public = False
    community.save_revision().publish()
    assert "Vraag van toen het open was" not in _found(client)


def test_restricted_and_unpublished_pages_are_never_found(client, region):
    draft = EventPageFactory(title=f"Concept over {WORD}", slug="concept", publish=False)
    assert not draft.live
    locked = publish(region, StandardPage(title=f"Alleen leden: {WORD}", slug="leden"))
    PageViewRestriction.objects.create(page=locked, restriction_type=PageViewRestriction.LOGIN)
    unpublished = publish(region, StandardPage(title=f"Ingetrokken: {WORD}", slug="weg"))
    unpublished.unpublish()

    html = _found(client)
    assert "Concept over" not in html
    assert "Alleen leden" not in html
    assert "Ingetrokken" not in html
    assert "We vonden niets" in html


def test_intervision_content_is_never_found(client, region, theme):
    IntervisionGroup.objects.create(
        title=f"Intervisiegroep {WORD}",
        description=f"We bespreken elkaars {WORD} in vertrouwen.",
        theme=theme,
        province="utrecht",
        status="oprichting",
    )
    html = _found(client)
    assert "Intervisiegroep" not in html
    assert "We vonden niets" in html


def test_experiences_only_while_on_the_website_and_never_by_name(client, region):
    shown = ExperienceFactory(quote=f"Mijn {WORD} kloppen eindelijk.")
    waiting = ExperienceFactory(quote=f"Nog niet goedgekeurd: {WORD}.", is_public=False)
    ExperienceFactory(quote=f"Privé-feedback over {WORD}.", score=3, is_public=False)
    html = _found(client)
    assert shown.quote in html
    assert "Nog niet goedgekeurd" not in html
    assert "Privé-feedback" not in html

    # Consent withdrawn: the flag changes by update(), without a save; still gone at once.
    Experience.objects.filter(pk=shown.pk).update(is_public=False)
    assert shown.quote not in _found(client)
    Experience.objects.filter(pk=waiting.pk).update(is_public=True)
    assert "Nog niet goedgekeurd" in _found(client)

    # Found by what it says, never by who said it (the display mode may hide the name).
    assert "Pieter Zonnebloem" not in _found(client, "Zonnebloem")
    assert "We vonden niets" in _found(client, "Zonnebloem")


def test_another_region_is_never_found(client, region, root_page):
    other_home = root_page.add_child(
        instance=HomePage(title="Regio Zwolle", slug="zwolle", hero_title="Welkom in Zwolle")
    )
    Site.objects.create(hostname="zwolle.example", root_page=other_home)
    other_home.add_child(instance=StandardPage(title=f"Zwolse {WORD}", slug="zwolse"))
    publish(region, StandardPage(title=f"Utrechtse {WORD}", slug="utrechtse"))

    html = _found(client)
    assert "Utrechtse" in html and "Zwolse" not in html
    html = _found(client, HTTP_HOST="zwolle.example")
    assert "Zwolse" in html and "Utrechtse" not in html


@pytest.fixture
def root_page(db):
    from wagtail.models import Page

    return Page.get_first_root_node()
