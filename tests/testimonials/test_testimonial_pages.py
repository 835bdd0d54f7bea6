"""What the public sees: /ervaringen/ with filters, the registry listings on theme, home and
event pages, the block, cases with their journey, ambassadors, and withdrawal everywhere."""

import pytest

from django.utils import timezone

from loket.core import registry
from testimonials import services
from testimonials.models import Ambassador, CasePage, Channel

pytestmark = pytest.mark.django_db

INDEX = "/ervaringen/"


def test_the_index_shows_only_approved_experiences_with_website_consent(
    client, index, published, share
):
    shown = published(quote="Dit mag iedereen lezen.")
    published(quote="Alleen voor het magazine.", channels=[Channel.MAGAZINE])
    share(quote="Nog niet beoordeeld.")
    share(quote="Te laag cijfer.", score=3)

    content = client.get(INDEX).content.decode()
    assert shown.quote in content
    assert "Sanne de Vries, Bakkerij De Vries" in content
    for hidden in ("Alleen voor het magazine.", "Nog niet beoordeeld.", "Te laag cijfer."):
        assert hidden not in content
    assert "Gemiddeld een <strong>9,0</strong>" in content
    assert "Deel mijn ervaring" in content


def test_the_byline_follows_the_chosen_display_mode(client, index, published):
    published(quote="Met voornaam.", display_mode="voornaam")
    published(quote="Helemaal anoniem.", display_mode="anoniem")
    content = client.get(INDEX).content.decode()
    assert "Sanne, industrie" in content
    assert "Een ondernemer" in content
    assert content.count("Bakkerij De Vries") == 0


def test_filters_by_theme_and_kind(client, index, bulk_public, theme, other_theme, event):
    bulk_public(2, theme=theme)
    marketing = bulk_public(1, theme=other_theme, subject_kind="bijeenkomst", event=event)[0]

    content = client.get(INDEX, {"thema": "marketing"}).content.decode()
    assert "1 ervaring gevonden" in content
    assert marketing.quote in content
    content = client.get(INDEX, {"soort": "bijeenkomst"}).content.decode()
    assert "1 ervaring gevonden" in content
    assert event.title in content
    content = client.get(INDEX, {"thema": "financien", "soort": "bijeenkomst"}).content.decode()
    assert "0 ervaringen gevonden" in content


