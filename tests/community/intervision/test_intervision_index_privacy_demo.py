"""The /intervisie/ page (content and constant queries), AVG export and erase, and seed_demo."""

import pytest

from community.intervision import services
from community.intervision.models import (
    IntervisionApplication,
    IntervisionCase,
    IntervisionGroup,
    IntervisionParticipant,
    IntervisionSession,
)
from loket.accounts import privacy
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_index_explains_and_lists_only_forming_groups(
    client, intervision_index, themes, make_group
):
    make_group(themes[0], title="Groeien met personeel", facilitator_name="Marjolein Verhoef")
    make_group(themes[0], title="Actieve groep", status="actief")
    response = client.get(intervision_index.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Wat is intervisie?" in body and "Zo gaat een sessie" in body
    assert "Wat vraagt het van jou?" in body
    assert "Groeien met personeel" in body and "Marjolein Verhoef" in body
    assert "Actieve groep" not in body
    assert "0 van 8 plekken bezet" in body


def test_member_sees_own_groups_and_waiting_application(
    client, intervision_index, themes, make_group, make_application
):
    group = make_group(themes[0], title="Mijn groep", status="actief")
    member = MemberFactory()
    IntervisionParticipant.objects.create(group=group, member=member)
    client.force_login(member)
    body = client.get(intervision_index.url).content.decode()
    assert "Jouw groepen" in body and f"groep/{group.pk}/" in body
    waiting = make_application(themes[1])
    client.force_login(waiting.member)
    response = client.get(intervision_index.url)
    assert "Je bent aangemeld voor intervisie" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_index_queries_stay_constant(
    client, intervision_index, themes, make_group, django_assert_max_num_queries
):
    for n in range(2):
        make_group(themes[n % len(themes)])
    client.get(intervision_index.url)
    with django_assert_max_num_queries(12) as few:
        client.get(intervision_index.url)
    for n in range(10):
        group = make_group(themes[n % len(themes)])
        IntervisionParticipant.objects.create(group=group, member=MemberFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(intervision_index.url)


def test_export_and_erase(themes, make_group, make_application):
    application = make_application(themes[0], avoid_companies="Bos Transport")
    member = application.member
    group = make_group(themes[0], status="actief", facilitator=member)
    seat = IntervisionParticipant.objects.create(
        group=group, member=member, explanation="zelfde thema"
    )
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() + timedelta(days=3)
    session = IntervisionSession.objects.create(
        group=group, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    IntervisionCase.objects.create(
        session=session, author=member, title="Mijn casus", body="x" * 30
    )
    session.attendance.create(participant=seat)
    data = privacy.export(member)["intervisie"]
    assert data["aanmeldingen"][0]["liever_niet_met"] == ["Bos Transport"]
    assert data["aanmeldingen"][0]["toestemming_op"]
    assert data["groepen"][0]["groep"] == group.title
    assert data["casussen"][0]["titel"] == "Mijn casus"
    assert data["begeleider_van"] == [group.title]
    privacy.erase(member, keep_content=True)
    assert not IntervisionApplication.objects.filter(member=member).exists()
    assert not IntervisionParticipant.objects.filter(member=member).exists()
    assert not IntervisionCase.objects.exists()
    group.refresh_from_db()
    assert group.facilitator is None


def test_seed_demo_step_is_idempotent(home):
    from community.intervision.demo import seed_intervision
    from loket.core.seeding import SeedContext

    seed_intervision(SeedContext(options={}, home=home))
    counts = (
        IntervisionGroup.objects.count(),
        IntervisionApplication.objects.count(),
        IntervisionSession.objects.count(),
        IntervisionCase.objects.count(),
    )
    seed_intervision(SeedContext(options={}, home=home))
    assert counts == (
        IntervisionGroup.objects.count(),
        IntervisionApplication.objects.count(),
        IntervisionSession.objects.count(),
        IntervisionCase.objects.count(),
    )
    assert set(IntervisionGroup.objects.values_list("status", flat=True)) == {
        "oprichting",
        "actief",
        "afgerond",
    }
    # The demo's intervision page is in the main menu, like the other sections.
    from community.intervision.models import IntervisionIndexPage

    assert IntervisionIndexPage.objects.get().show_in_menus
    assert counts[1] >= 5 and counts[2] == 6 and counts[3] >= 1
    # The waiting applicants can be matched straight away.
    round_ = services.run_round()
    assert round_.proposal.placements or round_.proposal.unplaced


def test_theme_pages_list_forming_groups_only(intervision_index, themes, make_group):
    from django.template.loader import render_to_string

    from loket.core import registry

    make_group(themes[0], title="Groeien met personeel")
    make_group(themes[0], title="Actief en besloten", status="actief")
    listings = {lst.name: lst for lst in registry.collect("by_theme", theme=themes[0], limit=6)}
    items = listings["intervision"].items
    assert [g.title for g in items] == ["Groeien met personeel"]
    html = render_to_string(
        listings["intervision"].template, {"listing": listings["intervision"], "items": items}
    )
    assert "/intervisie/aanmelden/?groep=" in html
    assert "Actief en besloten" not in html
    assert "intervision" not in {
        lst.name for lst in registry.collect("by_theme", theme=themes[1], limit=6)
    }
