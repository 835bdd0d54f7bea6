"""Uploads with crafted files: pixel bombs, polyglots, SVG in disguise, huge files, HTML documents.

Member photos (profile, experience) go through ``loket.core.uploads``; staff images and documents
through Wagtail, configured so that an uploaded HTML or SVG is never shown inline.
"""

import io
import struct
import zlib

import pytest
from PIL import Image, ImageFile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.images.fields import WagtailImageField

from loket.accounts.models import Profile
from loket.core.uploads import clean_image
from testimonials.models import Experience
from tests.factories import ExperienceIndexPageFactory, MemberFactory

PROFILE = "/account/profiel/"
SHARE = "/ervaringen/delen/"
HTML_PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script><rect width='10' height='10'/></svg>"
)


def png_bytes(size=(1, 1), color="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def png_claiming(width, height):
    """A valid 1x1 PNG whose header (with a correct CRC) claims ``width`` x ``height`` pixels."""
    data = bytearray(png_bytes())
    # Signature (8), IHDR length (4), "IHDR" (4), then width and height.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_with_exif():
    exif = Image.Exif()
    exif[0x010E] = "Thuisadres: Dorpsstraat 1, Utrecht"  # ImageDescription
    exif[0x013B] = "Fatima El Amrani"  # Artist
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "orange").save(buffer, "JPEG", exif=exif, comment=b"geheim")
    return buffer.getvalue()


CRAFTED = {
    "pixel-bomb-50000": ("bom.png", png_claiming(50_000, 50_000), "te veel beeldpunten"),
    "pixel-bomb-6000": ("groot.png", png_claiming(6_000, 6_000), "te veel beeldpunten"),
    "svg-as-png": ("foto.png", SVG, "geen foto die we kunnen lezen"),
    "png-with-html": ("foto.png", png_bytes((20, 20)) + HTML_PAYLOAD, "geen foto die we kunnen"),
    "html-deep-in-png": (
        "foto.png",
        png_bytes((200, 200), "white")[:-12] + b"\0" * 4096 + HTML_PAYLOAD + png_bytes()[-12:],
        "geen foto die we kunnen",
    ),
    "html-as-jpg": ("foto.jpg", HTML_PAYLOAD, "geen foto die we kunnen lezen"),
    "twenty-mb": ("groot.png", png_bytes() + b"\0" * (20 * 1024 * 1024), "te groot"),
}


def upload(name, data, content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# The validator on its own


@pytest.mark.parametrize("case", CRAFTED, ids=list(CRAFTED))
def test_crafted_files_are_refused_with_a_dutch_message(case):
    name, data, message = CRAFTED[case]
    with pytest.raises(ValidationError) as refused:
        clean_image(upload(name, data))
    assert message in " ".join(refused.value.messages)


def test_the_pixel_count_is_read_before_decoding(monkeypatch):
    """The bomb is refused from its header: Pillow never decodes (loads) its pixels."""
    bombs = [
        upload("bom.png", png_claiming(50_000, 50_000)),
        upload("x.png", png_claiming(6000, 6000)),
    ]
    loaded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: loaded.append(self))
    for bomb in bombs:
        with pytest.raises(ValidationError):
            clean_image(bomb)
    assert loaded == []


def test_a_real_png_is_re_encoded_as_png():
    cleaned = clean_image(upload("foto.png", png_bytes((20, 30))))
    assert cleaned.name == "foto.png" and cleaned.content_type == "image/png"
    assert Image.open(io.BytesIO(cleaned.read())).size == (20, 30)


def test_metadata_is_stripped_and_the_name_follows_the_real_format():
    cleaned = clean_image(upload("vakantie.png", jpeg_with_exif(), "image/png"))
    assert cleaned.name == "vakantie.jpg" and cleaned.content_type == "image/jpeg"
    data = cleaned.read()
    assert b"Dorpsstraat" not in data and b"geheim" not in data and b"Fatima" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_a_gif_is_stored_as_png():
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    cleaned = clean_image(upload("bewegend.gif", buffer.getvalue(), "image/gif"))
    assert cleaned.name == "bewegend.png"
    assert Image.open(io.BytesIO(cleaned.read())).format == "PNG"


# Through the member forms: a 400 with the message, nothing stored, never a 500


def profile_data(photo):
    return {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "company_name": "Kapsalon Fatima",
        "bio": "",
        "visible_fields": ["name"],
        "digest_frequency": "wekelijks",
        "photo": photo,
    }


@pytest.fixture
def member(db):
    return MemberFactory(first_name="Fatima", last_name="El Amrani")


@pytest.mark.django_db
@pytest.mark.parametrize("case", CRAFTED, ids=list(CRAFTED))
def test_the_profile_form_refuses_crafted_photos(client, member, case):
    client.force_login(member)
    name, data, message = CRAFTED[case]
    response = client.post(PROFILE, profile_data(upload(name, data)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Profile.objects.get(user=member).photo


@pytest.mark.django_db
def test_a_profile_photo_is_stored_re_encoded(client, member):
    client.force_login(member)
    response = client.post(PROFILE, profile_data(upload("foto.png", jpeg_with_exif())))
    assert response.status_code == 302
    photo = Profile.objects.get(user=member).photo
    assert photo.name.endswith(".jpg")  # its real format, not the name it came with
    with photo.open("rb") as stored:
        assert b"Dorpsstraat" not in stored.read()


def share_data(photo):
    return {
        "subject_kind": "loket",
        "score": "9",
        "quote": "Ik kwam met een vraag en ging weg met drie oplossingen.",
        "story": "",
        "display_mode": "volledig",
        "channels": ["website"],
        "photo": photo,
    }


@pytest.mark.django_db
def test_the_experience_form_refuses_crafted_photos_and_re_encodes(client, member, home):
    ExperienceIndexPageFactory(parent=home)
    client.force_login(member)
    for name, data, message in CRAFTED.values():
        response = client.post(SHARE, share_data(upload(name, data)))
        assert response.status_code == 400, name
        assert message in response.content.decode()
    assert not Experience.objects.exists()
    response = client.post(SHARE, share_data(upload("foto.jpg", jpeg_with_exif(), "image/jpeg")))
    assert response.status_code == 302
    with Experience.objects.get().photo.open("rb") as stored:
        assert b"Dorpsstraat" not in stored.read()


# Staff uploads through Wagtail


def test_wagtail_images_refuse_svg_and_pixel_bombs():
    field = WagtailImageField()
    for name, data in [("logo.svg", SVG), ("groot.png", png_claiming(8_000, 8_000))]:
        with pytest.raises(ValidationError):
            field.clean(upload(name, data))


@pytest.mark.django_db
def test_an_html_document_is_refused_by_the_upload_form(admin_client):
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": upload("aanval.html", HTML_PAYLOAD, "text/html")},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["notitie.txt", "tabel.csv", "brief.rtf"])
def test_a_document_holding_html_is_downloaded_never_shown(client, home, name):
    document = get_document_model().objects.create(
        title="Aanval", file=ContentFile(HTML_PAYLOAD + SVG, name=name)
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "html" not in response["Content-Type"] and "svg" not in response["Content-Type"]
