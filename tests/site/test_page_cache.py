"""The page cache for anonymous visitors (loket.core.pagecache).

A second cookieless visitor gets the stored page without touching the database; nobody else's
name, private discussion or CSRF token ever comes out of the cache; publishing, a registration,
a cancellation, a consent withdrawal and the site settings purge it.
"""

import re
from datetime import timedelta

import pytest

from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from wagtail.models import Locale, Page, Site

from community.services import discussions
from events import services as events
from loket.core.models import HomePage, SiteSettings
from testimonials import services as testimonials
from testimonials.models import Channel
from tests.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    CommunityIndexPageFactory,
    CommunityPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ExperienceFactory,
    ExperienceIndexPageFactory,
    MemberFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def home(db):
    """The desk's home page as the default site's root (instead of Wagtail's welcome page)."""
    Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title="Ondernemersloket Testregio", slug="testregio", hero_title="Ondernemers helpen"
        )
    )
    site = Site.objects.get(is_default_site=True)
    welcome, site.root_page = site.root_page, home
    site.save()
    welcome.delete()
    return Page.objects.get(pk=home.pk).specific


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit():`` runs what waits for the commit (the purges) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def visit(url, **headers):
    """A new visitor without cookies."""
    return Client().get(url, **headers)


def test_a_second_visitor_gets_the_stored_page_without_a_query(home, django_assert_num_queries):
    first = visit(home.url)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = visit(home.url)
    assert second.status_code == 200
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # The security headers are the live ones, not a stored copy.
    assert "Content-Security-Policy" in second
    assert second["X-Frame-Options"] == "DENY"


def test_the_address_and_host_are_part_of_the_key(home):
    visit(home.url)
    assert visit(home.url + "?pagina=2")["X-Cache"] == "MISS"
    assert visit(home.url, HTTP_HOST="localhost")["X-Cache"] == "MISS"
    assert visit(home.url)["X-Cache"] == "HIT"


def test_off_when_the_setting_is_zero(home, settings):
    settings.PAGE_CACHE_SECONDS = 0
    visit(home.url)
    assert "X-Cache" not in visit(home.url)


def test_a_signed_in_member_is_never_served_or_stored(home, client):
    member = MemberFactory(first_name="Femke", last_name="Veldhuizen")
    anonymous = visit(home.url)
    assert "Inloggen" in anonymous.content.decode()

    client.force_login(member)
    own = client.get(home.url)
    assert "X-Cache" not in own  # not the stored anonymous copy
    assert "Mijn account" in own.content.decode()

    # What the member got was not stored: the next visitor still gets the anonymous page.
    after = visit(home.url)
    assert after["X-Cache"] == "HIT"
    assert "Mijn account" not in after.content.decode()


def test_any_session_or_message_cookie_bypasses_the_cache(home):
    visit(home.url)
    with_session = Client()
    with_session.cookies["sessionid"] = "abc"
    assert "X-Cache" not in with_session.get(home.url)
    with_messages = Client()
    with_messages.cookies["messages"] = "x"
    assert "X-Cache" not in with_messages.get(home.url)
    # The CSRF cookie alone changes nothing a page shows.
    with_csrf = Client()
    with_csrf.cookies["csrftoken"] = "x" * 32
    assert with_csrf.get(home.url)["X-Cache"] == "HIT"


@pytest.fixture
def private_community(home):
    index = CommunityIndexPageFactory(parent=home)
    return CommunityPageFactory(
        parent=index, title="Bouwondernemers Amersfoort", slug="bouwondernemers", is_public=False
    )


def test_a_private_thread_and_a_members_name_never_reach_another_visitor(private_community, client):
    member = MemberFactory(first_name="Annelies", last_name="Boschhuizen")
    MembershipFactory(member=member, community=private_community, status="lid")
    discussions.start_thread(
        private_community,
        member,
        kind="ervaring",
        title="Onze omzetdip na de verbouwing",
        body="Wie herkent dit? We zien de omzet al drie maanden zakken.",
    )
    client.force_login(member)
    members_page = client.get(private_community.url).content.decode()
    assert "Onze omzetdip na de verbouwing" in members_page

    for _ in range(2):
        response = visit(private_community.url)
        assert response.status_code == 200
        # Members-only communities are marked private and never stored, not even anonymously.
        assert "X-Cache" not in response
        content = response.content.decode()
        assert "Onze omzetdip na de verbouwing" not in content
        assert "Boschhuizen" not in content


