"""Staff decisions on the ledger (approve, reject, reverse, correct) land in Wagtail's log as the
staff's act with the amount, and show in the site history report and the row's history."""

import pytest

from django.urls import reverse

from wagtail.models import ModelLogEntry

from loket.credits import services
from loket.credits.models import CreditTransaction, Kind

pytestmark = pytest.mark.django_db


def entries(row=None):
    rows = ModelLogEntry.objects.filter(content_type__model="credittransaction")
    if row is not None:
        rows = rows.filter(object_id=str(row.pk))
    return list(rows.order_by("pk"))


def pending(member, reference="r:1", amount=10):
    award, _created = services.award_credits(
        member, amount, reason="Tip", reference=reference, needs_review=True
    )
    return award


def test_approve_and_reject_from_the_review_list_are_logged(client, member, staff):
    approved, rejected = pending(member, "r:1"), pending(member, "r:2", 5)
    client.force_login(staff)

    client.post(reverse("credits_admin:decide", args=[approved.pk, "goedkeuren"]))
    client.post(reverse("credits_admin:decide", args=[rejected.pk, "afwijzen"]))
    client.post(reverse("credits_admin:decide", args=[rejected.pk, "afwijzen"]))  # refused

    [entry] = entries(approved)
    assert (entry.action, entry.user_id) == ("loket.credits.award_approved", staff.pk)
    assert entry.data["amount"] == 10
    assert [e.action for e in entries(rejected)] == ["loket.credits.award_rejected"]


def test_reversal_is_one_entry_on_the_award(member, staff):
    award = services.approve_award(pending(member), staff=staff)
    still_pending = pending(member, "r:2", 5)

    correction = services.reverse_award(award, staff=staff, reason="Dubbel toegekend")
    services.reverse_award(still_pending, staff=staff, reason="Dubbel toegekend")

    assert [e.action for e in entries(award)] == [
        "loket.credits.award_approved",
        "loket.credits.award_reversed",
    ]
    assert entries(award)[-1].data["correction_id"] == correction.pk
    assert entries(correction) == []
    assert [e.action for e in entries(still_pending)] == ["loket.credits.award_reversed"]


def test_a_correction_is_logged_with_its_amount(client, member, staff):
    client.force_login(staff)
    client.post(
        reverse("credits_admin:correct"),
        {"email": member.email, "amount": 7, "reason": "Goedmaker na storing"},
    )

    row = CreditTransaction.objects.get(kind=Kind.CORRECTION)
    [entry] = entries(row)
    assert (entry.action, entry.user_id, entry.data["amount"]) == (
        "loket.credits.corrected",
        staff.pk,
        7,
    )


def test_a_refused_correction_logs_nothing(member, staff):
    with pytest.raises(services.InsufficientCredits):
        services.correct(member, -5, reason="Te veel", staff=staff)
    with pytest.raises(services.CreditError):
        services.correct(member, 5, reason="", staff=staff)
    assert entries() == []


def test_staff_see_the_decision_in_site_history_and_the_row_history(client, member, staff):
    award = services.approve_award(pending(member, amount=12), staff=staff)
    client.force_login(staff)

    report = client.get(reverse("wagtailadmin_reports:site_history"))
    history = client.get(
        reverse("wagtailsnippets_credits_credittransaction:history", args=[award.pk])
    )

    assert report.status_code == history.status_code == 200
    assert "Toekenning van 12 credits goedgekeurd" in report.content.decode()
    assert "Toekenning van 12 credits goedgekeurd" in history.content.decode()
