"""The campaign block "Doe de fitheidscan" and the conversion "scan afgerond"."""

import pytest

from campaigns.attribution.models import Conversion, ConversionKind
from community.scan.dispatch import scan_completed
from community.scan.models import ScanResult
from tests.factories.campaigns import CampaignPageFactory

pytestmark = pytest.mark.django_db


def test_the_campaign_block_links_to_the_regions_scan(client, scan_page):
    campaign = CampaignPageFactory(
        body=[("scan", {"phase": "overtuigen", "heading": "Doe de fitheidscan"})]
    )
    text = client.get(campaign.url).content.decode()
    assert "Doe de fitheidscan" in text
    assert f'href="{scan_page.url}"' in text


def test_a_completed_scan_counts_once_as_a_conversion(
    client, take, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        take()
    result = ScanResult.objects.get()
    conversions = Conversion.objects.filter(kind=ConversionKind.SCAN)
    assert list(conversions.values_list("object_key", flat=True)) == [f"scan:{result.pk}"]
    scan_completed.send(sender=ScanResult, result=result, actor=None, request=None)
    assert conversions.count() == 1
