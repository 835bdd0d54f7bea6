"""An entrepreneur applies for intervision, the manager runs the matching and confirms it with
the proposed facilitator, and the participant opens the confidential group space, submits a case
and writes a shared note and an agreed action — in a real browser."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from community.intervision import services
from community.intervision.models import (
    Facilitator,
    IntervisionGroup,
    IntervisionIndexPage,
    SessionAction,
)
from tests.factories import PASSWORD, MemberFactory, default_home


@pytest.fixture
def tree(transactional_db):
    from django.contrib.auth.models import Group

    from loket.themes.models import Theme

    home = default_home()
    index = IntervisionIndexPage(title="Intervisie", slug="intervisie")
    home.add_child(instance=index)
    index.save_revision().publish()
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)  # the region Rob applies in, on its host
    theme = Theme.objects.get_or_create(
        slug="personeelszaken", defaults={"name": "Personeelszaken"}
    )[0]
    for n in range(5):
        services.apply(
            MemberFactory(email=f"peer{n}@example.nl"),
            theme=theme,
            sector="F",
            size_band="10-49",
            province="utrecht",
            municipality="Utrecht",
            question="Hoe houd ik mijn beste mensen vast in deze krappe markt?",
            availability=["di-avond"],
            consent=True,
            site=site,
        )
    manager = MemberFactory(first_name="Linda", email="linda@example.nl", is_staff=True)
    group = Group.objects.get(name="Communitymanagers")
    manager.groups.add(group)
    rob = MemberFactory(first_name="Rob", email="rob@example.nl")
    facilitator = Facilitator.objects.create(
        user=MemberFactory(email="marjolein@example.nl"),
        name="Marjolein Verhoef",
        profile="Oud-ondernemer en coach.",
        provinces=["utrecht"],
        max_groups=2,
    )
    facilitator.themes.set([theme])
    return {"theme": theme, "manager": manager, "rob": rob, "facilitator": facilitator}


def _log_in(page, user, next_url):
    page.context.clear_cookies()
    page.goto(f"/account/inloggen/?next={next_url}")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def test_apply_match_confirm_and_submit_a_case(page, tree):
    rob, manager = tree["rob"], tree["manager"]

    # Rob reads about intervision and applies.
    _log_in(page, rob, "/intervisie/")
    expect(page.get_by_role("heading", name="Wat is intervisie?")).to_be_visible()
    page.get_by_role("link", name="Meld je aan").first.click()
    page.get_by_label("Thema waar je mee aan de slag wilt").select_option(label="Personeelszaken")
    page.get_by_label("Sector").select_option("F")
    page.get_by_label("Aantal medewerkers").select_option("10-49")
    page.get_by_label("Provincie").select_option("utrecht")
    page.get_by_label("Gemeente").fill("Amersfoort")
    page.get_by_label("Je bedrijfsnaam").fill("Timmer Installatietechniek")
    page.get_by_label("Je vraag").fill("Mijn planner vertrekt; hoe verdeel ik zijn werk eerlijk?")
    page.get_by_label("dinsdag avond").check()
    page.get_by_label(re.compile("De communitymanager en de begeleider mogen")).check()
    page.get_by_role("button", name="Verstuur mijn aanmelding").click()
    expect(page.locator("body")).to_contain_text("Je aanmelding is binnen")

    # Linda runs the matching round and confirms the proposal.
    _log_in(page, manager, "/admin/intervisie-matching/")
    expect(page.locator("body")).to_contain_text("zelfde thema (Personeelszaken)")
    expect(page.locator("body")).to_contain_text("begeleidt Personeelszaken")
    expect(page.get_by_label(re.compile("Begeleider voor"))).to_have_value(
        str(tree["facilitator"].pk)
    )
    page.get_by_role("button", name="Bevestig de indeling en mail de deelnemers").click()
    expect(page.locator("body")).to_contain_text("6 geplaatst, 0 wachten")

    group = IntervisionGroup.objects.get()
    assert group.facilitator == tree["facilitator"].user
    from django.utils import timezone

    start = timezone.now() + timedelta(days=10)
    services.schedule_session(
        group, starts_at=start, ends_at=start + timedelta(hours=3), location="Utrecht"
    )

    # Rob opens his group and brings in a case for the next session.
    _log_in(page, rob, "/intervisie/")
    page.get_by_role("link", name=group.title, exact=True).click()
    expect(page.get_by_role("heading", name="Deelnemers")).to_be_visible()
    page.get_by_label("Titel van je casus").fill("Werk eerlijk verdelen")
    page.get_by_label("Wat speelt er?").fill(
        "Mijn planner vertrekt over een maand. Wie neemt wat over?"
    )
    page.get_by_role("button", name="Casus inbrengen").click()
    expect(page.locator("body")).to_contain_text("Je casus staat klaar voor de volgende sessie")
    expect(page.locator("body")).to_contain_text("Werk eerlijk verdelen")

    # After the session Rob keeps a short note and an agreed action for the group.
    expect(page.locator("body")).to_contain_text("Marjolein Verhoef")
    page.get_by_label("Aantekening toevoegen").fill("Eerst vragen stellen, dan pas adviseren.")
    page.get_by_role("button", name="Aantekening opslaan").click()
    expect(page.locator("body")).to_contain_text("Je aantekening staat bij de sessie")
    expect(page.locator("body")).to_contain_text("Eerst vragen stellen, dan pas adviseren.")
    page.get_by_label("Nieuwe actie").fill("Gesprek met de planner voeren")
    page.get_by_label("Wie doet het?").select_option(label=rob.display_name)
    page.get_by_role("button", name="Actie vastleggen").click()
    expect(page.locator("body")).to_contain_text("De actie is vastgelegd")
    page.get_by_role("button", name=re.compile("Markeer als gedaan")).click()
    expect(page.locator("body")).to_contain_text("gedaan")
    action = SessionAction.objects.get()
    assert action.owner == rob and action.done