def test_a_public_community_is_shared_and_purged_by_a_new_thread(home, commit):
    index = CommunityIndexPageFactory(parent=home)
    community = CommunityPageFactory(
        parent=index, title="Groeien met personeel", slug="groeien", is_public=True
    )
    member = MemberFactory()
    MembershipFactory(member=member, community=community, status="lid")
    visit(community.url)
    assert visit(community.url)["X-Cache"] == "HIT"
    with commit():
        discussions.start_thread(
            community,
            member,
            kind="vraag",
            title="Eerste personeelslid aannemen",
            body="Waar begin ik?",
        )
    response = visit(community.url)
    assert response["X-Cache"] == "MISS"
    assert "Eerste personeelslid aannemen" in response.content.decode()


def _token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', response.content.decode())[1]


def _form_action(response):
    form = re.search(
        r'<form[^>]*action="([^"]+)"[^>]*>(?:(?!</form>).)*csrfmiddlewaretoken',
        response.content.decode(),
        re.DOTALL,
    )
    return form[1]


def test_a_stored_form_gets_each_visitor_their_own_working_token(home):
    agenda = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=agenda, title="Grip op je cashflow", slug="cashflow")
    first = visit(event.url)
    assert first["X-Cache"] == "MISS"

    visitor = Client(enforce_csrf_checks=True)
    second = visitor.get(event.url)
    assert second["X-Cache"] == "HIT"
    assert django_settings.CSRF_COOKIE_NAME in second.cookies
    # Not the first visitor's token, and nothing of it anywhere in the page.
    assert _token(first) not in second.content.decode()
    assert _token(second) != _token(first)

    # The token works with the cookie it came with; the first visitor's token does not.
    action = _form_action(second)
    assert visitor.post(action, {"csrfmiddlewaretoken": _token(first)}).status_code == 403
    again = visitor.get(event.url)  # a visitor who has the cookie keeps it
    assert again["X-Cache"] == "HIT"
    for token in (_token(second), _token(again)):
        assert visitor.post(action, {"csrfmiddlewaretoken": token}).status_code != 403


def test_a_restricted_page_is_never_stored(home):
    from wagtail.models import PageViewRestriction

    agenda = EventIndexPageFactory(parent=home)
    PageViewRestriction.objects.create(
        page=agenda, restriction_type=PageViewRestriction.PASSWORD, password="geheim-123"
    )
    for _ in range(2):
        response = visit(agenda.url)
        assert "X-Cache" not in response
    login_only = CommunityIndexPageFactory(parent=home)
    PageViewRestriction.objects.create(page=login_only, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = visit(login_only.url)
        assert response.status_code == 302
        assert "X-Cache" not in response


def test_publishing_purges(home, commit):
    visit(home.url)
    assert visit(home.url)["X-Cache"] == "HIT"
    revision = home.save_revision()
    home.title = "Ondernemersloket Eemland"
    revision = home.save_revision()
    with commit():
        revision.publish()
    response = visit(home.url)
    assert response["X-Cache"] == "MISS"
    assert "Ondernemersloket Eemland" in response.content.decode()


def test_unpublishing_purges(home, commit):
    agenda = EventIndexPageFactory(parent=home)
    visit(agenda.url)
    assert visit(agenda.url)["X-Cache"] == "HIT"
    with commit():
        agenda.unpublish()
    assert visit(agenda.url).status_code == 404


def test_site_settings_purge(home, commit):
    visit(home.url)
    settings_row = SiteSettings.for_site(home.get_site())
    settings_row.footer_text = "Elke dinsdag inloopspreekuur in het gemeentehuis."
    with commit():
        settings_row.save()
    response = visit(home.url)
    assert response["X-Cache"] == "MISS"
    assert "Elke dinsdag inloopspreekuur" in response.content.decode()


def test_a_registration_and_a_cancellation_change_the_seats_on_the_agenda(home, commit):
    agenda = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=agenda, title="Grip op je cashflow", capacity=5)
    assert "Nog 5 plekken" in visit(agenda.url).content.decode()
    assert visit(agenda.url)["X-Cache"] == "HIT"

    with commit():
        registration = events.register_for_event(event, MemberFactory())
    response = visit(agenda.url)
    assert response["X-Cache"] == "MISS"
    assert "Nog 4 plekken" in response.content.decode()

    with commit():
        events.cancel_registration(registration.token, event=event)
    assert "Nog 5 plekken" in visit(agenda.url).content.decode()


