"""Factories for the community app: the communities index, communities and memberships.

``MembershipFactory(community=c)`` makes a new confirmed member who joined ``c`` just now.
"""

from __future__ import annotations

from typing import Any

import factory

from django.utils import timezone

from community.intervision.models import IntervisionIndexPage
from community.models import CommunityIndexPage, CommunityPage, Membership

from .accounts import MemberFactory
from .pages import PageFactory, index_of


class CommunityIndexPageFactory(PageFactory):
    class Meta:
        model = CommunityIndexPage

    title = "Communities"
    slug = "communities"
    intro = "Vind je peers."


class CommunityPageFactory(PageFactory):
    """A members-only community in the building trade, in the province of Utrecht."""

    class Meta:
        model = CommunityPage

    parent = index_of(CommunityIndexPage, CommunityIndexPageFactory)
    title = factory.Sequence(lambda n: f"Bouwondernemers {n}")
    slug = factory.Sequence(lambda n: f"bouwondernemers-{n}")
    intro = "Ondernemers in de bouw helpen elkaar verder."
    region = "utrecht"
    sector = "F"


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member of a community; ``status="lid"`` (the default) sets ``joined_at`` to now.

    A second call for the same member and community updates that row (status, role, date).
    """

    class Meta:
        model = Membership

    member = factory.SubFactory(MemberFactory)
    community = factory.SubFactory(CommunityPageFactory)
    status = "lid"
    role = Membership.Role.MEMBER
    joined_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == "lid" else None)

    @classmethod
    def _create(cls, model_class: type[Membership], *args: Any, **kwargs: Any) -> Membership:
        member, community = kwargs.pop("member"), kwargs.pop("community")
        row, _created = model_class.objects.update_or_create(
            member=member, community=community, defaults=kwargs
        )
        return row


class IntervisionIndexPageFactory(PageFactory):
    class Meta:
        model = IntervisionIndexPage

    title = "Intervisie"
    slug = "intervisie"
    intro = "Leer van peers."
