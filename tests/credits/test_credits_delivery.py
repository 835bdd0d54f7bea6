"""Delivering a redeemed reward: aangevraagd → ingepland → geleverd, or geannuleerd with the
credits refunded once. Staff act in the admin (a Communitymanager, not a superuser), every step
is logged and mailed to the member, the member sees where it stands, and staff see what is late."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from wagtail.models import ModelLogEntry

from loket.accounts import privacy
from loket.credits import services
from loket.credits.models import CreditTransaction, Kind, Redemption, Reward
from loket.mail.models import OutgoingMail
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

State = Redemption.State


@pytest.fixture
def host(db):
    return MemberFactory(email="karin@example.nl", first_name="Karin", last_name="de Vries")


@pytest.fixture
def conversation(host):
    return Reward.objects.create(
        title="Gesprek met een bekende ondernemer",
        type=Reward.Type.CONVERSATION,
        price=15,
        stock=10,
        host=host,
        host_url="https://loket.example.nl/ambassadeurs/karin-de-vries/",
    )


@pytest.fixture
def redemption(member, conversation):
    services.award_credits(member, 20, reason="Tip", reference="r:1")
    return services.redeem(member, conversation)


def later(days=7):
    return (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)


def mails(redemption):
    return list(OutgoingMail.objects.filter(template="credits_reward_status").order_by("pk"))


def log_actions(redemption):
    return list(
        ModelLogEntry.objects.filter(content_type__model="redemption", object_id=str(redemption.pk))
        .order_by("pk")
        .values_list("action", "user_id")
    )


# The service: transitions


def test_a_reward_is_planned_then_delivered_and_each_step_is_logged(redemption, staff):
    when = later()
    planned = services.schedule_redemption(
        redemption, when=when, note="Bij Karin op kantoor in Zwolle.", staff=staff
    )
    assert (planned.state, planned.scheduled_for, planned.note) == (
        State.SCHEDULED,
        when,
        "Bij Karin op kantoor in Zwolle.",
    )
    delivered = services.fulfil_redemption(planned, staff=staff)

    assert delivered.state == State.FULFILLED
    assert delivered.handled_by == staff
    assert log_actions(redemption) == [
        ("loket.credits.reward_scheduled", staff.pk),
        ("loket.credits.reward_fulfilled", staff.pk),
    ]
    # Delivered, not refunded: the credits stay spent.
    assert services.balance(redemption.member).available == 5


def test_a_gadget_may_be_delivered_without_planning(redemption, staff):
    assert services.fulfil_redemption(redemption, staff=staff).state == State.FULFILLED


def test_a_planned_reward_can_be_planned_again(redemption, staff):
    services.schedule_redemption(redemption, when=later(3), staff=staff)
    moved = services.schedule_redemption(redemption, when=later(10), note="Verzet", staff=staff)
    assert (moved.state, moved.scheduled_for, moved.note) == (State.SCHEDULED, later(10), "Verzet")


def _to_state(redemption, state, staff):
    if state == State.FULFILLED:
        services.fulfil_redemption(redemption, staff=staff)
    elif state == State.CANCELLED:
        services.cancel_redemption(redemption, staff=staff)
    return Redemption.objects.get(pk=redemption.pk)


STEPS = {
    "inplannen": lambda r, staff: services.schedule_redemption(r, when=later(), staff=staff),
    "leveren": lambda r, staff: services.fulfil_redemption(r, staff=staff),
    "annuleren": lambda r, staff: services.cancel_redemption(r, staff=staff),
}


@pytest.mark.parametrize("final", [State.FULFILLED, State.CANCELLED])
@pytest.mark.parametrize("step", STEPS)
def test_nothing_moves_a_delivered_or_cancelled_reward(redemption, staff, final, step):
    redemption = _to_state(redemption, final, staff)
    refunds_before = CreditTransaction.objects.filter(kind=Kind.REFUND).count()
    entries_before = len(log_actions(redemption))
    mails_before = len(mails(redemption))

    with pytest.raises(services.CreditError) as refused:
        STEPS[step](redemption, staff)

    assert refused.value.code == "wrong_transition"
    expected = "al geleverd" if final == State.FULFILLED else "geannuleerd"
    assert expected in str(refused.value.message)
    assert Redemption.objects.get(pk=redemption.pk).state == final
    assert CreditTransaction.objects.filter(kind=Kind.REFUND).count() == refunds_before
    assert len(log_actions(redemption)) == entries_before
    assert len(mails(redemption)) == mails_before


@pytest.mark.parametrize(
    ("when", "note", "message"),
    [
        (None, "", "Kies de datum en tijd"),
        ("past", "", "in de toekomst"),
        ("future", "x" * 1001, "onder 1000 tekens"),
    ],
)
def test_planning_needs_a_future_moment_and_a_short_note(redemption, staff, when, note, message):
    moment = {None: None, "past": later(-1), "future": later()}[when]
    with pytest.raises(services.CreditError) as refused:
        services.schedule_redemption(redemption, when=moment, note=note, staff=staff)
    assert message in str(refused.value.message)
    assert Redemption.objects.get(pk=redemption.pk).state == State.REQUESTED
    assert mails(redemption) == []


@pytest.mark.parametrize("planned_first", [False, True])
def test_cancelling_refunds_the_credits_once(redemption, staff, planned_first):
    member = redemption.member
    if planned_first:
        services.schedule_redemption(redemption, when=later(), staff=staff)
    services.cancel_redemption(redemption, staff=staff)
    with pytest.raises(services.CreditError):
        services.cancel_redemption(redemption, staff=staff)

    [refund] = CreditTransaction.objects.filter(member=member, kind=Kind.REFUND)
    assert (refund.amount, refund.related_id, refund.created_by) == (15, redemption.spend_id, staff)
    assert services.balance(member).available == 20
    assert log_actions(redemption)[-1] == ("loket.credits.reward_cancelled", staff.pk)


# Mail at each step


def test_the_member_is_mailed_at_each_step_and_only_once(redemption, staff, host):
    when = later()
    services.schedule_redemption(
        redemption, when=when, note="Neem je jaarcijfers mee.", staff=staff
    )
    services.fulfil_redemption(redemption, staff=staff)
    # A task or a view that sends the same step again writes no second mail.
    services.rewards._mail_member(Redemption.objects.get(pk=redemption.pk))

    planned, delivered = mails(redemption)
    assert {planned.to, delivered.to} == {"sanne@example.nl"}
    assert planned.subject == "Ingepland: Gesprek met een bekende ondernemer"
    local = timezone.localtime(when)
    assert f"om {local:%H:%M}" in planned.text
    assert "Neem je jaarcijfers mee." in planned.text
    assert "Karin de Vries" in planned.text and host_url(redemption) in planned.html
    assert delivered.subject == "Geleverd: Gesprek met een bekende ondernemer"
    assert "is geleverd" in delivered.text
    assert "jaarcijfers" not in delivered.text  # the planning's directions are not repeated
    assert reverse("credits:overview") in delivered.text


def test_choosing_a_reward_is_confirmed_by_mail_once(redemption, host):
    [mail] = OutgoingMail.objects.filter(template="credits_reward_requested")
    assert mail.to == "sanne@example.nl"
    assert mail.subject == "Aangevraagd: Gesprek met een bekende ondernemer"
    assert "gekozen voor 15 credits" in mail.text
    assert "Karin de Vries" in mail.text and host_url(redemption) in mail.html
    assert reverse("credits:overview") in mail.text


def host_url(redemption):
    return redemption.reward.host_url


def test_a_cancellation_mail_says_the_credits_are_back(redemption, staff):
    services.cancel_redemption(redemption, staff=staff)
    [mail] = mails(redemption)
    assert mail.subject == "Geannuleerd: Gesprek met een bekende ondernemer"
    assert "Je 15 credits staan weer op je saldo." in mail.text


def test_planning_again_mails_the_new_moment(redemption, staff):
    services.schedule_redemption(redemption, when=later(3), staff=staff)
    services.schedule_redemption(redemption, when=later(3), staff=staff)  # same moment: no mail
    services.schedule_redemption(redemption, when=later(9), staff=staff)
    assert len(mails(redemption)) == 2


# The member's credits page


def test_the_member_sees_where_their_reward_stands(client, redemption, staff, member):
    client.force_login(member)
    html = client.get(reverse("credits:overview")).content.decode()
    assert "Je gekozen beloningen" in html and "Aangevraagd" in html

    when = later(5)
    services.schedule_redemption(redemption, when=when, note="Bij Karin in Zwolle.", staff=staff)
    html = client.get(reverse("credits:overview")).content.decode()
    local = timezone.localtime(when)
    assert "Ingepland" in html
    assert f"{formats.date_format(local, 'l j F Y')} om {local:%H:%M}" in html
    assert "Bij Karin in Zwolle." in html
    assert f'<a href="{host_url(redemption)}">Karin de Vries</a>' in html

    services.fulfil_redemption(redemption, staff=staff)
    html = client.get(reverse("credits:overview")).content.decode()
    assert "Geleverd" in html


def test_another_members_rewards_are_not_shown(client, redemption, other):
    client.force_login(other)
    html = client.get(reverse("credits:overview")).content.decode()
    assert "Je gekozen beloningen" not in html


# The staff list and steps in the admin


def make_requests(reward, n):
    members = [MemberFactory() for _ in range(n)]
    for m in members:
        services.award_credits(m, reward.price, reason="Tip", reference="r:1")
    return [services.redeem(m, reward) for m in members]


def rows_shown(html):
    return html.count('<tr id="aanvraag-')


def test_staff_see_late_requests_first_and_can_filter_on_them(client, staff, conversation):
    fresh, old, planned_past, planned_future = make_requests(conversation, 4)
    Redemption.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=15))
    services.schedule_redemption(planned_past, when=later(1), staff=staff)
    Redemption.objects.filter(pk=planned_past.pk).update(
        scheduled_for=timezone.now() - timedelta(hours=2)
    )
    services.schedule_redemption(planned_future, when=later(1), staff=staff)
    client.force_login(staff)
    assert not staff.is_superuser

    html = client.get(reverse("credits_admin:redemptions")).content.decode()
    assert rows_shown(html) == 4
    assert html.count("te laat</span>") == 2
    assert html.index(f'id="aanvraag-{old.pk}"') < html.index(f'id="aanvraag-{fresh.pk}"')

    late = client.get(reverse("credits_admin:redemptions"), {"status": "te_laat"})
    html = late.content.decode()
    assert rows_shown(html) == 2
    assert f'id="aanvraag-{old.pk}"' in html and f'id="aanvraag-{planned_past.pk}"' in html

    planned = client.get(reverse("credits_admin:redemptions"), {"status": "ingepland"})
    assert rows_shown(planned.content.decode()) == 2


def test_the_overdue_days_are_a_setting(client, staff, conversation, settings):
    [request] = make_requests(conversation, 1)
    Redemption.objects.filter(pk=request.pk).update(created_at=timezone.now() - timedelta(days=4))
    client.force_login(staff)
    url = reverse("credits_admin:redemptions")
    assert rows_shown(client.get(url, {"status": "te_laat"}).content.decode()) == 0
    settings.REWARD_OVERDUE_DAYS = 3
    assert rows_shown(client.get(url, {"status": "te_laat"}).content.decode()) == 1


def test_a_communitymanager_plans_delivers_and_is_logged(client, staff, redemption):
    client.force_login(staff)
    response = client.post(
        reverse("credits_admin:redemption_step", args=[redemption.pk, "inplannen"]),
        {"scheduled_for": later().strftime("%Y-%m-%dT%H:%M"), "note": "Koffie bij Karin."},
    )
    assert response.status_code == 302
    redemption.refresh_from_db()
    assert (redemption.state, redemption.note) == (State.SCHEDULED, "Koffie bij Karin.")

    client.post(reverse("credits_admin:redemption_step", args=[redemption.pk, "geleverd"]))
    redemption.refresh_from_db()
    assert redemption.state == State.FULFILLED
    assert [action for action, user in log_actions(redemption) if user == staff.pk] == [
        "loket.credits.reward_scheduled",
        "loket.credits.reward_fulfilled",
    ]


def test_a_wrong_step_in_the_admin_is_a_dutch_409(client, staff, redemption):
    client.force_login(staff)
    url = reverse("credits_admin:redemption_step", args=[redemption.pk, "annuleren"])
    assert client.post(url).status_code == 302
    again = client.post(url)  # a double click
    assert again.status_code == 409
    assert "al teruggeboekt" in again.content.decode()
    deliver = client.post(
        reverse("credits_admin:redemption_step", args=[redemption.pk, "geleverd"])
    )
    assert deliver.status_code == 409
    assert CreditTransaction.objects.filter(kind=Kind.REFUND).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scheduled_for": ""}, "Kies de datum en tijd"),
        ({"scheduled_for": "morgen"}, "Vul een geldige datum en tijd in."),
        ({"scheduled_for": "2020-01-01T10:00"}, "Kies een moment in de toekomst."),
    ],
)
def test_bad_planning_input_is_a_dutch_400(client, staff, redemption, data, message):
    client.force_login(staff)
    response = client.post(
        reverse("credits_admin:redemption_step", args=[redemption.pk, "inplannen"]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Redemption.objects.get(pk=redemption.pk).state == State.REQUESTED


def test_an_unknown_step_is_a_404(client, staff, redemption):
    client.force_login(staff)
    url = reverse("credits_admin:redemption_step", args=[redemption.pk, "verkopen"])
    assert client.post(url).status_code == 404


def test_staff_without_the_permission_cannot_act(client, redemption):
    editor = MemberFactory(is_staff=True)
    editor.user_permissions.add(*_admin_access())
    client.force_login(editor)
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message.
    refused = client.get(reverse("credits_admin:redemptions"))
    assert (refused.status_code, refused.url) == (302, "/admin/")
    url = reverse("credits_admin:redemption_step", args=[redemption.pk, "geleverd"])
    assert client.post(url).url == "/admin/"
    assert Redemption.objects.get(pk=redemption.pk).state == State.REQUESTED


def _admin_access():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def test_the_staff_list_costs_the_same_queries_for_10_and_50_rows(
    client, staff, conversation, django_assert_num_queries
):
    conversation.stock = 100
    conversation.save()
    client.force_login(staff)
    url = reverse("credits_admin:redemptions")
    make_requests(conversation, 10)
    client.get(url)  # warm up: sessions, site, content types
    with CaptureQueriesContext(connection) as ten:
        assert rows_shown(client.get(url).content.decode()) == 10

    make_requests(conversation, 40)
    with django_assert_num_queries(len(ten.captured_queries)) as fifty:
        assert rows_shown(client.get(url).content.decode()) == 50
    print(f"staff list queries: 10 rows {len(ten.captured_queries)}, 50 rows {len(fifty)}")


def test_the_avg_export_holds_the_chosen_rewards_with_staff_notes(redemption, member, staff):
    services.schedule_redemption(
        redemption, when=later(3), note="Bij Karin op kantoor, Utrecht", staff=staff
    )
    rows = privacy.export(member)["beloningen"]
    assert [(r["beloning"], r["status"], r["toelichting"]) for r in rows] == [
        ("Gesprek met een bekende ondernemer", "Ingepland", "Bij Karin op kantoor, Utrecht")
    ]
    assert rows[0]["ingepland_op"] is not None
