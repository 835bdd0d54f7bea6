"""``seed_demo`` shows the feature: partners in all three tiers in both regions, a handover
waiting for the bank, late follow-up calls on the community managers' lists."""

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from loket.accounts.models import User
from loket.partners.models import FollowUp, Handover, Organisation, Tier

pytestmark = pytest.mark.django_db


def test_seed_demo_shows_partners_handovers_and_late_calls(client, seeded_demo):
    counts = (Organisation.objects.count(), Handover.objects.count(), FollowUp.objects.count())
    call_command("seed_demo", "--no-progress", verbosity=0)
    assert counts == (
        Organisation.objects.count(),
        Handover.objects.count(),
        FollowUp.objects.count(),
    )

    regions = list(Site.objects.filter(partner_organisations__isnull=False).distinct())
    assert len(regions) == 2
    for site in regions:
        tiers = set(Organisation.objects.filter(site=site).values_list("tier", flat=True))
        assert tiers == set(Tier.values)
        response = client.get(reverse("partners:directory"), HTTP_HOST=site.hostname)
        assert response.status_code == 200
        assert "SLA-partner" in response.content.decode()

    waiting = Handover.objects.get()
    assert waiting.confirmed_at is None and waiting.reply_due_at > timezone.now()
    late = FollowUp.objects.filter(due_on__lt=timezone.localdate(), done_at__isnull=True)
    assert {f.site for f in late} == set(regions)

    manager = User.objects.get(email="cm.utrecht@demo.ondernemersloket.nl")
    client.force_login(manager)
    content = client.get(reverse("partners_follow_ups")).content.decode()
    assert "is te laat" in content and "Bram Koster" in content
