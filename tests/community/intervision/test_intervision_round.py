"""The manager's matching round: proposal, adjusting by hand, confirming, mails, tampering."""

import pytest

from django.urls import reverse

from community.intervision import services
from community.intervision.models import (
    IntervisionApplication,
    IntervisionGroup,
    IntervisionParticipant,
)
from community.services import CommunityError
from loket.mail.models import OutgoingMail
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

URL = "intervision_admin:matching"


def pool(make_application, theme, n, **fields):
    return [make_application(theme, **fields) for _ in range(n)]


def test_only_intervision_managers_open_the_round(client, staff_manager):
    client.force_login(MemberFactory(is_staff=True))
    assert client.get(reverse(URL)).status_code in (302, 403)
    client.force_login(staff_manager)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert "Niemand wacht op een groep" in response.content.decode()


def test_manager_sees_proposal_and_confirms(
    client,
    staff_manager,
    themes,
    make_application,
    intervision_index,
    django_capture_on_commit_callbacks,
):
    apps = pool(make_application, themes[0], 6)
    loner = make_application(themes[1])
    client.force_login(staff_manager)
    response = client.get(reverse(URL))
    body = response.content.decode()
    assert "zelfde thema" in body
    assert "nog te weinig aanmeldingen" in body
    assert "Voorgestelde groepen" in body and "6 / 8" in body
    data = {f"plaats_{a.pk}": "n1" for a in apps}
    data[f"plaats_{loner.pk}"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(URL), data, follow=True)
    assert "6 geplaatst, 1 wachten" in response.content.decode()
    group = IntervisionGroup.objects.get()
    assert group.status == "oprichting"
    assert group.participants.count() == 6
    assert all(p.explanation.startswith("zelfde thema") for p in group.participants.all())
    loner.refresh_from_db()
    assert loner.status == "wacht" and loner.rounds == 1 and "te weinig" in loner.last_reason
    placed_mail = OutgoingMail.objects.filter(to=apps[0].member.email).get()
    assert group.title in placed_mail.subject
    assert "/intervisie/groep/" in placed_mail.text
    waiting_mail = OutgoingMail.objects.get(to=loner.member.email)
    assert "blijft staan" in waiting_mail.text


def test_manager_moves_someone_by_hand(client, staff_manager, themes, make_application, make_group):
    group = make_group(themes[0], max_size=8)
    apps = pool(make_application, themes[0], 2)
    client.force_login(staff_manager)
    data = {f"plaats_{apps[0].pk}": f"g{group.pk}", f"plaats_{apps[1].pk}": ""}
    client.post(reverse(URL), data)
    assert list(group.participants.values_list("member", flat=True)) == [apps[0].member_id]
    apps[1].refresh_from_db()
    assert apps[1].status == "wacht"


def test_tampered_or_invalid_choices_store_nothing(
    client, staff_manager, themes, make_application, make_group
):
    full = make_group(themes[0], max_size=5, min_size=3)
    for user in MemberFactory.create_batch(5):
        full.participants.create(member=user)
    apps = pool(make_application, themes[0], 2)
    client.force_login(staff_manager)
    # A group key that is not on offer.
    response = client.post(
        reverse(URL), {f"plaats_{apps[0].pk}": "g99999", f"plaats_{apps[1].pk}": ""}
    )
    assert response.status_code == 409
    # An applicant id that is not in the round.
    response = client.post(
        reverse(URL),
        {f"plaats_{apps[0].pk}": "", f"plaats_{apps[1].pk}": "", "plaats_424242": ""},
    )
    assert response.status_code == 409
    # A full group.
    response = client.post(reverse(URL), {f"plaats_{a.pk}": f"g{full.pk}" for a in apps})
    assert response.status_code == 400
    assert "meer dan 5 deelnemers" in response.content.decode()
    assert IntervisionParticipant.objects.filter(application__isnull=False).count() == 0
    assert IntervisionApplication.objects.filter(status="wacht").count() == 2


def test_confirm_refuses_avoid_conflict_made_by_hand(
    staff_manager, themes, make_application, make_group
):
    group = make_group(themes[0], min_size=3)
    a = make_application(themes[0], company_name="Demir Bouw")
    b = make_application(themes[0], avoid_companies="demir bouw")
    round_ = services.run_round()
    with pytest.raises(CommunityError, match="liever niet"):
        services.confirm_round(staff_manager, round_, {a.pk: f"g{group.pk}", b.pk: f"g{group.pk}"})
    assert not group.participants.exists()


def test_confirm_needs_a_manager(themes, make_application):
    a = make_application(themes[0])
    round_ = services.run_round()
    with pytest.raises(CommunityError):
        services.confirm_round(MemberFactory(), round_, {a.pk: ""})


def test_communitymanagers_have_the_permissions(staff_manager):
    assert staff_manager.has_perm("intervision.change_intervisiongroup")
    assert staff_manager.has_perm("intervision.add_intervisionsession")
    assert not MemberFactory().has_perm("intervision.view_intervisioncase")
