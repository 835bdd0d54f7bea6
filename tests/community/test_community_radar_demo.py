"""``seed_demo`` shows the radar: the demo region's community manager (no superuser) sees
questions per theme, "ik ook" marks, rising subjects and the region's FAQ page."""

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import Site

from community.models import FaqPage, QuestionMark

pytestmark = pytest.mark.django_db


def test_the_demo_radar_looks_real_for_the_regions_community_manager(client, seeded_demo):
    manager = get_user_model().objects.get(email__startswith="cm.utrecht@")
    assert not manager.is_superuser
    client.force_login(manager)
    page = client.get("/admin/vragenradar/").content.decode()
    assert "Personeelszaken" in page
    assert "loonkosten" in page or "energieprijzen" in page  # a rising subject
    assert "Hoe vind ik een monteur nu de loonkosten zo stijgen?" in page
    assert "Vraag in een besloten community" in page  # Mira is no member of the private ones
    assert QuestionMark.objects.count() >= 15
    assert FaqPage.objects.live().count() == 2  # one per demo region
    site = Site.objects.get(is_default_site=True)
    faq = FaqPage.objects.child_of(site.root_page).live().get()
    response = client.get(faq.relative_url(site))
    assert response.status_code == 200
    assert "Wanneer moet ik een medewerker een vast contract aanbieden?" in response.text
