"""Fixtures of the testimonials tests: the page tree (home, /ervaringen/, agenda, themes), a past
event, members, staff and a helper that shares experiences through the services."""

import itertools
from datetime import timedelta

import pytest

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Locale, Page, Site

from loket.accounts.models import User
from loket.core.models import HomePage, ThemeIndexPage
from loket.themes.models import Theme
from testimonials import services
from testimonials.models import (
    CaseExperience,
    CaseJourneyStep,
    CasePage,
    Channel,
    Experience,
    JourneyPhase,
)
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ExperienceFactory,
    ExperienceIndexPageFactory,
    MemberFactory,
    publish,
)

_counter = itertools.count(1)


@pytest.fixture
def home(db):
    """A HomePage as the default site's root (Wagtail's welcome page goes)."""

    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(
        instance=HomePage(
            title="Ondernemersloket Testregio", slug="testregio", hero_title="Ondernemers helpen"
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        welcome = site.root_page
        site.root_page = home
        site.save()
        if welcome.pk != home.pk and welcome.depth > 1:
            welcome.delete()
    return home


@pytest.fixture
def index(home):
    return ExperienceIndexPageFactory(parent=home)


@pytest.fixture
def theme_index(home):
    return publish(home, ThemeIndexPage(title="Thema's", slug="themas"))


@pytest.fixture
def agenda(home):
    return EventIndexPageFactory(parent=home, intro="")


@pytest.fixture
def make_event(agenda):
    def make(days=-3, **fields):
        defaults = {
            "start": timezone.now() + timedelta(days=days),
            "venue_address": "",
        }
        defaults.update(fields)
        return EventPageFactory(parent=agenda, **defaults)

    return make


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="financien")


@pytest.fixture
def other_theme(db):
    return Theme.objects.get(slug="marketing")


@pytest.fixture
def member(db):
    return MemberFactory(
        email="sanne@example.nl",
        first_name="Sanne",
        last_name="de Vries",
        profile__company_name="Bakkerij De Vries",
        profile__sector="C",
    )


@pytest.fixture
def staff(db):
    user = User.objects.create_user(
        "redactie@ondernemersloket.nl",
        "Redactie-wachtwoord-9",
        first_name="Rob",
        last_name="Redactie",
    )
    user.groups.add(Group.objects.get(name="Communicatie"))
    return user


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("beheer@ondernemersloket.nl", "Beheer-wachtwoord-9")


@pytest.fixture
def share(member, theme):
    """Share an experience as ``member`` (or as given): ``share(score=9, channels=[...])``."""

    def make(**kwargs):
        n = next(_counter)
        defaults = {
            "quote": f"Eén avond met collega-ondernemers leverde me meer op ({n}).",
            "story": "Ik wilde een tweede oven, maar de bank zei nee.",
            "score": 9,
            "display_mode": "volledig",
            "channels": [Channel.WEBSITE, Channel.MAGAZINE],
            "theme": theme,
            "user": member,
        }
        defaults.update(kwargs)
        return services.submit_experience(**defaults)

    return make


@pytest.fixture
def published(share, admin_user):
    """Share and approve: ``published(**share_kwargs)`` returns an experience on the website."""

    def make(**kwargs):
        experience = share(**kwargs)
        return services.approve(experience, by=admin_user)

    return make


@pytest.fixture
def bulk_public(db, theme):
    """``bulk_public(n, **fields)``: n approved experiences on the website, written in one go
    (for listings and query counts; the services are tested elsewhere)."""

    def make(n, **fields):
        rows = [
            ExperienceFactory.build(
                theme=fields.get("theme", theme),
                subject_kind=fields.get("subject_kind", "loket"),
                event=fields.get("event"),
                display_mode=fields.get("display_mode", "volledig"),
                minutes_ago=i,
            )
            for i in range(n)
        ]
        return Experience.objects.bulk_create(rows)

    return make


@pytest.fixture
def make_case(index):
    """A live case on ``experiences`` with a journey, and a testimonials block in its body."""

    def make(experiences, *, title="Hoe Sanne een tweede oven financierde", block=None, **fields):
        n = next(_counter)
        body = [
            {
                "type": "section",
                "value": {"kind": "challenge", "heading": "", "text": "<p>De bank zei nee.</p>"},
            },
        ]
        if block is not None:
            body.append({"type": "testimonials", "value": block})
        case = CasePage(
            title=title,
            slug=f"case-{n}",
            intro="Een bakkerij wilde groeien.",
            entrepreneur="Sanne de Vries",
            body=body,
            **fields,
        )
        case.experience_links = [CaseExperience(experience=e) for e in experiences]
        phases = list(JourneyPhase.objects.order_by("sort_order"))
        case.journey_steps = [
            CaseJourneyStep(
                phase=phases[0],
                line="Ik lag er wakker van.",
                satisfaction=2,
                effort=4,
                emotion="bezorgd",
            ),
            CaseJourneyStep(
                phase=phases[2],
                line="We rekenden het door.",
                satisfaction=4,
                effort=3,
                emotion="hoopvol",
            ),
            CaseJourneyStep(
                phase=phases[3], line="De oven staat er.", satisfaction=5, effort=2, emotion="trots"
            ),
        ]
        index.add_child(instance=case)
        case.save_revision().publish()
        return CasePage.objects.get(pk=case.pk)

    return make
