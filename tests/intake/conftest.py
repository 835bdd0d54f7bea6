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
    # A transactional test elsewhere may have flushed the themes the data migration made.
    return Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})[0]


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
