"""Every staff list in the admin costs the same number of queries with 3 items as with 30.

The lists are read from Wagtail's viewset registry (every snippet and model viewset with an
index view), so a new list cannot be forgotten: the registry test fails until it has a builder
here. Each list is opened by a superuser and, where the role reaches it, by a regional staff
member (Communitymanager and Communicatie of the default region), whose list is filtered to their
region: both must stay constant. A list that grows by a query per row fetched a relation per
row: give the viewset's queryset a ``select_related``/``prefetch_related``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time, timedelta
from functools import cached_property

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from campaigns.mailings.models import Mailing
from campaigns.models import Referral
from campaigns.offers import LimitedOffer, OfferClaim
from community.intervision.models import (
    Facilitator,
    IntervisionApplication,
    IntervisionGroup,
    IntervisionParticipant,
    IntervisionSession,
)
from community.models import (
    CommunityEvent,
    Flag,
    ModerationAction,
    Thread,
    TopicProposal,
)
from loket.accounts.services.roles import (
    ROLE_COMMUNICATIE,
    ROLE_COMMUNITYMANAGER,
    sync_region_roles,
)
from loket.credits.models import CreditTransaction, Redemption, Reward
from loket.intake.models import Adviser, Booking, IntakeRequest, Slot, WeeklyAvailability
from loket.mail.models import OutgoingMail
from loket.partners.models import Handover, Organisation
from loket.themes.models import Theme
from testimonials.models import Ambassador, JourneyPhase
from tests.factories import (
    CampaignPageFactory,
    CommunityPageFactory,
    EventPageFactory,
    ExperienceFactory,
    MemberFactory,
    MembershipFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30


class World:
    """What the rows of a list hang on, made once per test (the rows themselves differ)."""

    def __init__(self, home):
        self.home = home
        self.site = Site.objects.get(is_default_site=True)

    @cached_property
    def theme(self):
        return Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})[0]

    @cached_property
    def event(self):
        return EventPageFactory()

    @cached_property
    def community(self):
        return CommunityPageFactory()

    @cached_property
    def campaign(self):
        return CampaignPageFactory()

    @cached_property
    def adviser(self):
        return Adviser.objects.create(site=self.site, name="Anna Adviseur")

    @cached_property
    def group(self):
        return intervision_group(self, 0)

    @cached_property
    def offer(self):
        return LimitedOffer.objects.create(
            campaign=self.campaign, key="plek", title="Plek", total=99
        )

    def thread(self, i):
        return Thread.objects.create(
            community=self.community, author=MemberFactory(), title=f"Vraag {i}", body="Wie weet?"
        )


def intake(w, i):
    return IntakeRequest.objects.create(
        name=f"Ondernemer {i}",
        email=f"ondernemer{i}@example.nl",
        question="Hoe krijg ik grip op mijn cashflow?",
        channel="video",
        theme=w.theme,
        site=w.site,
        user=MemberFactory(),
    )


def slot(w, i):
    return Slot.objects.create(
        adviser=w.adviser, site=w.site, starts_at=timezone.now() + timedelta(days=1, hours=i)
    )


def spend(member, amount=-10):
    return CreditTransaction.objects.create(
        member=member, amount=amount, kind="besteding", reason="Beloning", created_by=member
    )


def intervision_group(w, i):
    return IntervisionGroup.objects.create(
        title=f"Groep {i}",
        theme=w.theme,
        site=w.site,
        province="utrecht",
        day_part="ma-avond",
        facilitator=MemberFactory(),
    )


def application(w, i):
    return IntervisionApplication.objects.create(
        member=MemberFactory(),
        theme=w.theme,
        site=w.site,
        group=w.group,
        sector="G",
        size_band="2-4",
        province="utrecht",
        municipality="Utrecht",
        question="Hoe houd ik personeel?",
        consent_text="Ja",
        consent_at=timezone.now(),
    )


@dataclass
class StaffList:
    """How to fill one list with one more row; ``staff``: the regional staff member reaches it."""

    url_name: str
    add: Callable[[World, int], object]
    staff: bool = True
    # The URL's arguments, for a list of one thing (an event's attendees).
    args: Callable[[World], list] = field(default=lambda w: [])
    row: bytes = b"<tr"  # what each row of the list starts with


def snippet(app_model: str) -> str:
    return f"wagtailsnippets_{app_model.replace('.', '_').lower()}:list"


LISTS = [
    StaffList(snippet("accounts.Profile"), lambda w, i: MemberFactory().profile),
    StaffList(
        snippet("themes.Theme"),
        lambda w, i: Theme.objects.create(name=f"Thema {i}", slug=f"thema-{i}"),
        staff=False,
    ),
    StaffList(
        snippet("mail.OutgoingMail"),
        lambda w, i: OutgoingMail.objects.create(
            to=f"lid{i}@example.nl",
            from_email="loket@example.nl",
            subject=f"Bericht {i}",
            html="<p>x</p>",
            text="x",
            template="test",
            idempotency_key=f"lijst-{i}",
        ),
        staff=False,
    ),
    StaffList(
        snippet("credits.CreditTransaction"),
        lambda w, i: CreditTransaction.objects.create(
            member=MemberFactory(),
            amount=5,
            kind="toekenning",
            reason="Bijeenkomst bezocht",
            created_by=MemberFactory(),
            decided_by=MemberFactory(),
        ),
    ),
    StaffList(
        snippet("credits.Reward"),
        lambda w, i: Reward.objects.create(
            title=f"Beloning {i}", price=10, stock=5, host=MemberFactory(), site=w.site
        ),
    ),
    StaffList(
        snippet("credits.Redemption"),
        lambda w, i: Redemption.objects.create(
            reward=Reward.objects.create(title=f"Beloning {i}", price=10, stock=5),
            member=(member := MemberFactory()),
            spend=spend(member),
            site=w.site,
            handled_by=MemberFactory(),
        ),
    ),
    StaffList(snippet("intake.IntakeRequest"), intake),
    StaffList(
        snippet("intake.Booking"),
        lambda w, i: Booking.objects.create(intake=intake(w, i), slot=slot(w, i), site=w.site),
    ),
    StaffList(snippet("intake.Slot"), slot),
    StaffList(
        snippet("intake.WeeklyAvailability"),
        lambda w, i: WeeklyAvailability.objects.create(
            adviser=Adviser.objects.create(site=w.site, name=f"Adviseur {i}"),
            weekday=i % 5,
            start_time=time(9, 0),
        ),
    ),
    StaffList(
        snippet("intake.Adviser"),
        lambda w, i: Adviser.objects.create(site=w.site, name=f"Adviseur {i}"),
    ),
    StaffList(
        snippet("partners.Organisation"),
        lambda w, i: Organisation.objects.create(
            name=f"Bank {i}", kind="bank", tier="sla", description="Financiering", site=w.site
        ),
    ),
    StaffList(
        snippet("partners.Handover"),
        lambda w, i: Handover.objects.create(
            intake=intake(w, i),
            site=w.site,
            contact_name="Piet",
            organisation_name=f"Bank {i}",
            tier="sla",
            consent_text="Ja",
            consented_at=timezone.now(),
            created_by=MemberFactory(),
        ),
    ),
    StaffList(
        snippet("events.Registration"), lambda w, i: RegistrationFactory(event=EventPageFactory())
    ),
    StaffList(
        snippet("community.Flag"),
        lambda w, i: Flag.objects.create(
            thread=w.thread(i), reason="spam", reporter=MemberFactory()
        ),
    ),
    StaffList(
        snippet("community.Membership"),
        lambda w, i: MembershipFactory(community=CommunityPageFactory()),
    ),
    StaffList(
        snippet("community.TopicProposal"),
        lambda w, i: TopicProposal.objects.create(
            community=CommunityPageFactory(),
            title=f"Voorstel {i}",
            author=MemberFactory(),
            theme=w.theme,
        ),
    ),
    StaffList(
        snippet("community.CommunityEvent"),
        lambda w, i: CommunityEvent.objects.create(
            community=CommunityPageFactory(), event=EventPageFactory()
        ),
    ),
    StaffList(
        snippet("community.ModerationAction"),
        lambda w, i: ModerationAction.objects.create(
            community=w.community,
            action="verbergen",
            moderator=MemberFactory(),
            member=MemberFactory(),
            thread=w.thread(i),
            reason="Spam",
        ),
    ),
    StaffList(snippet("intervision.IntervisionGroup"), intervision_group),
    StaffList(snippet("intervision.IntervisionApplication"), application),
    StaffList(
        snippet("intervision.IntervisionParticipant"),
        lambda w, i: IntervisionParticipant.objects.create(
            group=intervision_group(w, i), member=MemberFactory()
        ),
    ),
    StaffList(
        snippet("intervision.IntervisionSession"),
        lambda w, i: IntervisionSession.objects.create(
            group=intervision_group(w, i),
            starts_at=timezone.now() + timedelta(days=i),
            ends_at=timezone.now() + timedelta(days=i, hours=2),
        ),
    ),
    StaffList(
        snippet("intervision.Facilitator"),
        lambda w, i: Facilitator.objects.create(
            user=MemberFactory(), name=f"Begeleider {i}", site=w.site
        ),
    ),
    StaffList(
        snippet("testimonials.Experience"),
        lambda w, i: ExperienceFactory(site=w.site, theme=w.theme, contributor=MemberFactory()),
    ),
    StaffList(
        snippet("testimonials.Ambassador"),
        lambda w, i: Ambassador.objects.create(
            name=f"Ambassadeur {i}",
            slug=f"ambassadeur-{i}",
            company="Bakkerij",
            quote="Doen!",
            member=MemberFactory(),
        ),
    ),
    StaffList(
        snippet("testimonials.JourneyPhase"),
        lambda w, i: JourneyPhase.objects.create(name=f"Fase {i}"),
    ),
    StaffList(
        snippet("campaigns.LimitedOffer"),
        lambda w, i: LimitedOffer.objects.create(
            campaign=CampaignPageFactory(), key=f"plek-{i}", title=f"Plek {i}", total=10
        ),
    ),
    StaffList(
        snippet("campaigns.OfferClaim"),
        lambda w, i: OfferClaim.objects.create(offer=w.offer, user=MemberFactory()),
    ),
    StaffList(
        snippet("campaigns.Referral"),
        lambda w, i: Referral.objects.create(
            referrer=MemberFactory(),
            referred=MemberFactory(),
            channel="mail",
            email=f"getipt{i}@example.nl",
        ),
    ),
    StaffList(
        snippet("mailings.Mailing"),
        lambda w, i: Mailing.objects.create(
            subject=f"Nieuwsbrief {i}",
            body=[],
            site=w.site,
            campaign=w.campaign,
            created_by=MemberFactory(),
        ),
    ),
    # Our own list views of the admin (not viewsets).
    StaffList(
        "credits_admin:review",
        lambda w, i: CreditTransaction.objects.create(
            member=MemberFactory(),
            amount=5,
            kind="toekenning",
            status="in_behandeling",
            reason="Bijeenkomst bezocht",
        ),
    ),
    StaffList(
        "credits_admin:redemptions",
        lambda w, i: Redemption.objects.create(
            reward=Reward.objects.create(title=f"Beloning {i}", price=10, stock=5),
            member=(member := MemberFactory()),
            spend=spend(member),
            site=w.site,
        ),
    ),
    StaffList(
        "events_admin:attendees",
        lambda w, i: RegistrationFactory(event=w.event),
        args=lambda w: [w.event.pk],
        row=b'class="attendees__row"',
    ),
    StaffList("wagtailusers_users:index", lambda w, i: MemberFactory(), staff=False),
    StaffList(
        "wagtailusers_groups:index",
        lambda w, i: Group.objects.create(name=f"Werkgroep {i}"),
        staff=False,
    ),
    StaffList(
        "wagtailsites:index",
        lambda w, i: Site.objects.create(hostname=f"regio{i}.example.nl", root_page=w.home),
        staff=False,
    ),
]


def regional_staff(site):
    roles = sync_region_roles(site)
    user = UserFactory(email="regio.staf@ondernemersloket.nl", email_verified=True)
    user.groups.add(roles.group(ROLE_COMMUNITYMANAGER), roles.group(ROLE_COMMUNICATIE))
    return user


def open_list(client, url, row):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), response.content.count(row)


@pytest.mark.parametrize("staff_list", LISTS, ids=[s.url_name.replace(":list", "") for s in LISTS])
def test_a_staff_list_costs_the_same_queries_with_3_or_30_rows(client, home, staff_list):
    world = World(home)
    superuser = UserFactory(email="beheer@ondernemersloket.nl", is_superuser=True, is_staff=True)
    staff = regional_staff(world.site)
    url = reverse(staff_list.url_name, args=staff_list.args(world))
    for i in range(FEW):
        staff_list.add(world, i)

    few = {}
    for user in [superuser, staff] if staff_list.staff else [superuser]:
        client.force_login(user)
        client.get(url)  # warms what is worked out once per process (content types, hooks)
        few[user] = open_list(client, url, staff_list.row)
    for i in range(FEW, MANY):
        staff_list.add(world, i)
    for user, (queries, rows) in few.items():
        client.force_login(user)
        more_queries, more_rows = open_list(client, url, staff_list.row)
        assert more_rows > rows, "the list did not show the rows added"
        assert more_queries == queries, (user.email, queries, more_queries)

    if not staff_list.staff:
        client.force_login(staff)
        assert client.get(url).status_code in (302, 403)


def test_every_list_in_the_admin_has_a_builder_here(client):
    client.get("/admin/")  # the URL conf (and so the viewset registry) is loaded
    listed = {
        vs.get_url_name("index")
        for vs in viewsets.viewsets
        if isinstance(vs, ModelViewSet) and not isinstance(vs, SnippetChooserViewSet)
    }
    built = {s.url_name.replace(":list", ":index") for s in LISTS}
    assert len(listed) >= 30
    missing = listed - built
    assert not missing, f"give these lists a builder in LISTS: {sorted(missing)}"
