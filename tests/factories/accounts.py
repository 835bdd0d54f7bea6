"""Factories shared by the whole suite: accounts and members.

``UserFactory`` makes a plain account that has not confirmed its address yet;
``MemberFactory`` a confirmed member with a filled-in profile. Both log in with ``PASSWORD``.
"""

import factory

from django.contrib.auth import get_user_model

from loket.accounts.models import Profile

PASSWORD = "Zonnebloem-veld-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"ondernemer{n}@example.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)
    email_verified = False
    is_active = True


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, email_verified=True)
    company_name = factory.Sequence(lambda n: f"Bakkerij De Korenschoof {n}")
    sector = "G"
    company_size = "5-9"
    province = "utrecht"
    municipality = "Amersfoort"
    bio = "Ik run een bakkerij met zeven mensen en wil groeien zonder de kwaliteit te verliezen."


class MemberFactory(UserFactory):
    """A confirmed member with a profile (``user.profile``)."""

    email_verified = True
    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user")
