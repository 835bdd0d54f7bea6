"""AVG: experiences and consents in the data export and on account deletion; the seed_demo step."""

import json

import pytest

from wagtail.models import Site

from loket.accounts import privacy
from testimonials import services
from testimonials.models import (
    Ambassador,
    CasePage,
    Channel,
    Consent,
    Experience,
    Status,
)
from testimonials.models import TestimonialsIndexPage as IndexPage

pytestmark = pytest.mark.django_db


def test_the_export_holds_experiences_consents_and_steps(member, published, index, event):
    published(channels=[Channel.WEBSITE])
    # shared earlier through a link, before the account existed: found by e-mail address
    link = services.read_share_link(services.share_token(event, member.email))
    services.submit_experience(
        link=link, quote="Via de link.", score=8, display_mode="anoniem", channels=["social"]
    )
    export = privacy.export(member)["ervaringen"]
    json.dumps(export)  # plain JSON types only
    assert len(export) == 2
    first = export[0]
    assert first["naam"] == "Sanne de Vries"
    assert first["toestemmingen"][0]["tekst"] == services.consent_text(Channel.WEBSITE)
    assert first["toestemmingen"][0]["op"]
    assert [s["stap"] for s in first["stappen"]][:2] == ["Gedeeld", "Toestemming gegeven"]


def test_deleting_the_account_and_its_content_removes_the_experiences(
    member, published, make_case, index
):
    experience = published()
    case = make_case([experience])
    privacy.erase(member, keep_content=False)
    assert not Experience.objects.exists()
    case.refresh_from_db()
    assert not case.live


def test_deleting_the_account_but_keeping_content_anonymises_it(member, published, index):
    experience = published(display_mode="volledig")
    privacy.erase(member, keep_content=True)
    experience.refresh_from_db()
    assert experience.contributor is None
    assert experience.contributor_name == "" and experience.contributor_email == ""
    assert experience.display_mode == "anoniem"
    assert not experience.is_public  # consent was withdrawn with the account
    assert Consent.objects.filter(experience=experience, action="ingetrokken").exists()
    assert not experience.log.filter(actor_label="Sanne de Vries").exists()


def _seed():
    """The steps of ``seed_demo`` this app builds on (site, members, events) and its own; the
    steps of later apps are left out so their work in progress cannot break this test."""
    from django.db import transaction

    from loket.core import demo, seeding  # noqa: F401 - registers the core steps

    ctx = seeding.SeedContext(
        options={"hostname": "localhost", "port": 8000, "reset_admin_password": False}
    )
    layers = ("loket.", "events.", "testimonials.")
    for step in seeding.steps():
        if step.func.__module__.startswith(layers):
            with transaction.atomic():
                step.func(ctx)
    return "\n".join(ctx.report)


def test_seed_demo_adds_experiences_cases_ambassadors_and_a_link(client):
    output = _seed()
    # One experiences page in the demo region (the second region has its own).
    home = Site.objects.get(is_default_site=True).root_page
    assert IndexPage.objects.live().child_of(home).count() == 1
    assert Experience.objects.count() == 13
    statuses = set(Experience.objects.values_list("status", flat=True))
    assert {
        Status.APPROVED,
        Status.NEW,
        Status.QUESTION,
        Status.REJECTED,
        Status.PRIVATE,
    } <= statuses
    public = Experience.objects.filter(is_public=True)
    assert public.count() == 8
    for experience in public:
        assert Channel.WEBSITE in services.current_channels(experience)
    assert not Experience.objects.filter(status=Status.PRIVATE).exclude(consents=None).exists()
    assert CasePage.objects.live().count() == 3
    assert Ambassador.objects.public().count() == 2
    assert "Deel mijn ervaring (testlink" in output
    link = output.split("Deel mijn ervaring (testlink, één keer te gebruiken): ", 1)[1].split()[0]
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, HTTP_HOST=link.split("://", 1)[1].split("/", 1)[0].split(":")[0])
    assert response.status_code == 200
    assert "Financieren zonder bank" in response.content.decode()

    index = IndexPage.objects.child_of(home).get()
    page = client.get(index.url, HTTP_HOST=index.get_site().hostname).content.decode()
    assert "Eén avond met collega-ondernemers" in page
    case = CasePage.objects.live().first()
    assert client.get(case.url, HTTP_HOST=case.get_site().hostname).status_code == 200


def test_seed_demo_twice_changes_nothing():
    _seed()
    counts = (Experience.objects.count(), Consent.objects.count(), CasePage.objects.count())
    _seed()
    assert (Experience.objects.count(), Consent.objects.count(), CasePage.objects.count()) == counts
