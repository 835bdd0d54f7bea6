"""Review fixes: safe hero links, offers only of open public campaigns, a campaign without a URL,
a constant number of status queries, the intake block's honeypot, offers of another campaign
and a CSV export a spreadsheet cannot run."""

import csv
import io
import re

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail import blocks
from wagtail.models import Page, PageViewRestriction

from campaigns import landing
from campaigns.blocks import CampaignCallToActionBlock, HeroBlock
from campaigns.offers import OfferClaim
from campaigns.pages import CampaignPage
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

UNSAFE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//elders.example/phishing",
    "/\\elders.example",
    "https://",
    "mailto:iemand@example.nl",
    "aanmelden",
]
SAFE = ["#aanmelden", "/agenda/", "/", "https://www.kvk.nl/", "http://example.nl/pad?x=1#y"]


def _status(code):
    return f"/campagne-status/{code}/"


def _claim_url(offer_id):
    return f"/campagne-aanbod/{offer_id}/"


def _hero(url):
    block = HeroBlock()
    return block, block.to_python(
        {
            "phase": "bekend_maken",
            "question": "Waarom kan ik je online niet vinden?",
            "button_label": "Vraag een gesprek aan",
            "url": url,
        }
    )


# 1. Hero links ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", UNSAFE)
def test_the_hero_refuses_a_link_that_is_no_anchor_path_or_web_address(url):
    block, value = _hero(url)
    with pytest.raises(blocks.StructBlockValidationError) as raised:
        block.clean(value)
    message = " ".join(raised.value.block_errors["url"].messages)
    assert "Vul een anker (#aanmelden)" in message


@pytest.mark.parametrize("url", SAFE)
def test_the_hero_accepts_anchors_paths_and_web_addresses(url):
    block, value = _hero(url)
    assert block.clean(value)["url"] == url


def test_a_stored_javascript_link_never_reaches_a_visitor():
    block, value = _hero("javascript:alert(document.cookie)")
    html = block.render(value)
    assert "javascript:" not in html
    assert "<a " not in html
    block, value = _hero("#aanmelden")
    assert 'href="#aanmelden"' in block.render(value)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x"])
def test_the_call_to_action_refuses_script_links_too(url):
    block = CampaignCallToActionBlock()
    value = block.to_python(
        {"phase": "overtuigen", "heading": "Kom langs", "button_label": "Ja", "url": url}
    )
    with pytest.raises(blocks.StructBlockValidationError):
        block.clean(value)


# 2. Start date and view restrictions ------------------------------------------------------------


def test_the_status_of_a_campaign_before_its_start_is_404(client, make_campaign, make_offer):
    page = make_campaign(starts=3)
    make_offer(page)
    assert client.get(_status(page.code)).status_code == 404


def test_a_restricted_campaign_gives_no_status_and_no_claims(
    client, make_campaign, make_offer, member
):
    page = make_campaign()
    offer = make_offer(page)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(member)
    assert client.get(_status(page.code)).status_code == 404
    response = client.post(_claim_url(offer.pk))
    assert response.status_code == 404
    assert "Dit aanbod bestaat niet" in response.content.decode()
    with pytest.raises(landing.OfferError) as raised:
        landing.claim_offer(member, offer.pk)
    assert raised.value.status == 404
    assert not OfferClaim.objects.exists()


def test_a_visitor_is_not_sent_to_log_in_for_a_restricted_campaign(
    client, make_campaign, make_offer
):
    page = make_campaign()
    offer = make_offer(page)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.post(_claim_url(offer.pk)).status_code == 404


# 3. A campaign without a URL --------------------------------------------------------------------


@pytest.fixture
def campaign_outside_the_site(home, make_offer):
    now = timezone.now()
    page = CampaignPage(
        title="Zwerfcampagne",
        slug="zwerfcampagne",
        code="zwerfcampagne",
        intro="Een campagne buiten de boom van de site.",
        starts_at=now - timezone.timedelta(days=1),
        ends_at=now + timezone.timedelta(days=30),
    )
    Page.get_first_root_node().add_child(instance=page)
    page.save_revision().publish()
    page = CampaignPage.objects.get(pk=page.pk)
    assert page.get_url() is None
    return make_offer(page, total=1, key="plek")


