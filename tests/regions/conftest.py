"""Two regions made the way an operator makes them (``create_region``), and staff of each."""

from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.models import Site

from loket.accounts.services.roles import region_groups
from tests.factories import MemberFactory


def create_region(*args):
    out = StringIO()
    call_command("create_region", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def regions(db):
    """{"x": Regio Utrecht, "y": Regio Gelderland}: two sites, each with its own tree."""
    create_region("--name", "Regio Utrecht", "--hostname", "utrecht.localhost")
    create_region("--name", "Regio Gelderland", "--hostname", "gelderland.localhost")
    return {
        "x": Site.objects.get(hostname="utrecht.localhost"),
        "y": Site.objects.get(hostname="gelderland.localhost"),
    }


@pytest.fixture
def staff_of(regions):
    """``staff_of("x", "communitymanager")``: a new account in that role of that region."""
    made = []

    def make(region, role):
        user = MemberFactory(email=f"{role}.{region}.{len(made)}@ondernemersloket.nl")
        user.groups.add(region_groups(regions[region])[role])
        made.append(user)
        return user

    return make
