"""Fixtures of the partners tests: two regions with their community managers, partners in each
tier, and intake requests made through the intake service as the form would."""

import pytest

from loket.partners.models import Contact, Kind, Organisation, ReplyUnit, Tier
from tests.intake import conftest as intake_fixtures
from tests.regions import conftest as region_fixtures

# The intake tests' request form and the regions tests' two regions with their staff.
data = intake_fixtures.data
theme = intake_fixtures.theme
regions = region_fixtures.regions
staff_of = region_fixtures.staff_of


@pytest.fixture
def make_intake(data, theme, regions):
    """A stored request, made through the service as region X's page would (filed under X)."""
    from loket.intake.forms import IntakeRequestForm
    from loket.intake.models import IntakeRequest
    from loket.intake.services import request_intake

    def make(user=None, **changes):
        form = IntakeRequestForm({**data, **changes})
        assert form.is_valid(), form.errors
        intake, _created = request_intake(form.cleaned_data, user=user)
        IntakeRequest.objects.filter(pk=intake.pk).update(site=regions["x"])
        intake.site = regions["x"]
        return intake

    return make


@pytest.fixture
def manager_x(staff_of):
    user = staff_of("x", "communitymanager")
    user.first_name, user.last_name = "Mira", "de Boer"
    user.save()
    return user


@pytest.fixture
def manager_y(staff_of):
    return staff_of("y", "communitymanager")


def make_partner(name, site, tier, *, themes=(), reply_time=None, unit=ReplyUnit.DAYS, **extra):
    org = Organisation.objects.create(
        name=name,
        site=site,
        kind=extra.pop("kind", Kind.BANK),
        tier=tier,
        reply_time=reply_time,
        reply_unit=unit,
        description=extra.pop("description", f"{name} helpt ondernemers met geld en groei."),
        **extra,
    )
    org.themes.set(themes)
    org.save()
    contact = Contact.objects.create(
        organisation=org,
        name=f"Marloes {name.split()[0]}",
        role="accountmanager",
        email=f"contact@{name.split()[0].lower()}.nl",
    )
    return org, contact


@pytest.fixture
def partners(regions, theme):
    """In region x: an SLA bank (2 days), a network accountant, a referral; in y: a bank; one
    national partner; one of x that does not want to be shown."""
    x, y = regions["x"], regions["y"]
    return {
        "sla": make_partner("Rabobank Utrecht", x, Tier.SLA, themes=[theme], reply_time=2),
        "network": make_partner("Boekhoudkantoor Brug", x, Tier.NETWORK, kind=Kind.ACCOUNTANT),
        "referral": make_partner("Gemeente Utrecht", x, Tier.REFERRAL, kind=Kind.MUNICIPALITY),
        "other": make_partner("Rabobank Arnhem", y, Tier.SLA, reply_time=8, unit=ReplyUnit.HOURS),
        "national": make_partner("KVK Nederland", None, Tier.NETWORK, kind=Kind.KVK),
        "hidden": make_partner("Stille Vennoot", x, Tier.NETWORK, show_publicly=False),
    }