def test_claiming_an_offer_of_a_campaign_without_url_goes_home(
    client, campaign_outside_the_site, member
):
    client.force_login(member)
    response = client.post(_claim_url(campaign_outside_the_site.pk))
    assert response.status_code == 302
    assert response["Location"] == "/#aanbod-plek"
    full = Client()
    full.force_login(MemberFactory())
    refused = full.post(_claim_url(campaign_outside_the_site.pk))
    assert refused.status_code == 409
    assert 'href="/#aanbod-plek"' in refused.content.decode()


def test_a_visitor_of_a_campaign_without_url_logs_in_and_comes_home(
    client, campaign_outside_the_site
):
    response = client.post(_claim_url(campaign_outside_the_site.pk))
    assert response.status_code == 302
    assert response["Location"].endswith("?next=%2F%23aanbod-plek")


# 4. Status queries ------------------------------------------------------------------------------


def test_the_status_takes_as_many_queries_for_five_offers_as_for_one(
    make_campaign, make_offer, member, django_assert_num_queries
):
    one, five = make_campaign(), make_campaign()
    make_offer(one)
    offers = [make_offer(five, total=10) for _i in range(5)]
    for offer in offers:
        landing.claim_offer(MemberFactory(), offer.pk)
    landing.claim_offer(member, offers[2].pk)
    client = Client()
    client.force_login(member)
    client.get(_status(one.code))  # warm the session and site caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_status(one.code)).status_code == 200
    with django_assert_num_queries(len(queries)):
        state = client.get(_status(five.code)).json()
    assert state["offers"][str(offers[2].pk)] == {
        "total": 10,
        "claimed": 2,
        "left": 8,
        "mine": True,
    }
    assert state["offers"][str(offers[0].pk)]["claimed"] == 1


# 5. The intake block ----------------------------------------------------------------------------


def _intake_section(html):
    return re.search(r'<div class="stack campaign-form" id="gesprek">.*?</form>', html, re.S).group(
        0
    )


def test_the_intake_block_hides_the_honeypot_and_returns_to_the_campaign(client, launch):
    section = _intake_section(client.get(launch.url).content.decode())
    hidden = re.search(
        r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', section, re.S
    )
    assert hidden and 'name="website"' in hidden.group(1)
    assert section.count('name="website"') == 1
    assert 'tabindex="-1"' in hidden.group(1)
    assert f'<input type="hidden" name="next" value="{launch.url}">' in section
    assert f'href="{reverse("accounts:privacy")}"' in section
    assert "privacyverklaring" in section
    assert 'name="campaign" value="een-kritische-blik"' in section


def test_the_intake_block_is_the_same_for_a_member_and_a_visitor(client, launch, member):
    visitor = _intake_section(client.get(launch.url).content.decode())
    signed_in = Client()
    signed_in.force_login(member)
    assert _intake_section(signed_in.get(launch.url).content.decode()) == visitor
    assert "sanne@example.nl" not in visitor


# 6. An offer of another campaign -----------------------------------------------------------------


def test_an_offer_chosen_from_another_campaign_still_gets_its_counter(
    client, make_campaign, make_offer, member
):
    own, other = make_campaign(), make_campaign()
    borrowed = make_offer(other, total=5, key="geleend")
    own.body = [
        {
            "type": "offer",
            "value": {"phase": "overtuigen", "offer": borrowed.pk, "button_label": "Claim"},
        }
    ]
    own.save_revision().publish()
    landing.claim_offer(member, borrowed.pk)
    client.force_login(member)
    state = client.get(_status(own.code)).json()
    assert state["offers"][str(borrowed.pk)] == {
        "total": 5,
        "claimed": 1,
        "left": 4,
        "mine": True,
    }
    html = Client().get(own.url).content.decode()
    assert f'data-offer="{borrowed.pk}"' in html


# 7. The CSV export of claims ---------------------------------------------------------------------


def test_a_members_name_cannot_run_as_a_formula_in_the_claims_export(admin_client, launch):
    member = MemberFactory(first_name='=HYPERLINK("https://evil.example","klik")', last_name="")
    plain = MemberFactory(first_name="Sanne", last_name="de Vries")
    offer = launch.offers.get()
    landing.claim_offer(member, offer.pk)
    landing.claim_offer(plain, offer.pk)
    response = admin_client.get("/admin/snippets/campaigns/offerclaim/?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    names = {row[0] for row in rows[1:]}
    assert "'" + str(member) in names
    assert str(plain) in names
    assert not any(row[0].startswith(("=", "+", "-", "@")) for row in rows[1:])
