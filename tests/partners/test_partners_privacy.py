"""AVG: a member's handovers and follow-ups are in their export and go with their account; a
non-member's go once their intake request is erased."""

import pytest

from loket.accounts.services.member_data import delete_account, export_member_data
from loket.intake import services as intake_services
from loket.partners import services
from loket.partners.models import FollowUp, Handover
from loket.partners.privacy import erase_with_erased_intakes

pytestmark = pytest.mark.django_db


def _hand_over(intake, contact, manager):
    return services.hand_over(
        intake,
        contact=contact,
        consent_given=True,
        consent_shown=services.consent_text(contact),
        by=manager,
    )


@pytest.fixture
def member(db, theme):
    from tests.factories import MemberFactory

    return MemberFactory(email="joost@bakkerijbakker.nl", first_name="Joost")


def test_the_export_holds_handovers_and_follow_ups(make_intake, member, manager_x, partners):
    _hand_over(make_intake(user=member), partners["sla"][1], manager_x)
    data = export_member_data(member)["doorverwijzingen_en_nabellen"]
    assert data["overdrachten"][0]["organisatie"] == "Rabobank Utrecht"
    assert data["overdrachten"][0]["akkoord_tekst"].startswith("Ik vind het goed")
    assert data["nabellen"][0]["na"] == "Overdracht"


def test_deleting_the_account_erases_them(make_intake, member, manager_x, partners):
    _hand_over(make_intake(user=member), partners["sla"][1], manager_x)
    other = _hand_over(
        make_intake(name="Lotte Janssen", email="lotte@studio.nl"), partners["sla"][1], manager_x
    )
    delete_account(member, keep_content=False)
    assert list(Handover.objects.all()) == [other]
    assert list(FollowUp.objects.values_list("name", flat=True)) == ["Lotte Janssen"]


def test_a_non_members_go_with_their_erased_request(make_intake, manager_x, partners):
    handover = _hand_over(make_intake(), partners["sla"][1], manager_x)
    intake_services.anonymise(handover.intake)
    assert erase_with_erased_intakes() == 2
    assert not Handover.objects.exists() and not FollowUp.objects.exists()
    assert erase_with_erased_intakes() == 0
