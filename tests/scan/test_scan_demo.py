"""``seed_demo`` publishes a scan with real Dutch questions, figures to look at and a member
with two scans on her account; running it twice changes nothing."""

import pytest

from django.core.management import call_command

from community.scan.models import ScanPage, ScanResult

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_a_dutch_scan_with_results(client, seeded_demo):
    results = ScanResult.objects.count()
    call_command("seed_demo", "--no-progress", verbosity=0)
    assert ScanResult.objects.count() == results

    page = ScanPage.objects.live().first()
    assert page.url.endswith("/fitheidscan/")
    assert 10 <= len(page.questions) <= 15
    text = client.get(page.url).content.decode()
    assert "In welke fase zit je bedrijf nu?" in text
    assert ScanResult.objects.filter(user__isnull=True).count() >= 20
    saved = ScanResult.objects.filter(user__email="sanne.devries@example.com")
    assert saved.count() == 2
    assert (
        saved.order_by("created_at").first().average < saved.order_by("created_at").last().average
    )
