"""The organiser's side in the Wagtail admin: registrations list and export, check-in, dashboard."""

import csv
import io
from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Registration

Status = Registration.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(make_member):
    return make_member("beheer@ondernemersloket.nl", is_staff=True, is_superuser=True)


@pytest.fixture
def manager(make_member):
    """A community manager: admin access and the registration permissions of the role."""
    user = make_member("manager@ondernemersloket.nl")
    group = Group.objects.get(name="Communitymanagers")
    user.groups.add(group)
    return user


def attendees_url(event):
    return reverse("events_admin:attendees", args=[event.pk])


@pytest.mark.parametrize("suffix", ["", "toevoegen/", "reeks/", "bericht/", "1/aanwezig/"])
def test_an_event_id_beyond_64_bits_is_not_found(client, manager, suffix):
    # SQLite cannot bind 2**63 for a page's pk: these pages were a 500 (OverflowError).
    client.force_login(manager)
    assert client.get(f"/admin/deelnemers/{2**63}/{suffix}").status_code == 404


class TestRegistrationList:
    def test_lists_and_filters_by_event(self, client, admin_user, make_event, make_member):
        event, other = make_event(title="Cashflow"), make_event(title="Personeel")
        mine = services.register_for_event(event, make_member(), answer="Vraag over krediet")
        services.register_for_event(other, make_member())
        client.force_login(admin_user)

        url = reverse("wagtailsnippets_events_registration:list")
        response = client.get(url, {"event": event.pk})

        assert response.status_code == 200
        html = response.content.decode()
        assert "Vraag over krediet" in html
        assert str(mine.user) in html

    def test_csv_export_has_the_answers(self, client, admin_user, make_event, make_member):
        event = make_event(title="Cashflow")
        services.register_for_event(
            event,
            make_member("an@example.nl"),
            answer="Hoe financier ik groei?",
            colleagues=["Piet Jansen"],
        )
        client.force_login(admin_user)

        response = client.get(
            reverse("wagtailsnippets_events_registration:list"),
            {"event": event.pk, "export": "csv"},
        )

        assert response.status_code == 200
        content = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(content)))
        assert "E-mailadres" in rows[0]
        assert any("an@example.nl" in row and "Hoe financier ik groei?" in row for row in rows)
        assert any("Piet Jansen" in row for row in rows)

    def test_no_generic_add_or_edit_that_could_overbook(self, client, admin_user, event, member):
        registration = services.register_for_event(event, member)
        client.force_login(admin_user)
        assert client.get(reverse("wagtailsnippets_events_registration:add")).status_code in (
            302,
            403,
        )
        edit = reverse("wagtailsnippets_events_registration:edit", args=[registration.pk])
        assert client.post(edit, {"status": "geannuleerd"}).status_code in (302, 403)
        registration.refresh_from_db()
        assert registration.status == Status.CONFIRMED

    def test_members_do_not_get_in(self, client, member, event):
        client.force_login(member)
        response = client.get(attendees_url(event))
        assert response.status_code in (302, 403)


class TestCheckInAtTheDoor:
    def test_search_and_tick_present(self, client, manager, make_event, make_member):
        event = make_event()
        joris = services.register_for_event(event, make_member(first_name="Joris"))
        services.register_for_event(event, make_member(first_name="Fatma"))
        client.force_login(manager)

        page = client.get(attendees_url(event), {"q": "jor"})
        html = page.content.decode()
        assert page.status_code == 200
        assert "Joris" in html
        assert "Fatma" not in html

        response = client.post(
            reverse("events_admin:check_in", args=[event.pk, joris.pk]), {"q": "jor"}
        )
        assert response.status_code == 302
        assert response["Location"].endswith("?q=jor")
        joris.refresh_from_db()
        assert joris.checked_in_at is not None
        assert "is er. Welkom!" in client.get(response["Location"]).content.decode()

    def test_someone_not_registered_cannot_be_ticked(self, client, manager, make_event, member):
        event, other = make_event(), make_event()
        elsewhere = services.register_for_event(other, member)
        client.force_login(manager)

        response = client.post(
            reverse("events_admin:check_in", args=[event.pk, elsewhere.pk]), follow=True
        )

        assert "niet aangemeld voor deze bijeenkomst" in response.content.decode()
        elsewhere.refresh_from_db()
        assert elsewhere.checked_in_at is None

    def test_add_by_email_and_remove_promotes_the_waiting_list(
        self, client, manager, make_event, make_member
    ):
        event = make_event(capacity=1)
        seat = services.register_for_event(event, make_member())
        newcomer = make_member("nieuw@example.nl")
        client.force_login(manager)

        client.post(reverse("events_admin:add", args=[event.pk]), {"email": "nieuw@example.nl"})
        added = Registration.objects.get(user=newcomer)
        assert added.status == Status.WAITING
        assert added.source == Registration.Source.STAFF

        client.post(reverse("events_admin:remove", args=[event.pk, seat.pk]))
        seat.refresh_from_db()
        added.refresh_from_db()
        assert seat.status == Status.CANCELLED
        assert added.status == Status.OFFERED

    def test_adding_an_unknown_address_changes_nothing(self, client, manager, event):
        client.force_login(manager)
        response = client.post(
            reverse("events_admin:add", args=[event.pk]),
            {"email": "onbekend@example.nl"},
            follow=True,
        )
        assert "Er is geen lid met dit e-mailadres" in response.content.decode()
        assert not Registration.objects.exists()

    def test_the_list_query_count_does_not_grow(
        self, client, manager, make_event, make_member, django_assert_max_num_queries
    ):
        event = make_event(capacity=200)
        for _ in range(40):
            services.register_for_event(event, make_member())
        client.force_login(manager)
        client.get(attendees_url(event))
        with django_assert_max_num_queries(25):
            assert client.get(attendees_url(event)).status_code == 200


