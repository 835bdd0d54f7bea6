"""The account overview and editing the profile, with every bad input we can think of."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.accounts import services
from loket.accounts.models import Profile
from loket.mail.models import Category, MailOptOut
from loket.mail.services import is_opted_out, unsubscribe, unsubscribe_token
from loket.themes.models import Theme
from tests.factories import MemberFactory, UserFactory
from tests.site.accounts.helpers import image_file

PROFILE = "/account/profiel/"


def profile_data(**overrides):
    data = {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "company_name": "Kapsalon Fatima",
        "kvk_number": "",
        "sector": "S",
        "company_size": "2-4",
        "province": "utrecht",
        "municipality": "Utrecht",
        "bio": "Ik heb een kapsalon met drie medewerkers.",
        "visible_fields": ["name", "company_name"],
        "digest_frequency": "wekelijks",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def themes(db):
    Theme.objects.all().delete()
    return [
        Theme.objects.create(name=name, slug=slug, sort_order=i)
        for i, (name, slug) in enumerate([("Financiën", "financien"), ("Marketing", "marketing")])
    ]


@pytest.mark.django_db
class TestOverview:
    def test_needs_login(self, client):
        response = client.get("/account/")
        assert response.status_code == 302
        assert response.url == "/account/inloggen/?next=/account/"

    def test_greets_and_shows_completeness(self, member_client):
        page = member_client.get("/account/").content.decode()
        assert "Hoi Fatima!" in page
        # The factory fills company, sector, size, province, municipality and bio: 6 of 8.
        assert "Je profiel is voor 75% ingevuld." in page
        assert "Thema&#x27;s" in page or "Thema's" in page
        assert reverse("accounts:profile") in page
        assert reverse("accounts:data") in page

    def test_works_for_an_account_without_profile(self, client, db):
        user = UserFactory(email_verified=True)
        client.force_login(user)
        response = client.get("/account/")
        assert response.status_code == 200
        assert "Je profiel is voor 0% ingevuld." in response.content.decode()
        assert Profile.objects.filter(user=user).exists()


@pytest.mark.django_db
class TestEditProfile:
    def test_the_form_shows_the_choices_in_dutch(self, member_client, themes):
        page = member_client.get(PROFILE).content.decode()
        assert "Informatie en communicatie" in page
        assert "10–49 medewerkers" in page
        assert "Fryslân" in page
        assert "Marketing" in page
        assert 'enctype="multipart/form-data"' in page

    def test_saves_everything(self, member_client, member, themes):
        response = member_client.post(
            PROFILE,
            profile_data(
                first_name="Fati",
                kvk_number="1234 5678",
                themes=[themes[1].pk],
                newsletter="on",
                photo=image_file(),
            ),
        )
        assert response.status_code == 302
        assert response.url == reverse("accounts:overview")
        member.refresh_from_db()
        profile = Profile.objects.get(user=member)
        assert member.first_name == "Fati"
        assert profile.company_name == "Kapsalon Fatima"
        assert profile.kvk_number == "12345678"
        assert profile.sector == "S"
        assert profile.get_company_size_display() == "2–4 medewerkers"
        assert list(profile.themes.all()) == [themes[1]]
        assert profile.visible_fields == ["name", "company_name"]
        assert profile.digest_frequency == "wekelijks"
        assert profile.newsletter
        assert profile.photo.name.startswith("profielfoto/")
        assert profile.photo.storage.exists(profile.photo.name)

    def test_tags_in_free_text_are_stripped(self, member_client, member):
        member_client.post(
            PROFILE,
            profile_data(
                bio="Hallo <script>alert(1)</script><b>wereld</b>", company_name="<i>Kapsalon</i>"
            ),
        )
        profile = Profile.objects.get(user=member)
        assert profile.bio == "Hallo wereld"
        assert profile.company_name == "Kapsalon"

    @pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234abcd", "KvK12345678", "-1234567"])
    def test_an_invalid_kvk_number_gets_a_dutch_message(self, member_client, member, kvk):
        response = member_client.post(PROFILE, profile_data(kvk_number=kvk))
        assert response.status_code == 400
        assert "Een KvK-nummer bestaat uit precies 8 cijfers" in response.content.decode()
        assert Profile.objects.get(user=member).kvk_number == ""

    def test_kvk_number_with_dots_is_normalised(self, member_client, member):
        member_client.post(PROFILE, profile_data(kvk_number=" 12.34.56.78 "))
        assert Profile.objects.get(user=member).kvk_number == "12345678"

    def test_a_too_long_bio_gets_a_dutch_message(self, member_client, member, settings):
        settings.MAX_BIO_CHARS = 50
        response = member_client.post(PROFILE, profile_data(bio="a" * 51))
        assert response.status_code == 400
        assert "maximaal 50 tekens (nu 51)" in response.content.decode()
        assert Profile.objects.get(user=member).bio != "a" * 51

    def test_a_bio_of_exactly_the_limit_is_fine(self, member_client, member, settings):
        settings.MAX_BIO_CHARS = 50
        assert member_client.post(PROFILE, profile_data(bio="a" * 50)).status_code == 302

    def test_an_oversized_photo_gets_a_dutch_message(self, member_client, member, settings):
        photo = image_file(size=(300, 300), noise=True)
        settings.MAX_PHOTO_BYTES = photo.size - 1
        response = member_client.post(PROFILE, profile_data(photo=photo))
        assert response.status_code == 400
        assert "Je foto is te groot" in response.content.decode()
        assert not Profile.objects.get(user=member).photo

    @pytest.mark.parametrize(
        "upload",
        [
            SimpleUploadedFile("foto.png", b"dit is geen afbeelding", content_type="image/png"),
            SimpleUploadedFile("cv.pdf", b"%PDF-1.4 nep", content_type="application/pdf"),
            SimpleUploadedFile("leeg.jpg", b"", content_type="image/jpeg"),
        ],
        ids=["text-as-png", "pdf", "empty"],
    )
    def test_a_non_image_upload_gets_a_dutch_message(self, member_client, member, upload):
        response = member_client.post(PROFILE, profile_data(photo=upload))
        assert response.status_code == 400
        page = response.content.decode()
        assert "geen foto die we kunnen lezen" in page or "Het verstuurde bestand is leeg" in page
        assert not Profile.objects.get(user=member).photo

    def test_an_image_type_we_do_not_take_is_refused(self, member_client, member):
        response = member_client.post(
            PROFILE, profile_data(photo=image_file("foto.bmp", fmt="BMP"))
        )
        assert response.status_code == 400
        assert not Profile.objects.get(user=member).photo

    def test_replacing_and_removing_the_photo_deletes_the_old_file(
        self, member_client, member, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            member_client.post(PROFILE, profile_data(photo=image_file()))
        first = Profile.objects.get(user=member).photo
        storage, first_name = first.storage, first.name

        with django_capture_on_commit_callbacks(execute=True):
            member_client.post(PROFILE, profile_data(photo=image_file("nieuw.jpg", fmt="JPEG")))
        second = Profile.objects.get(user=member).photo.name
        assert second != first_name
        assert not storage.exists(first_name)
        assert storage.exists(second)

        with django_capture_on_commit_callbacks(execute=True):
            member_client.post(PROFILE, profile_data(**{"photo-clear": "on"}))
        assert not Profile.objects.get(user=member).photo
        assert not storage.exists(second)

    def test_saving_without_a_new_photo_keeps_it(self, member_client, member):
        member_client.post(PROFILE, profile_data(photo=image_file()))
        name = Profile.objects.get(user=member).photo.name
        member_client.post(PROFILE, profile_data(company_name="Ander"))
        assert Profile.objects.get(user=member).photo.name == name

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("sector", "Z"),
            ("company_size", "3"),
            ("province", "Atlantis"),
            ("digest_frequency", "elk uur"),
            ("visible_fields", ["email"]),
            ("themes", ["999999"]),
        ],
    )
    def test_unknown_choices_are_refused(self, member_client, field, value):
        response = member_client.post(PROFILE, profile_data(**{field: value}))
        assert response.status_code == 400
        assert "Selecteer een geldige keuze" in response.content.decode()

    def test_a_theme_id_beyond_64_bits_is_refused_not_a_server_error(self, member_client):
        # SQLite cannot bind 2**63: the form said 500 (OverflowError) before.
        response = member_client.post(PROFILE, profile_data(themes=[str(2**63)]))
        assert response.status_code == 400
        assert "is geen geldige waarde" in response.content.decode()

    def test_name_is_required(self, member_client):
        response = member_client.post(PROFILE, profile_data(first_name=""))
        assert response.status_code == 400
        assert "Dit is een verplicht veld." in response.content.decode()

    def test_needs_login(self, client):
        assert client.post(PROFILE, profile_data()).status_code == 302

    def test_the_query_count_does_not_grow_with_the_themes(
        self, member_client, django_assert_max_num_queries
    ):
        member_client.get(PROFILE)
        with django_assert_max_num_queries(14) as few:
            member_client.get(PROFILE)
        for i in range(20):
            Theme.objects.create(name=f"Thema {i}", slug=f"thema-{i}", sort_order=100 + i)
        with django_assert_max_num_queries(len(few.captured_queries)):
            member_client.get(PROFILE)


@pytest.mark.django_db
class TestNewsletterChoice:
    def test_opting_out_on_the_profile_records_a_mail_opt_out(self, member_client, member):
        member_client.post(PROFILE, profile_data(newsletter="on"))
        assert not is_opted_out(member.email, Category.BULK)
        member_client.post(PROFILE, profile_data())
        assert is_opted_out(member.email, Category.BULK)
        assert MailOptOut.objects.count() == 1
        member_client.post(PROFILE, profile_data(newsletter="on"))
        assert not is_opted_out(member.email, Category.BULK)
        assert not MailOptOut.objects.exists()

    def test_a_one_click_unsubscribe_unticks_the_newsletter(self, member_client, member):
        member_client.post(PROFILE, profile_data(newsletter="on"))
        unsubscribe(unsubscribe_token(member.email, Category.BULK))
        response = member_client.get(PROFILE)
        assert not response.context["form"].initial["newsletter"]
        assert not Profile.objects.get(user=member).newsletter


@pytest.mark.django_db
class TestVisibility:
    def test_by_default_others_see_name_company_and_sector(self, db):
        member = MemberFactory(first_name="Bram", last_name="Smit")
        card = member.profile.public_card()
        assert card == {
            "name": "Bram Smit",
            "company_name": member.profile.company_name,
            "sector": "Handel",
        }

    def test_hidden_name_and_shown_extras(self, db, themes):
        member = MemberFactory(first_name="Bram", last_name="Smit")
        profile = services.update_profile(
            member, visible_fields=["region", "themes", "bio"], themes=[themes[0]]
        )
        card = profile.public_card()
        assert card["name"] == "Ondernemer"
        assert "company_name" not in card
        assert card["region"] == "Amersfoort, Utrecht"
        assert card["themes"] == ["Financiën"]
        assert card["bio"].startswith("Ik run een bakkerij")

    def test_the_member_card_template_shows_only_the_card(self, db, client):
        from django.template.loader import render_to_string

        member = MemberFactory(first_name="Bram", last_name="Smit")
        member.profile.kvk_number = "12345678"
        member.profile.save()
        html = render_to_string(
            "accounts/includes/member_card.html", {"card": member.profile.public_card()}
        )
        assert "Bram Smit" in html
        assert "Handel" in html
        assert "12345678" not in html
        assert "Amersfoort" not in html
