"""Fixtures of the satisfaction tests: two regions with their staff, a member, a theme, and a
factory of asked (and answered) contacts."""

from datetime import timedelta
from io import StringIO
from itertools import count

import pytest

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Site

from loket.accounts.services.roles import region_groups
from loket.satisfaction import services
from loket.satisfaction.models import Rating
from loket.themes.models import Theme
from tests.factories import MemberFactory

_keys = count(1)


@pytest.fixture
def regions(db):
    """{"x": Regio Utrecht, "y": Regio Gelderland}, made as an operator makes them."""
    made = (("Regio Utrecht", "utrecht.localhost"), ("Regio Gelderland", "gld.localhost"))
    for name, host in made:
        call_command("create_region", "--name", name, "--hostname", host, stdout=StringIO())
    return {
        "x": Site.objects.get(hostname="utrecht.localhost"),
        "y": Site.objects.get(hostname="gld.localhost"),
    }


@pytest.fixture
def staff_of(regions):
    """``staff_of("x", "communitymanager")``: a new account in that role of that region."""

    def make(region, role):
        user = MemberFactory(email=f"{role}.{region}.{next(_keys)}@ondernemersloket.nl")
        user.groups.add(region_groups(regions[region])[role])
        return user

    return make


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="financien")


@pytest.fixture
def member(db):
    return MemberFactory(email="sanne@example.nl", first_name="Sanne", last_name="de Vries")


@pytest.fixture
def ask(member, theme):
    """``ask(site, **fields)``: a contact asked about (no mail), answered when ``score`` given."""

    def make(site, *, score=None, ces=3, resolved="ja", sentence="", days_ago=3, **fields):
        fields.setdefault("person", member)
        fields.setdefault("theme", theme)
        rating = services.request_rating(
            fields.pop("kind", "intake"),
            site=site,
            contact_key=fields.pop("contact_key", f"test:{next(_keys)}"),
            contact_at=timezone.now() - timedelta(days=days_ago),
            mail=False,
            **fields,
        )
        if score is not None:
            rating = services.submit_rating(
                rating, score=score, ces=ces, resolved=resolved, sentence=sentence
            )
        return Rating.objects.get(pk=rating.pk)

    return make
