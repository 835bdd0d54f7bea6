"""Members take a colleague along: a personal invitation by mail, registering from its link."""

from datetime import timedelta

import pytest

from django.utils import timezone

from events import services
from events.models import Invitation, Registration
from events.services import RegistrationError

pytestmark = pytest.mark.django_db

CONTACT = {
    "first_name": "Joris",
    "last_name": "Bakker",
    "email": "joris@bakkerij-bakker.nl",
    "company_name": "Bakkerij Bakker",
    "size_band": "10-49",
    "consent": "on",
}


class TestInvite:
    def test_a_member_invites_a_contact_with_a_note(self, client, event, member, outbox):
        client.force_login(member)
        response = client.post(
            event.url + "uitnodigen/",
            {"email": "Joris@Bakkerij-Bakker.nl", "note": "Dit is precies ons gesprek van laatst!"},
        )
        assert response.status_code == 303
        invitation = Invitation.objects.get()
        assert invitation.email == "joris@bakkerij-bakker.nl"
        (mail,) = outbox(to="joris@bakkerij-bakker.nl")
        assert mail.template == "events_invitation"
        assert "Sanne" in mail.subject
        assert "Dit is precies ons gesprek van laatst!" in mail.text
        assert invitation.url() in mail.text
        assert mail.reply_to == member.email
        assert "List-Unsubscribe" in mail.headers
        assert "is verstuurd" in client.get(event.url).content.decode()

    def test_inviting_the_same_contact_twice_sends_one_mail(self, event, member, outbox):
        services.invite_to_event(event, member, email="joris@bakkerij-bakker.nl")
        services.invite_to_event(event, member, email="joris@bakkerij-bakker.nl")
        assert len(outbox(template="events_invitation")) == 1

    @pytest.mark.parametrize(
        ("data", "text", "status"),
        [
            ({"email": "joris@"}, "klopt niet", 400),
            ({"email": ""}, "Vul het e-mailadres in", 400),
            ({"email": "sanne@example.nl"}, "jezelf", 400),
            ({"email": "joris@example.nl", "note": "x" * 501}, "500 tekens", 400),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_sent(
        self, client, event, member, outbox, data, text, status
    ):
        client.force_login(member)
        response = client.post(event.url + "uitnodigen/", data)
        assert response.status_code == status
        assert text in response.content.decode()
        assert not Invitation.objects.exists()
        assert outbox() == []

    def test_visitors_must_log_in(self, client, event):
        response = client.post(event.url + "uitnodigen/", {"email": "joris@example.nl"})
        assert response.status_code == 403
        assert not Invitation.objects.exists()

    def test_no_invitations_for_a_closed_event(self, make_event, member):
        event = make_event(registration_closes_at=timezone.now() - timedelta(hours=1))
        with pytest.raises(RegistrationError):
            services.invite_to_event(event, member, email="joris@example.nl")

    def test_at_most_ten_per_member_per_event(self, event, member):
        for i in range(10):
            services.invite_to_event(event, member, email=f"contact{i}@example.nl")
        with pytest.raises(RegistrationError, match="al 10"):
            services.invite_to_event(event, member, email="nummer11@example.nl")

    def test_an_address_that_opted_out_gets_nothing(self, event, member, outbox):
        from loket.mail.models import Category
        from loket.mail.services import unsubscribe, unsubscribe_token

        unsubscribe(unsubscribe_token("joris@example.nl", Category.BULK))
        services.invite_to_event(event, member, email="joris@example.nl")
        assert outbox(to="joris@example.nl") == []


class TestRegisterFromTheInvitation:
    def test_the_invitee_registers_from_the_link(self, client, event, member):
        invitation = services.invite_to_event(
            event, member, email="joris@bakkerij-bakker.nl", note="Ga je mee?"
        )
        page = client.get(invitation.url())
        html = page.content.decode()
        assert "nodigde je uit" in html
        assert "Ga je mee?" in html
        assert f'name="uitnodiging" value="{invitation.token}"' in html

        response = client.post(
            event.url + "aanmelden/", {**CONTACT, "uitnodiging": invitation.token}
        )

        assert response.status_code == 303
        registration = Registration.objects.get(user__email="joris@bakkerij-bakker.nl")
        assert registration.source == Registration.Source.INVITE
        invitation.refresh_from_db()
        assert invitation.registration == registration

    def test_a_forged_invitation_is_ignored(self, client, event, member):
        invitation = services.invite_to_event(event, member, email="joris@bakkerij-bakker.nl")
        client.post(event.url + "aanmelden/", {**CONTACT, "uitnodiging": invitation.token + "x"})
        registration = Registration.objects.get()
        assert registration.source == Registration.Source.VISITOR
        invitation.refresh_from_db()
        assert invitation.registration is None

    def test_addresses_of_contacts_who_did_not_come_are_forgotten(self, make_event, member):
        event = make_event()
        services.invite_to_event(event, member, email="joris@example.nl")
        assert services.purge_invitations() == 0
        event.start = timezone.now() - timedelta(days=40)
        event.end = event.start + timedelta(hours=2)
        event.save()
        assert services.purge_invitations() == 1
        assert not Invitation.objects.exists()


class TestPrivacy:
    def test_export_and_erase(self, make_event, member, make_member):
        from loket.accounts import privacy

        future = make_event(capacity=1)
        services.register_for_event(future, member, answer="Mijn vraag")
        waiting = services.register_for_event(future, make_member())
        services.invite_to_event(future, member, email="joris@example.nl")

        data = privacy.export(member)["bijeenkomsten"]
        assert data["aanmeldingen"][0]["antwoord"] == "Mijn vraag"
        assert data["uitnodigingen"][0]["aan"] == "joris@example.nl"

        privacy.erase(member, keep_content=False)

        registration = Registration.objects.get(user=member)
        assert registration.status == Registration.Status.CANCELLED
        assert registration.answer == ""
        assert not Invitation.objects.exists()
        waiting.refresh_from_db()
        assert waiting.status == Registration.Status.OFFERED
