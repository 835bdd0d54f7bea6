"""``seed_demo`` gives every region three months of scores, so the charts look real, and the
demo member an open question on her account page; running it again adds nothing."""

import pytest

from django.core.management import call_command
from django.db.models import Max, Min
from django.urls import reverse

from wagtail.models import Site

from loket.accounts.models import User
from loket.satisfaction.models import Rating

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_each_region_three_months_of_scores(client, seeded_demo):
    count = Rating.objects.count()
    call_command("seed_demo", "--no-progress", verbosity=0)
    assert Rating.objects.count() == count
    sites = list(Site.objects.all())
    assert len(sites) >= 2
    for site in sites:
        answered = Rating.objects.filter(site=site).answered()
        assert answered.count() >= 50
        span = answered.aggregate(first=Min("contact_at"), last=Max("contact_at"))
        assert (span["last"] - span["first"]).days >= 80
        assert answered.filter(score__lte=5).exists() and answered.filter(score__gte=9).exists()
        assert answered.values("kind").distinct().count() == 5
    admin = User.objects.get(email="admin@ondernemersloket.nl")
    client.force_login(admin)
    response = client.get(reverse("satisfaction_admin:index"))
    assert response.status_code == 200
    assert len([row for row in response.context["report"].per_month if row.answered]) >= 3
    member = User.objects.get(email="sanne.devries@example.com")
    client.force_login(member)
    page = client.get(reverse("accounts:overview")).content.decode()
    assert "Hoe was je contact met ons?" in page and "/tevredenheid/" in page
