"""Member image uploads made safe: byte and pixel limits, real images only, re-encoded clean.

A photo is checked before it is decoded, then stored as a fresh PNG/JPEG/WebP without metadata.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# What a member may upload (Pillow's names) and what each is stored as: GIF becomes PNG, so an
# animation or a GIF/script polyglot never reaches the site.
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
_STORED_AS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "PNG", "WEBP": "WEBP"}
_EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_CONTENT_TYPE = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Markup a browser could run when a file is opened on its own: never an image.
_MARKUP = (b"<svg", b"<html", b"<!doctype", b"<script", b"<body", b"<iframe", b"<object")

NOT_AN_IMAGE = _(
    "Dit bestand is geen foto die we kunnen lezen. Kies een JPG-, PNG-, GIF- of WebP-bestand."
)


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _refuse(message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def check_size(upload: Any, max_bytes: int | None = None) -> None:
    """Refuse a file over ``max_bytes`` (``MAX_PHOTO_BYTES``) before anything reads it."""
    limit = max_bytes or _limit("MAX_PHOTO_BYTES", 2 * 1024 * 1024)
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _refuse(
            _("Je foto is te groot. Kies een foto van maximaal %(limit)s."),
            "photo_too_large",
            limit=filesizeformat(limit),
        )


def _read(upload: Any) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    return bytes(upload.read())


def clean_image(
    upload: Any, *, max_bytes: int | None = None, max_pixels: int | None = None
) -> SimpleUploadedFile:
    """Return ``upload`` re-encoded as a clean image, or raise ``ValidationError`` (Dutch).

    Checks, in order: the byte size; that the bytes are no markup (SVG, HTML); the pixel count
    from the header, before any decoding (a small file can claim 50000x50000 pixels); that Pillow
    reads and verifies it as JPEG/PNG/GIF/WebP. The result is a fresh file without EXIF, comments
    or trailing bytes, named after its real format.
    """
    check_size(upload, max_bytes)
    data = _read(upload)
    check_size(SimpleUploadedFile("x", data), max_bytes)
    # Markup anywhere (an SVG, an HTML page, or an image with a page appended: a polyglot).
    lowered = data.lower()
    if not data or any(marker in lowered for marker in _MARKUP):
        raise _refuse(NOT_AN_IMAGE, "invalid_image")
    pixel_limit = max_pixels or _limit("MAX_PHOTO_PIXELS", 25_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                kind = probe.format
                if width * height > pixel_limit:
                    raise _refuse(
                        _(
                            "Deze foto heeft te veel beeldpunten (%(width)d × %(height)d). "
                            "Kies een kleinere foto."
                        ),
                        "photo_too_many_pixels",
                        width=width,
                        height=height,
                    )
                if kind not in IMAGE_FORMATS:
                    raise _refuse(NOT_AN_IMAGE, "invalid_image")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                clean = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own guard (far above ours) fired while reading the header.
        raise _refuse(
            _("Deze foto heeft te veel beeldpunten. Kies een kleinere foto."),
            "photo_too_many_pixels",
        ) from error
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise _refuse(NOT_AN_IMAGE, "invalid_image") from error
    return _encode(clean, kind, getattr(upload, "name", "") or "foto")


def _encode(image: Image.Image, kind: str, name: str) -> SimpleUploadedFile:
    stored = _STORED_AS[kind]
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if stored == "JPEG":
        image = image.convert("RGB")
    else:
        image = image.convert("RGBA" if has_alpha else "RGB")
    image.info = {}
    out = io.BytesIO()
    # No ``exif``, ``icc_profile`` or comment is passed on: only the pixels are kept.
    options = {"quality": 88} if stored in ("JPEG", "WEBP") else {"optimize": True}
    image.save(out, format=stored, **options)
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "foto"
    cleaned = SimpleUploadedFile(
        f"{stem}.{_EXTENSION[stored]}", out.getvalue(), content_type=_CONTENT_TYPE[stored]
    )
    cleaned.image = image  # type: ignore[attr-defined]  # as Django's ImageField sets it
    return cleaned