def test_an_unknown_filter_is_skipped_with_a_message(client, index, bulk_public):
    bulk_public(3)
    response = client.get(INDEX, {"thema": "bestaat-niet", "soort": "<script>"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "overgeslagen" in content
    assert "3 ervaringen gevonden" in content
    assert "<script>" not in content


def test_the_index_is_paginated(client, index, bulk_public):
    bulk_public(30)
    first = client.get(INDEX).content.decode()
    assert "Pagina 1 van 3" in first
    assert client.get(INDEX, {"pagina": "3"}).status_code == 200
    assert client.get(INDEX, {"pagina": "999"}).status_code == 200
    assert client.get(INDEX, {"pagina": "abc"}).status_code == 200


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_index_keeps_a_constant_number_of_queries(
    client, index, bulk_public, make_case, published, theme
):
    Ambassador.objects.create(
        name="Yasmina Bouali",
        slug="yasmina",
        company="Bouali Schoonmaak",
        quote="Ondernemen doe je samen.",
        consent_text="Akkoord met tonen op de website.",
        consent_at=timezone.now(),
    ).themes.set([theme])
    make_case([published()])
    bulk_public(10)
    client.get(INDEX)  # warm up the site and settings caches
    ten = _count_queries(client, INDEX)
    bulk_public(50)
    sixty = _count_queries(client, INDEX)
    print(f"/ervaringen/: {ten} queries with 10 experiences, {sixty} with 60")
    assert ten == sixty
    assert sixty < 30


def test_theme_page_home_page_and_event_page_listings(
    client, index, theme_index, published, theme, event
):
    experience = published(quote="Over mijn cashflow.", subject_kind="bijeenkomst", event=event)

    theme_page = client.get(f"/themas/{theme.slug}/").content.decode()
    assert "Ervaringen van ondernemers" in theme_page
    assert experience.quote in theme_page
    assert "Gemiddeld een <strong>9,0</strong>, uit 1 ervaring" in theme_page

    home = client.get("/").content.decode()
    assert experience.quote in home

    [listing] = [
        listing
        for listing in registry.collect("by_event", event=event, limit=3)
        if listing.name == "testimonials"
    ]
    assert listing.items == [experience]


def test_withdrawing_consent_removes_it_from_every_public_place(
    client, index, theme_index, published, make_case, theme
):
    experience = published(quote="Dit verhaal trek ik straks in.")
    other = published(quote="Dit verhaal blijft staan.")
    holder = make_case(
        [other],
        title="Een case met een blok",
        block={
            "heading": "Wat anderen zeggen",
            "source": "chosen",
            "experiences": [experience.pk, other.pk],
            "theme": None,
            "count": 3,
        },
    )
    case = make_case([experience], title="De case van het ingetrokken verhaal")
    places = [INDEX, f"/themas/{theme.slug}/", "/", holder.url]
    for url in places:
        assert experience.quote in client.get(url).content.decode(), url
    assert client.get(case.url).status_code == 200

    services.withdraw_consent(experience)

    for url in places:
        content = client.get(url).content.decode()
        assert experience.quote not in content, url
    assert other.quote in client.get(holder.url).content.decode()
    # The case built on it went offline, and the log says so.
    case.refresh_from_db()
    assert not case.live
    assert client.get(case.url).status_code == 404
    assert experience.log.filter(action="case_offline").exists()


def test_withdrawing_only_another_channel_keeps_the_case_online(published, make_case):
    experience = published(channels=[Channel.WEBSITE, Channel.PRINT])
    case = make_case([experience])
    services.withdraw_consent(experience, [Channel.PRINT])
    case.refresh_from_db()
    assert case.live


def test_a_case_cannot_go_live_on_an_experience_without_website_consent(share, make_case, index):
    experience = share()  # not approved
    case = make_case([experience])
    assert not CasePage.objects.get(pk=case.pk).live


def test_the_case_draws_the_journey_with_a_text_alternative(client, published, make_case):
    case = make_case([published()])
    content = client.get(case.url).content.decode()
    assert "<svg" in content and 'role="img"' in content
    assert "<polyline" in content
    # coordinates are never localised: "30,0" would be a broken drawing
    import re

    svg = content.split('class="journey"', 1)[1].split("</svg>", 1)[0]
    assert not re.search(r'(?:x|y|x1|x2|y1|y2|cx|cy)="\d+,\d', svg)
    assert "<title" in content and "Emotiecurve" in content
    # the same information as a table, readable without the drawing
    assert "Ik lag er wakker van." in content and "Bezorgd" in content
    assert "2 van 5" in content and "Behoefte" in content
    assert "De uitdaging" in content  # the section's default heading


def test_renamed_phases_show_their_new_name(client, published, make_case):
    from testimonials.models import JourneyPhase

    case = make_case([published()])
    JourneyPhase.objects.filter(name="Behoefte").update(name="Het probleem")
    assert "Het probleem" in client.get(case.url).content.decode()


def test_theme_block_shows_the_newest_of_a_theme(client, published, make_case, theme, other_theme):
    published(quote="Financiën één.")
    published(quote="Marketing één.", theme=other_theme)
    holder = make_case(
        [published(quote="Financiën twee.")],
        block={"heading": "", "source": "theme", "experiences": [], "theme": theme.pk, "count": 2},
    )
    content = client.get(holder.url).content.decode()
    assert "Financiën twee." in content and "Financiën één." in content
    assert "Marketing één." not in content


def test_a_page_with_a_block_keeps_a_constant_number_of_queries(
    client, bulk_public, make_case, published, theme
):
    holder = make_case(
        [published()],
        block={"heading": "", "source": "theme", "experiences": [], "theme": theme.pk, "count": 12},
    )
    bulk_public(2)
    client.get(holder.url)
    few = _count_queries(client, holder.url)
    bulk_public(40)
    many = _count_queries(client, holder.url)
    assert few == many


def test_ambassadors_without_consent_are_never_shown(client, index, theme):
    Ambassador.objects.create(
        name="Henk van der Meer",
        slug="henk",
        company="Van der Meer Installaties",
        quote="Ondernemen is geen solosport.",
        offer="Een gesprek over verduurzamen.",
        consent_text="Akkoord.",
        consent_at=timezone.now(),
    )
    Ambassador.objects.create(
        name="Geen Toestemming", slug="geen", company="X", quote="Nog niet akkoord."
    )
    for url in (INDEX, INDEX + "ambassadeurs/"):
        content = client.get(url).content.decode()
        assert "Henk van der Meer" in content and "Een gesprek over verduurzamen." in content
        assert "Geen Toestemming" not in content


def test_ambassador_consent_needs_its_text():
    from django.core.exceptions import ValidationError

    ambassador = Ambassador(
        name="A", slug="a", company="B", quote="C", consent_at=timezone.now(), consent_text=""
    )
    with pytest.raises(ValidationError):
        ambassador.full_clean()


def test_the_ambassador_block_renders_only_public_ambassadors():
    from testimonials.blocks import AmbassadorBlock

    block = AmbassadorBlock()
    public = Ambassador.objects.create(
        name="Yasmina Bouali",
        slug="yasmina",
        company="Bouali Schoonmaak",
        quote="Samen kom je verder.",
        offer="Een uur sparren.",
        consent_text="Akkoord.",
        consent_at=timezone.now(),
    )
    html = block.render(block.to_python({"ambassador": public.pk, "show_offer": True}))
    assert "Yasmina Bouali" in html and "Een uur sparren." in html
    Ambassador.objects.filter(pk=public.pk).update(active=False)
    html = block.render(block.to_python({"ambassador": public.pk, "show_offer": True}))
    assert "Yasmina" not in html


def test_withdrawal_purges_the_frontend_cache_of_every_page_that_showed_it(
    settings, index, theme_index, published, make_case, django_capture_on_commit_callbacks
):
    from unittest import mock

    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9999",
        }
    }
    experience = published()
    case = make_case([experience])
    purged = []

    def record(batch, *args, **kwargs):
        purged.extend(batch.urls)

    before = services.cache_generation()
    with (
        mock.patch(
            "testimonials.services.consent.PurgeBatch.purge", autospec=True, side_effect=record
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.withdraw_consent(experience)
    from urllib.parse import urlsplit

    paths = {urlsplit(url).path or "/" for url in purged}
    assert {"/ervaringen/", "/", f"/themas/{experience.theme.slug}/", case.url} <= paths
    assert services.cache_generation() > before


@pytest.fixture
def ambassador(theme):
    ambassador = Ambassador.objects.create(
        name="Yasmina Bouali",
        slug="yasmina-bouali",
        company="Bouali Schoonmaak",
        role="bouwde haar bedrijf op van twee naar 38 medewerkers",
        quote="Samen kom je verder.",
        offer="Een uur sparren over groeien met personeel.",
        consent_text="Akkoord met tonen op de website.",
        consent_at=timezone.now(),
    )
    ambassador.themes.set([theme])
    return ambassador


def test_each_ambassador_has_a_profile(client, index, ambassador):
    overview = client.get(INDEX + "ambassadeurs/").content.decode()
    assert 'href="/ervaringen/ambassadeurs/yasmina-bouali/"' in overview
    content = client.get(INDEX + "ambassadeurs/yasmina-bouali/").content.decode()
    assert "Yasmina Bouali" in content and "Een uur sparren over groeien" in content
    assert client.get(INDEX + "ambassadeurs/onbekend/").status_code == 404
    Ambassador.objects.filter(pk=ambassador.pk).update(consent_at=None)
    assert client.get(INDEX + "ambassadeurs/yasmina-bouali/").status_code == 404


def test_a_member_asks_for_a_conversation_with_an_ambassador(
    client, index, ambassador, member, home, outbox
):
    from loket.core.models import SiteSettings

    url = INDEX + "ambassadeurs/yasmina-bouali/"
    response = client.post(url, {"message": "Ik wil groeien."})
    assert response.status_code == 302 and "/account/" in response["Location"]

    client.force_login(member)
    # Without a desk address there is no way to make the match: said, not hidden in a 500.
    assert client.post(url, {"message": "Ik wil groeien."}).status_code == 409
    SiteSettings.objects.update_or_create(
        site=home.get_site(), defaults={"contact_email": "utrecht@ondernemersloket.nl"}
    )
    response = client.post(url, {"message": ""})
    assert response.status_code == 400
    assert "waarover je wilt praten" in response.content.decode()
    response = client.post(url, {"message": "Ik wil groeien <script>x()</script> met personeel."})
    assert response.status_code == 302
    client.post(url, {"message": "Nog een keer."})  # the same day: no second mail
    [mail] = outbox(to="utrecht@ondernemersloket.nl")
    assert "Yasmina Bouali" in mail.subject
    assert mail.reply_to == member.email
    assert "Ik wil groeien" in mail.text and "<script" not in mail.text
