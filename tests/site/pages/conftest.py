"""Fixtures for the site pages: a home page as the default site's root, and pages under it."""

from io import BytesIO

import pytest
from PIL import Image as PILImage

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from loket.core.models import HomePage, SiteSettings, StandardPage, ThemeIndexPage


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def home_page(root_page):
    """A HomePage as the default site's root; Wagtail's welcome page is removed."""
    home = root_page.add_child(
        instance=HomePage(
            title="Ondernemersloket Testregio",
            slug="testregio",
            hero_title="Ondernemers helpen ondernemers",
            hero_intro="Een kritische blik en contact met andere ondernemers.",
        )
    )
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page = home
    site.save()
    welcome.delete()
    return home


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def site_settings(site):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Ondernemersloket Testregio"
    settings.contact_email = "test@ondernemersloket.nl"
    settings.phone = "030 - 123 45 67"
    settings.address = "Stationsplein 1\n3511 AA Utrecht"
    settings.linkedin_url = "https://www.linkedin.com/company/ondernemersloket-test"
    settings.footer_text = "Ondernemers helpen ondernemers."
    settings.save()
    return settings


@pytest.fixture
def theme_index(home_page):
    return home_page.add_child(
        instance=ThemeIndexPage(title="Thema's", slug="themas", show_in_menus=True)
    )


@pytest.fixture
def standard_page(home_page):
    return home_page.add_child(
        instance=StandardPage(
            title="Over het Ondernemersloket",
            slug="over-ons",
            intro="Ondernemen doe je zelf, maar niet alleen.",
            show_in_menus=True,
            body=[
                {"type": "paragraph", "value": {"text": "<p>Wij brengen ondernemers samen.</p>"}}
            ],
        )
    )


def make_image(title="Ondernemers in gesprek"):
    buffer = BytesIO()
    PILImage.new("RGB", (640, 480), "#1d5c63").save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name="ondernemers.png")
    )


@pytest.fixture
def image_factory(db):
    return make_image


@pytest.fixture
def image(image_factory):
    return image_factory()
