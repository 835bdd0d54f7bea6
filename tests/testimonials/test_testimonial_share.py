"""Deel mijn ervaring at /ervaringen/delen/: as a member, through a personal link, and bad input."""

import io
from urllib.parse import quote

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile

from testimonials import services
from testimonials.models import Channel, Experience, Status

pytestmark = pytest.mark.django_db

SHARE = "/ervaringen/delen/"


def form_data(**overrides):
    data = {
        "subject_kind": "loket",
        "score": "9",
        "quote": "Ik kwam met een vraag en ging weg met drie oplossingen.",
        "story": "Ik zat vast met mijn personeelsplanning.",
        "display_mode": "volledig",
        "channels": ["website", "social"],
    }
    data.update(overrides)
    return data


def png(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def test_visitors_without_a_link_are_asked_to_log_in(client, index):
    response = client.get(SHARE)
    assert response.status_code == 302
    assert "/account/" in response["Location"] and "next=" in response["Location"]


def test_a_member_shares_an_experience(client, index, member, theme):
    client.force_login(member)
    response = client.get(SHARE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Deel mijn ervaring" in content
    assert services.consent_text(Channel.WEBSITE) in content
    assert 'name="email"' not in content  # a member is known already

    response = client.post(SHARE, form_data(theme=theme.pk))
    assert response.status_code == 302
    assert response["Location"].endswith("/ervaringen/mijn/")
    experience = Experience.objects.get()
    assert experience.contributor == member
    assert experience.theme == theme
    assert sorted(experience.current_consents) == ["social", "website"]

    page = client.get(response["Location"]).content.decode()
    assert "Ik kwam met een vraag" in page
    assert "Dank je wel!" in page  # the message after sharing


def test_a_member_can_say_which_event_it_was_about(client, index, member, event):
    client.force_login(member)
    response = client.post(SHARE, form_data(subject_kind="bijeenkomst", event=event.pk))
    assert response.status_code == 302
    assert Experience.objects.get().event == event


def test_an_event_id_beyond_64_bits_is_an_unknown_event(client, index, member, event):
    # SQLite cannot bind 2**63 for a page's pk: this was a 500 (OverflowError).
    client.force_login(member)
    response = client.post(SHARE, form_data(subject_kind="bijeenkomst", event=str(2**63)))
    assert response.status_code < 500
    assert "Die bijeenkomst kennen we niet." in response.content.decode()
    assert not Experience.objects.exists()


def test_without_consent_nothing_is_stored(client, index, member):
    client.force_login(member)
    response = client.post(SHARE, form_data(channels=[]))
    assert response.status_code == 400
    assert "Kies waar we je ervaring mogen laten zien" in response.content.decode()
    assert not Experience.objects.exists()


def test_only_for_the_desk_needs_no_channel_but_not_both(client, index, member):
    client.force_login(member)
    response = client.post(SHARE, form_data(channels=["website"], private_only="on"))
    assert response.status_code == 400
    assert "Kies één van beide" in response.content.decode()
    response = client.post(SHARE, form_data(channels=[], private_only="on"))
    assert response.status_code == 302
    assert not Experience.objects.get().consents.exists()


def test_a_low_score_becomes_private_feedback(client, index, member):
    client.force_login(member)
    response = client.post(SHARE, form_data(score="4", channels=["website"]))
    assert response.status_code == 302
    experience = Experience.objects.get()
    assert experience.status == Status.PRIVATE
    assert not experience.consents.exists()
    page = client.get(response["Location"]).content.decode()
    assert "nooit gepubliceerd" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"score": "11"}, "rapportcijfer van 1 tot en met 10"),
        ({"score": "tien"}, "rapportcijfer van 1 tot en met 10"),
        ({"quote": ""}, "Dit hebben we nog van je nodig"),
        ({"quote": "x" * 400}, "maximaal 280 tekens"),
        ({"video_url": "https://filmpjes.example.com/1"}, "YouTube of Vimeo"),
        ({"display_mode": "iedereen"}, "geldige keuze"),
        ({"subject_kind": "bijeenkomst"}, "Kies de bijeenkomst"),
        ({"subject_kind": "intervisie"}, "Welke intervisiegroep"),
        ({"theme": "999999"}, "Dat thema kennen we niet"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_a_400(client, index, member, overrides, message):
    client.force_login(member)
    response = client.post(SHARE, form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Experience.objects.exists()


def test_a_script_in_the_story_is_made_harmless(client, index, member, admin_user):
    client.force_login(member)
    client.post(
        SHARE,
        form_data(story="Goed!<script>alert('hack')</script><a href=javascript:x()>klik</a>"),
    )
    experience = Experience.objects.get()
    assert "<script" not in experience.story and "javascript" not in experience.story
    services.approve(experience, by=admin_user)
    page = client.get("/ervaringen/").content.decode()
    assert "alert(" not in page


def test_a_photo_is_stored_and_bad_files_are_refused(client, index, member, settings):
    client.force_login(member)
    not_an_image = SimpleUploadedFile("foto.png", b"dit is tekst", content_type="image/png")
    response = client.post(SHARE, {**form_data(), "photo": not_an_image})
    assert response.status_code == 400
    assert "geen foto die we kunnen lezen" in response.content.decode()

    settings.MAX_PHOTO_BYTES = 1000
    response = client.post(SHARE, {**form_data(), "photo": png((400, 400))})
    assert response.status_code == 400
    assert "te groot" in response.content.decode()
    assert not Experience.objects.exists()

    settings.MAX_PHOTO_BYTES = 2 * 1024 * 1024
    response = client.post(SHARE, {**form_data(), "photo": png()})
    assert response.status_code == 302
    experience = Experience.objects.get()
    assert experience.photo.name.startswith("ervaringen/")
    assert "foto" not in experience.photo.name  # a random name, never the original


def test_the_follow_up_link_works_without_logging_in(client, index, event):
    url = services.share_experience_url(event=event, email="karin@example.nl")
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    content = response.content.decode()
    assert event.title in content
    assert 'name="email"' not in content  # the link already says who it is
    assert 'name="subject_kind"' not in content  # and what it was about

    token = url.split("link=", 1)[1]
    response = client.post(SHARE + "?link=" + token, form_data(name="Karin Bos"))
    assert response.status_code == 302
    experience = Experience.objects.get()
    assert (experience.event, experience.contributor_email) == (event, "karin@example.nl")
    assert f"/ervaringen/mijn/{experience.token}/" in response["Location"]

    # The link is good for one experience.
    reused = client.post(SHARE + "?link=" + token, form_data(name="Karin Bos"))
    assert reused.status_code == 409
    assert "al een ervaring gedeeld" in reused.content.decode()
    assert Experience.objects.count() == 1


def test_a_tampered_link_is_a_400_with_a_clear_message(client, index, event):
    token = services.share_token(event, "karin@example.nl")
    response = client.get(SHARE + "?link=" + quote(token[:-4] + "AAAA"))
    assert response.status_code == 400
    assert "Deze link klopt niet" in response.content.decode()
    response = client.post(SHARE + "?link=rommel", form_data(name="Karin"))
    assert response.status_code == 400
    assert not Experience.objects.exists()


def test_a_link_without_an_email_asks_for_it(client, index, event):
    token = services.share_token(event)
    response = client.post(SHARE + "?link=" + quote(token), form_data(name="Karin Bos"))
    assert response.status_code == 400
    assert "Vul je e-mailadres in" in response.content.decode()
    response = client.post(
        SHARE + "?link=" + quote(token), form_data(name="Karin Bos", email="karin@example.nl")
    )
    assert response.status_code == 302