def test_a_consent_withdrawal_takes_the_quote_off_the_stored_pages(home, commit):
    index = ExperienceIndexPageFactory(parent=home)
    experience = ExperienceFactory(quote="Door de kritische blik vond ik mijn eerste klant.")
    testimonials.record_consent(experience, [Channel.WEBSITE])
    assert experience.quote in visit(index.url).content.decode()
    assert visit(index.url)["X-Cache"] == "HIT"
    with commit():
        testimonials.withdraw_consent(experience)
    response = visit(index.url)
    assert response["X-Cache"] == "MISS"
    assert experience.quote not in response.content.decode()


def test_a_cached_campaign_page_still_reports_the_visit(home, client, commit):
    from campaigns.attribution.models import DailyVisits

    index = CampaignIndexPageFactory(parent=home)
    campaign = CampaignPageFactory(
        parent=index, code="een-kritische-blik", title="Een kritische blik", slug="kritische-blik"
    )
    url = campaign.url + "?utm_source=mailing&utm_medium=email"
    visit(url)
    page = visit(url)
    assert page["X-Cache"] == "HIT"
    assert not page.cookies
    content = page.content.decode()
    # The visit script and the campaign's code are in the stored copy ...
    assert "attribution/beacon" in content and "een-kritische-blik" in content
    # ... and the beacon counts the visit as it does without the cache.
    response = client.post(
        "/attributie/bezoek/",
        {"q": "?utm_source=mailing&utm_medium=email", "p": campaign.url, "c": campaign.code},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 204
    assert DailyVisits.objects.filter(campaign_code="een-kritische-blik").exists()
    # From then on this visitor has a session: pages are made for them, not taken from the cache.
    assert "X-Cache" not in client.get(url)


def test_a_campaign_that_has_not_started_is_not_stored(home):
    index = CampaignIndexPageFactory(parent=home)
    campaign = CampaignPageFactory(
        parent=index, starts_at=timezone.now() + timedelta(days=2), slug="straks"
    )
    for _ in range(2):
        assert "X-Cache" not in visit(campaign.url)


def test_a_theme_change_purges(home, commit):
    from loket.themes.models import Theme

    visit(home.url)
    theme = Theme.objects.order_by("pk").first()
    theme.name = "Geld en financiering"
    with commit():
        theme.save()
    assert visit(home.url)["X-Cache"] == "MISS"


def test_a_post_hidden_by_flags_leaves_the_stored_page(home, commit, settings):
    from community.services import moderation

    settings.COMMUNITY_FLAG_THRESHOLD = 2
    index = CommunityIndexPageFactory(parent=home)
    community = CommunityPageFactory(parent=index, slug="groeien", is_public=True)
    author, *flaggers = MemberFactory.create_batch(3)
    for person in (author, *flaggers):
        MembershipFactory(member=person, community=community, status="lid")
    thread = discussions.start_thread(
        community, author, kind="tip", title="Koop volgers, dat werkt altijd", body="Echt waar."
    )
    assert "Koop volgers" in visit(community.url).content.decode()
    assert visit(community.url)["X-Cache"] == "HIT"
    with commit():
        for person in flaggers:
            moderation.flag_post(thread, person, "spam")
    response = visit(community.url)
    assert response["X-Cache"] == "MISS"
    assert "Koop volgers" not in response.content.decode()


@pytest.fixture
def local_copies(settings, monkeypatch):
    """Each process's own copies on (as with Redis), and a clock the test moves."""
    from loket.core import pagecache

    settings.PAGE_CACHE_LOCAL_SECONDS = 1.0
    clock = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock[0])
    pagecache._forget_local()
    yield clock
    pagecache._forget_local()


def test_a_process_serves_its_own_copy_and_hears_of_a_purge_within_a_second(
    home, local_copies, commit
):
    from django.core.cache import cache

    from loket.core import pagecache

    visit(home.url)
    assert visit(home.url)["X-Cache"] == "HIT"
    # Another process purges: the shared generation moves. This process keeps serving its
    # copy (without asking the shared cache) until its generation is a second old.
    cache.incr(pagecache.GENERATION_KEY)
    assert visit(home.url)["X-Cache"] == "HIT"
    local_copies[0] += 1.5
    assert visit(home.url)["X-Cache"] == "MISS"
    assert visit(home.url)["X-Cache"] == "HIT"
    # A purge in this process counts at once.
    home.title = "Ondernemersloket Eemland"
    with commit():
        home.save_revision().publish()
    response = visit(home.url)
    assert response["X-Cache"] == "MISS"
    assert "Ondernemersloket Eemland" in response.content.decode()