class TestDashboard:
    def test_fill_rate_and_no_show_rate(self, client, admin_user, make_event, make_member):
        upcoming = make_event(title="Bijna vol", capacity=4)
        services.register_for_event(upcoming, make_member(), colleagues=["Piet", "Fatma"])
        past = make_event(title="Vorige week", capacity=10)
        came = services.register_for_event(past, make_member())
        services.register_for_event(past, make_member())
        services.check_in(past, came)
        past.start = timezone.now() - timedelta(days=7)
        past.end = past.start + timedelta(hours=2)
        past.save()
        client.force_login(admin_user)

        html = client.get(reverse("wagtailadmin_home")).content.decode()

        assert "Bijeenkomsten: bezetting" in html
        assert "3 / 4" in html
        assert "75%" in html
        assert "1 / 2" in html
        assert "50%" in html


class TestEditing:
    def test_the_add_form_for_an_event_renders(self, client, admin_user, agenda):
        client.force_login(admin_user)
        url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", agenda.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert "Sprekers en gastheren" in response.content.decode()

    def test_the_attendees_button_shows_on_event_pages(self, client, admin_user, event):
        client.force_login(admin_user)
        html = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
        assert attendees_url(event) in html

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"slug": "archief"}, "slug"),
            ({"end": "before"}, "end"),
            ({"format": "online", "online_url": ""}, "online_url"),
            ({"venue_name": ""}, "venue_name"),
            (
                {"reduced_price": "30", "price": "20", "reduced_price_condition": "x"},
                "reduced_price",
            ),
            ({"reduced_price": "5", "price": "20"}, "reduced_price_condition"),
            ({"cancelled": True}, "cancellation_reason"),
        ],
    )
    def test_nonsense_is_refused_with_a_message(self, event, fields, field):
        from django.core.exceptions import ValidationError

        for name, value in fields.items():
            setattr(event, name, event.start - timedelta(hours=1) if value == "before" else value)
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert field in error.value.message_dict


class TestQrCheckIn:
    def test_the_confirmation_mail_shows_a_qr_code_that_opens_the_check_in(
        self, client, manager, event, member, outbox
    ):
        registration = services.register_for_event(event, member)
        (mail,) = outbox(to=member.email, template="events_confirmation")
        assert registration.qr_image_url() in mail.html

        image = client.get(registration.qr_image_url())
        assert image.status_code == 200
        assert image["Content-Type"] == "image/png"
        assert image.content.startswith(b"\x89PNG")

        client.force_login(manager)
        scan_url = registration.check_in_url().replace("http://testserver", "")
        page = client.get(scan_url)
        assert page.status_code == 200
        assert str(member.first_name) in page.content.decode()
        response = client.post(scan_url)
        assert response.status_code == 302
        registration.refresh_from_db()
        assert registration.checked_in_at is not None

    def test_a_code_for_another_event_or_a_forged_code_changes_nothing(
        self, client, manager, make_event, member
    ):
        event, other = make_event(), make_event()
        registration = services.register_for_event(other, member)
        client.force_login(manager)
        for url in (
            reverse("events_admin:scan", args=[event.pk, registration.token]),
            reverse("events_admin:scan", args=[other.pk, registration.token + "x"]),
        ):
            response = client.post(url)
            assert response.status_code == 400
            assert "Deze link klopt niet" in response.content.decode()
        registration.refresh_from_db()
        assert registration.checked_in_at is None
        assert client.get(f"{other.url}qr/{registration.token}x/").status_code == 404

    def test_someone_on_the_waiting_list_is_not_let_in_by_code(
        self, client, manager, make_event, make_member
    ):
        event = make_event(capacity=1)
        services.register_for_event(event, make_member())
        waiting = services.register_for_event(event, make_member())
        client.force_login(manager)
        response = client.post(reverse("events_admin:scan", args=[event.pk, waiting.token]))
        assert response.status_code == 400
        assert "geen bevestigde plek" in response.content.decode()
        waiting.refresh_from_db()
        assert waiting.checked_in_at is None
