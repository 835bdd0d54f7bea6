"""Taking the scan without an account: the questions, the result with scores, strengths and
attention points, next steps of the request's region, and Dutch 4xx answers to bad input."""

import pytest

from wagtail.models import Page, Site

from community.scan.models import ScanPage, ScanResult
from community.scan.services import current_version
from events.models import EventIndexPage
from loket.themes.models import Theme
from tests.factories import IntervisionIndexPageFactory, MemberFactory
from tests.factories.community import CommunityPageFactory
from tests.factories.events import EventPageFactory
from tests.factories.pages import publish

from .conftest import answers_for

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_every_question_as_plain_radio_buttons(client, scan_page):
    response = client.get(scan_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoe goed weet je hoe je bedrijf er financieel voor staat?" in html
    assert "In welke fase zit je bedrijf nu?" in html
    assert html.count('type="radio"') == sum(
        len(q["options"]) for q in current_version(scan_page).questions
    )
    assert "<script" not in html.split("<main")[1].split("</main>")[0]


def test_the_result_shows_scores_strengths_attention_and_phase(client, take):
    response = take(weak=("financien", "marketing"), phase="zwaar_weer")
    assert response.status_code == 302
    result = ScanResult.objects.get()
    assert result.user is None
    assert result.phase == "zwaar_weer"
    finance = Theme.objects.get(slug="financien")
    assert result.scores[str(finance.pk)] == 0
    assert result.scores[str(Theme.objects.get(slug="duurzaamheid").pk)] == 100

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    text = page.content.decode()
    assert "Hier sta je sterk" in text
    assert "Zet één vast moment per maand in je agenda voor je cijfers." in text  # advice
    assert "Fase: Zwaar weer." in text
    assert "<svg" in text and f'<th scope="row">{finance.name}</th><td>0</td>' in text


def test_next_steps_come_from_the_requests_region_for_the_weakest_themes(client, take, home):
    finance = Theme.objects.get(slug="financien")
    ours = CommunityPageFactory(title="Cijfers de baas", slug="cijfers-de-baas", themes=[finance])
    meetup = EventPageFactory(title="Grip op je cashflow", slug="grip-cashflow", themes=[finance])
    other_home = Page.get_first_root_node().add_child(title="Regio Zwolle", slug="zwolle")
    Site.objects.create(hostname="zwolle.example", port=80, root_page=other_home)
    other_index = publish(other_home, EventIndexPage(title="Agenda", slug="agenda", intro="Z."))
    EventPageFactory(parent=other_index, title="Cashflow in Zwolle", themes=[finance])

    response = take(weak=("financien",))
    text = client.get(response["Location"]).content.decode()
    assert ours.title in text and meetup.title in text
    assert "Cashflow in Zwolle" not in text
    assert "/gesprek-aanvragen/" in text
    assert "Meld je aan voor intervisie" not in text  # this region has no intervision yet
    IntervisionIndexPageFactory(parent=home)
    text = client.get(response["Location"]).content.decode()
    assert 'href="/intervisie/aanmelden/"' in text


def test_a_missing_answer_shows_the_form_again_with_what_was_chosen(client, scan_page):
    version = current_version(scan_page)
    data = answers_for(version)
    first = f"q-{version.questions[0]['id']}"
    kept = data[f"q-{version.questions[1]['id']}"]
    del data[first]
    response = client.post(scan_page.url, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Je hebt één vraag nog niet beantwoord" in text
    assert f'value="{kept}" checked' in text
    assert not ScanResult.objects.exists()


@pytest.mark.parametrize("field", ["option", "version", "no_version"])
def test_forged_input_gets_a_dutch_400_and_stores_nothing(client, scan_page, field):
    version = current_version(scan_page)
    data = answers_for(version)
    if field == "option":
        data[f"q-{version.questions[0]['id']}"] = version.questions[1]["options"][0]["id"]
    elif field == "version":
        data["versie"] = "999999"
    else:
        del data["versie"]
    response = client.post(scan_page.url, data)
    assert response.status_code == 400
    assert "Dat lukte niet" in response.content.decode()
    assert not ScanResult.objects.exists()


def test_a_tampered_result_link_is_a_dutch_404(client, take, scan_page):
    take()
    result = ScanResult.objects.get()
    token = result.token
    bad = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.get(scan_page.url_for("result", token=bad))
    assert response.status_code == 404
    assert "Deze link naar een scanresultaat klopt niet." in response.content.decode()
    assert client.get(scan_page.url_for("result", token="12")).status_code == 404


def test_a_members_result_is_theirs_alone(client, take, scan_page):
    member = MemberFactory()
    client.force_login(member)
    take()
    result = ScanResult.objects.get()
    assert result.user == member
    url = scan_page.url_for("result", token=result.token)
    assert client.get(url).status_code == 200
    client.force_login(MemberFactory())
    assert client.get(url).status_code == 404


def test_the_result_page_keeps_a_constant_number_of_queries(
    client, take, scan_page, django_assert_max_num_queries
):
    finance = Theme.objects.get(slug="financien")
    # Two of each: the most a theme lists (PER_THEME), then many more.
    for n in range(2):
        CommunityPageFactory(title=f"Eén {n}", slug=f"een-{n}", themes=[finance])
        EventPageFactory(title=f"Eerste avond {n}", slug=f"eerste-avond-{n}", themes=[finance])
    response = take()
    url = response["Location"]
    client.get(url)
    client.get(url)
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    few_count = len(few)  # now: the query log it slices is rotated by what follows
    for n in range(6):
        CommunityPageFactory(title=f"Meer {n}", slug=f"meer-{n}", themes=[finance])
        EventPageFactory(title=f"Avond {n}", slug=f"avond-{n}", themes=[finance])
    # Publishing emptied the caches of site roots and themes: warm them as before measuring.
    client.get(url)
    client.get(url)
    with django_assert_max_num_queries(few_count):
        client.get(url)


def test_an_empty_scan_says_so_in_dutch(client, home):
    page = publish(home, ScanPage(title="Fitheidscan", slug="fitheidscan", intro="Binnenkort."))
    response = client.get(page.url)
    assert response.status_code == 404
    assert "De scan wordt nog gemaakt." in response.content.decode()
