"""The warm handover, as a regional Communitymanager: choose a contact, record the consent with
its text, one introduction mail to both; the SLA-partner's signed confirmation; the alert."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from loket.intake.models import IntakeRequest, Status
from loket.partners import services
from loket.partners.models import FollowUp, FollowUpKind, Handover

pytestmark = pytest.mark.django_db

HANDLE = "wagtailsnippets_intake_intakerequest:handle"


def _url(intake):
    return reverse("partners_handover", args=[intake.pk])


def _post(client, intake, contact, *, consent="ja", text=None):
    return client.post(
        _url(intake),
        {
            "contact": contact.pk,
            "consent": consent,
            "consent_text": services.consent_text(contact) if text is None else text,
        },
    )


def test_the_intake_page_offers_the_warm_handover_instead_of_a_free_text_name(
    client, manager_x, make_intake
):
    intake = make_intake()
    client.force_login(manager_x)
    content = client.get(reverse(HANDLE, args=[intake.pk])).content.decode()
    assert "Warm overdragen" in content and _url(intake) in content
    assert 'name="referred_to"' not in content


def test_old_free_text_referrals_stay_readable(client, manager_x, make_intake):
    intake = make_intake()
    IntakeRequest.objects.filter(pk=intake.pk).update(
        status=Status.REFERRED, referred_to="Boekhouder Jansen"
    )
    client.force_login(manager_x)
    content = client.get(reverse(HANDLE, args=[intake.pk])).content.decode()
    assert "Boekhouder Jansen" in content
    assert "Warm overdragen" not in content.split("Warme overdracht")[1].split("</section>")[0]


def test_a_community_manager_hands_over_with_consent(
    client, manager_x, make_intake, partners, outbox
):
    intake = make_intake()
    org, contact = partners["sla"]
    client.force_login(manager_x)

    page = client.get(_url(intake)).content.decode()
    assert "Rabobank Utrecht" in page and "KVK Nederland" in page
    assert "Rabobank Arnhem" not in page  # another region's partner
    page = client.get(_url(intake), {"contact": contact.pk}).content.decode()
    assert services.consent_text(contact) in page

    response = _post(client, intake, contact)
    assert response.status_code == 302
    handover = Handover.objects.get()
    assert handover.consent_text == services.consent_text(contact)
    assert handover.created_by == manager_x and handover.site == org.site
    assert handover.reply_due_at - handover.created_at == timedelta(days=2)
    intake.refresh_from_db()
    assert intake.status == Status.REFERRED
    assert intake.referred_to == "Marloes Rabobank (Rabobank Utrecht)"

    mails = outbox(template="partners_introduction")
    assert sorted(mail.to for mail in mails) == sorted([intake.email, contact.email])
    to_partner = next(mail for mail in mails if mail.to == contact.email)
    to_entrepreneur = next(mail for mail in mails if mail.to == intake.email)
    assert "Hoi Joost en Marloes" in to_partner.text
    assert intake.question[:60] in to_partner.text and intake.question[:60] in to_entrepreneur.text
    assert handover.token in to_partner.text and handover.token not in to_entrepreneur.text
    assert to_partner.reply_to == intake.email and to_entrepreneur.reply_to == contact.email
    assert not outbox(template="intake_referred")  # the introduction replaces that mail

    follow_up = FollowUp.objects.get()
    assert follow_up.kind == FollowUpKind.HANDOVER and follow_up.responsible == manager_x
    assert follow_up.due_on == timezone.localdate() + timedelta(days=14)
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"loket.partners.handed_over", "loket.intake.referred"} <= actions


@pytest.mark.parametrize(
    "change, message",
    [
        ({"consent": ""}, "Zonder akkoord van de ondernemer dragen we niet over"),
        ({"text": "Ik vind alles goed."}, "De tekst van het akkoord klopt niet"),
    ],
)
def test_no_handover_without_the_consent_to_that_text(
    client, manager_x, make_intake, partners, outbox, change, message
):
    intake = make_intake()
    client.force_login(manager_x)
    response = _post(client, intake, partners["sla"][1], **change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Handover.objects.exists() and not FollowUp.objects.exists()
    assert IntakeRequest.objects.get().status == Status.NEW
    assert not outbox(template="partners_introduction")


def test_another_regions_contact_or_a_forged_id_is_refused(
    client, manager_x, make_intake, partners
):
    intake = make_intake()
    client.force_login(manager_x)
    response = _post(client, intake, partners["other"][1])
    assert response.status_code == 400
    assert "Kies een contactpersoon uit de lijst" in response.content.decode()
    response = client.post(_url(intake), {"contact": "99999", "consent": "ja"})
    assert response.status_code == 400
    assert not Handover.objects.exists()


def test_a_second_handover_of_the_same_request_changes_nothing(
    client, manager_x, make_intake, partners, outbox
):
    intake = make_intake()
    client.force_login(manager_x)
    _post(client, intake, partners["sla"][1])
    response = _post(client, intake, partners["network"][1])
    assert response.status_code in (400, 409)
    assert Handover.objects.get().organisation_name == "Rabobank Utrecht"
    assert len(outbox(template="partners_introduction")) == 2


def test_other_staff_cannot_hand_over(client, make_intake, partners, staff_of):
    intake = make_intake()
    # Communicatie handles intake requests but hands nothing over.
    client.force_login(staff_of("x", "communicatie"))
    assert _post(client, intake, partners["sla"][1]).status_code in (302, 403)
    assert not Handover.objects.exists()


def _hand_over(intake, partner, manager):
    return services.hand_over(
        intake,
        contact=partner[1],
        consent_given=True,
        consent_shown=services.consent_text(partner[1]),
        by=manager,
    )


def test_the_partner_confirms_through_the_signed_link(client, manager_x, make_intake, partners):
    handover = _hand_over(make_intake(), partners["sla"], manager_x)
    url = reverse("partners:confirm", args=[handover.token])
    page = client.get(url)
    assert page.status_code == 200 and "Ja, we hebben contact gehad" in page.content.decode()
    assert Handover.objects.get().confirmed_at is None  # a mail scanner's GET confirms nothing

    response = client.post(url)
    assert "Fijn dat je contact hebt gelegd met Joost" in response.content.decode()
    confirmed = Handover.objects.get().confirmed_at
    assert confirmed is not None

    again = client.post(url)
    assert "Er is niets veranderd" in again.content.decode()
    assert Handover.objects.get().confirmed_at == confirmed


@pytest.mark.parametrize(
    "token", ["1-nietgetekend", "abc", "99999-x", "{pk}-{signature}x", "{other}-{signature}"]
)
def test_a_forged_or_tampered_confirmation_link_is_refused(
    client, manager_x, make_intake, partners, token
):
    handover = _hand_over(make_intake(), partners["sla"], manager_x)
    pk, _sep, signature = handover.token.partition("-")
    token = token.format(pk=pk, signature=signature, other=int(pk) + 1)
    response = client.post(reverse("partners:confirm", args=[token]))
    assert response.status_code == 404
    assert "Deze link klopt niet (meer)" in response.content.decode()
    assert Handover.objects.get().confirmed_at is None


def test_an_old_unconfirmed_link_has_expired(client, manager_x, make_intake, partners):
    handover = _hand_over(make_intake(), partners["sla"], manager_x)
    Handover.objects.filter(pk=handover.pk).update(created_at=timezone.now() - timedelta(days=61))
    response = client.post(reverse("partners:confirm", args=[handover.token]))
    assert response.status_code == 410
    assert "Deze link is verlopen" in response.content.decode()
    assert Handover.objects.get().confirmed_at is None


def test_a_network_partner_has_nothing_to_confirm(client, manager_x, make_intake, partners, outbox):
    handover = _hand_over(make_intake(), partners["network"], manager_x)
    assert handover.reply_due_at is None
    assert handover.token not in outbox(to=partners["network"][1].email)[0].text
    response = client.post(reverse("partners:confirm", args=[handover.token]))
    assert response.status_code == 404
    assert Handover.objects.get().confirmed_at is None


def test_the_desk_is_alerted_once_when_the_partner_does_not_confirm_in_time(
    manager_x, make_intake, partners, outbox
):
    handover = _hand_over(make_intake(), partners["sla"], manager_x)
    later = handover.reply_due_at
    assert services.alert_unconfirmed(now=later - timedelta(minutes=1)) == 0
    assert services.alert_unconfirmed(now=later + timedelta(minutes=1)) == 1
    assert services.alert_unconfirmed(now=later + timedelta(hours=2)) == 0  # safe to run twice
    alerts = outbox(template="partners_unconfirmed")
    assert [mail.to for mail in alerts] == [manager_x.email]
    assert "Marloes Rabobank van Rabobank Utrecht heeft nog niet bevestigd" in alerts[0].text


def test_a_confirmed_handover_raises_no_alert(manager_x, make_intake, partners, outbox):
    handover = _hand_over(make_intake(), partners["sla"], manager_x)
    services.confirm(handover.token)
    assert services.alert_unconfirmed(now=handover.reply_due_at + timedelta(days=1)) == 0
    assert not outbox(template="partners_unconfirmed")


def test_a_confirmed_handover_asks_the_entrepreneur_once_how_it_went(
    client, manager_x, make_intake, partners
):
    from loket.satisfaction.models import ContactKind, Rating

    intake = make_intake()
    handover = _hand_over(intake, partners["sla"], manager_x)
    url = reverse("partners:confirm", args=[handover.token])
    assert not Rating.objects.exists()  # not before the partner confirmed

    client.post(url)
    client.post(url)
    rating = Rating.objects.get()
    assert rating.kind == ContactKind.HANDOVER
    assert rating.email == intake.email
    assert rating.contact_key == f"handover:{handover.pk}"
    assert handover.organisation_name in rating.contact_label
