"""Fixtures of the intake tests: the form's data, members, staff of both groups, the outbox."""

import pytest

from django.contrib.auth.models import Group

from loket.accounts.models import User
from loket.intake import services
from loket.intake.forms import IntakeRequestForm
from loket.themes.models import Theme
from tests.factories import MemberFactory

QUESTION = (
    "Mijn omzet groeit, maar aan het eind van de maand houd ik te weinig over. "
    "Waar lekt het geld weg?"
)


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="financien")


@pytest.fixture
def data(theme):
    """What an entrepreneur fills in on /gesprek-aanvragen/."""
    return {
        "name": "Joost Bakker",
        "email": "joost@bakkerijbakker.nl",
        "company": "Bakkerij Bakker",
        "company_size": "5-9",
        "theme": str(theme.pk),
        "question": QUESTION,
        "channel": "video",
        "phone": "",
        "privacy_consent": "on",
        "campaign": "",
        "website": "",
    }


@pytest.fixture
def member(db, theme):
    user = MemberFactory(
        email="sanne@example.nl",
        first_name="Sanne",
        last_name="de Vries",
        profile__company_name="Bakkerij De Vries",
        profile__company_size="10-49",
    )
    user.profile.themes.add(theme)
    return user


def _staff(email, group):
    user = User.objects.create_user(
        email, "Loket-wachtwoord-9", first_name="Rob", last_name="Adviseur", email_verified=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff(db):
    return _staff("rob@ondernemersloket.nl", "Communicatie")


@pytest.fixture
def manager(db):
    return _staff("mira@ondernemersloket.nl", "Communitymanagers")


@pytest.fixture
def make_intake(data, theme):
    """A stored request, made through the service as the page would."""

    def make(user=None, **changes):
        """``user``: the member who is logged in while asking (none: an anonymous visitor)."""
        form = IntakeRequestForm({**data, **changes})
        assert form.is_valid(), form.errors
        intake, _created = services.request_intake(form.cleaned_data, user=user)
        return intake

    return make


# Booking a conversation ------------------------------------------------------------------------


@pytest.fixture
def region(db):
    """The default site, as the region the test client's requests land in, with its groups."""
    from wagtail.models import Site

    from loket.accounts.services.roles import sync_region_roles

    site = Site.objects.get(is_default_site=True)
    sync_region_roles(site)
    return site


@pytest.fixture
def adviser(region, theme):
    from loket.intake.models import Adviser, AdviserRole

    person = Adviser.objects.create(
        site=region,
        name="Gerard Willemsen",
        role=AdviserRole.VETERAN,
        intro="Bouwde een installatiebedrijf op tot 40 man.",
    )
    person.themes.add(theme)
    return person


@pytest.fixture
def make_slot(adviser):
    """A slot of ``adviser`` ``days`` ahead (negative: in the past)."""
    from datetime import timedelta

    from django.utils import timezone

    from loket.intake.models import Kind, Slot, SlotFormat

    def make(days=3, hour=10, minute=0, kind=Kind.SPEEDCONSULT, who=None, **fields):
        start = (timezone.localtime() + timedelta(days=days)).replace(
            hour=hour, minute=minute, second=0, microsecond=0
        )
        return Slot.objects.create(
            adviser=who or adviser,
            kind=kind,
            duration_minutes=20 if kind == Kind.SPEEDCONSULT else 45,
            format=fields.pop("format", SlotFormat.VIDEO),
            starts_at=start,
            **fields,
        )

    return make


@pytest.fixture
def booking_data(data):
    """What a visitor fills in on step 3 of booking."""
    return {key: value for key, value in data.items() if key not in ("channel", "campaign")}
