"""Later apps extend earlier ones through the hooks of ``loket.core.hooks``, and place their
pages with ``parent_page_types``. The site package names no later app: models are looked up by
label, and contributions by the names the apps give them."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from django.apps import apps

from wagtail import hooks as wagtail_hooks

from loket.core import hooks, registry, seeding
from loket.core.models import HomePage

PROJECT_DIR = Path(__file__).resolve().parents[2]
LATER_INDEX_PAGES = [
    "events.EventIndexPage",
    "community.CommunityIndexPage",
    "intervision.IntervisionIndexPage",
    "testimonials.TestimonialsIndexPage",
    "campaigns.CampaignIndexPage",
]


def test_every_app_contributes_its_listings():
    names = {
        (p.kind, p.name) for kind in hooks.LISTING_KINDS for p in hooks.listing_providers(kind)
    }
    assert {
        ("by_theme", "pages"),
        ("by_tag", "pages"),
        ("by_theme", "events"),
        ("by_tag", "events"),
        ("latest", "events"),
        ("by_theme", "communities"),
        ("latest", "discussions"),
        ("by_event", "organisers"),
        ("by_theme", "intervision"),
        ("by_theme", "testimonials"),
        ("by_theme", "cases"),
        ("latest", "testimonials"),
        ("by_event", "testimonials"),
        ("for_member", "tip-een-ander"),
    } <= names
    # The member's home is built from MEMBER_HOME_PANELS; "for_member" is only what another
    # account page reads (the credits page: the member's tips).
    assert {p.name for p in hooks.listing_providers("for_member")} == {"tip-een-ander"}
    orders = [p.order for p in hooks.listing_providers("by_theme")]
    assert orders == sorted(orders)


def test_every_app_contributes_its_member_data():
    expected = {
        "bijeenkomsten",
        "campagnes",
        "communities",
        "credits",
        "ervaringen",
        "intakegesprekken",
        "intervisie",
        "tip-een-ander",
    }
    assert expected <= set(hooks.member_exporters())
    assert expected <= set(hooks.member_erasers())
    assert list(hooks.member_exporters()) == sorted(hooks.member_exporters())


def test_every_app_contributes_its_seed_steps_in_order():
    steps = hooks.seed_steps()
    names = [step.name for step in steps]
    assert names[:5] == ["site", "settings", "pages", "admin", "members"]
    for name in ("events", "communities", "intervision", "testimonials", "referrals"):
        assert name in names
    for name in ("intake", "campaign-pages", "mailings", "attribution"):
        assert name in names
    assert [step.order for step in steps] == sorted(step.order for step in steps)
    assert seeding.steps() == steps


def test_campaigns_checks_the_tip_code_at_sign_up():
    validators = hooks.signup_validators()
    assert [fn.__module__ for fn in validators["tip_code"]] == ["campaigns.services.codes"]


def test_later_apps_add_to_the_follow_up_mail():
    added = wagtail_hooks.get_hooks(hooks.FOLLOW_UP_CONTEXT)
    assert sorted(fn.__module__ for fn in added) == [
        "campaigns.wagtail_hooks",  # the member's Tip een ander link
        "community.intervision.wagtail_hooks",  # intervision of the meetup's theme
        "community.wagtail_hooks",  # communities of the meetup's theme
        "testimonials.wagtail_hooks",  # Deel je ervaring
    ]


def test_follow_up_context_gathers_what_each_function_adds(monkeypatch):
    def add_greeting(sender, registration, context, **kwargs):
        context["groet"] = f"Hoi {registration}"

    def add_kind(sender, registration, context, **kwargs):
        context["soort"] = sender.__name__

    monkeypatch.setattr(hooks.hooks, "get_hooks", lambda name: [add_greeting, add_kind])
    assert hooks.follow_up_context("Sanne") == {"groet": "Hoi Sanne", "soort": "str"}


def test_a_run_time_contribution_replaces_one_of_the_same_name_until_withdrawn():
    def none(**kwargs):
        return []

    registry.register("by_theme", "events", label="Anders", provider=none, template="x.html")
    try:
        (events,) = [p for p in registry.providers("by_theme") if p.name == "events"]
        assert events.label == "Anders"
    finally:
        registry.unregister("by_theme", "events")
    (events,) = [p for p in registry.providers("by_theme") if p.name == "events"]
    assert events.label == "Bijeenkomsten"


def test_an_unknown_listing_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown listing kind"):
        hooks.ListingProvider("by_weather", "x", "X", list, "x.html")


@pytest.mark.parametrize("label", LATER_INDEX_PAGES)
def test_a_later_apps_index_page_is_placed_by_its_own_parent_page_types(label):
    model = apps.get_model(label)
    assert model.parent_page_types == ["core.HomePage"]
    assert model in HomePage.allowed_subpage_models()
    assert model in HomePage.creatable_subpage_models()


def test_the_home_page_names_no_later_app():
    # HomePage leaves subpage_types open; nothing edits it at start-up.
    assert "subpage_types" not in vars(HomePage)
    assert getattr(HomePage, "subpage_types", None) is None


def test_a_fresh_process_loads_the_hooks_when_a_helper_asks():
    """A management command or Celery worker never opens the admin: asking a helper is enough.

    (Wagtail imports the apps' wagtail_hooks on the first get_hooks; in Wagtail 8 the snippets
    app already asks during django.setup(), and the helpers ask again in any case.)"""
    script = textwrap.dedent(
        """
        import django

        django.setup()
        from loket.core import hooks

        steps = [step.name for step in hooks.seed_steps()]
        assert "events" in steps and "attribution" in steps, steps
        assert "tip-een-ander" in hooks.member_erasers()
        assert "tip_code" in hooks.signup_validators()
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "loket.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
