"""Fixtures of the accounts tests: members, a signed-in client and the mail they receive."""

import pytest

from tests.factories import PASSWORD, MemberFactory, UserFactory


@pytest.fixture
def member(db):
    return MemberFactory(first_name="Fatima", last_name="El Amrani", email="fatima@example.nl")


@pytest.fixture
def unverified(db):
    return UserFactory(first_name="Joost", email="joost@example.nl")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a request (or any call) and deliver the mail it queued: ``send(client.post, url, data)``.

    Returns the response; the delivered mails are in ``django.core.mail.outbox``.
    """

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
