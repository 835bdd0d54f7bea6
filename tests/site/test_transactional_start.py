"""Every transactional test (browser and race tests) starts from what the migrations stored,
whichever test flushed the database before it on this worker (tests/conftest.py)."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Collection, Locale, Page, Site

from loket.themes.models import Theme

# One worker runs both, so the second one follows the first one's flush.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("flushed")]


@pytest.mark.parametrize("turn", ["first", "second"])
def test_a_transactional_test_starts_from_the_migrations_data(turn):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.depth == 2 and Page.get_first_root_node() is not None
    assert Locale.objects.exists() and Collection.get_first_root_node() is not None
    assert Theme.objects.filter(slug="financien").exists()
    grants = Group.objects.get(name="Communitymanagers").permissions
    assert grants.filter(codename="change_intervisiongroup").exists()
    assert ContentType.objects.filter(app_label="intake", model="intakerequest").exists()

    # What a test may leave behind: its flush empties the rest.
    Site.objects.all().delete()
    Theme.objects.all().delete()
    Group.objects.all().delete()
    Permission.objects.filter(content_type__app_label="intake").delete()
