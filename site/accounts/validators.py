"""Validators for member input: KvK number, bio length and profile photo.

Limits are read from settings when a value is checked, not at import, so an installation (or a
test) can change them without a migration.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

KVK_NUMBER = re.compile(r"^\d{8}$")
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp")
PHOTO_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")


def normalise_kvk_number(value):
    """Drop spaces and dots people type for readability: "1234 5678" becomes "12345678"."""
    return re.sub(r"[\s.]", "", value or "")


def validate_kvk_number(value):
    if value and not KVK_NUMBER.match(value):
        raise ValidationError(
            _("Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 12345678."),
            code="invalid_kvk_number",
        )


def validate_bio_length(value):
    limit = settings.MAX_BIO_CHARS
    if value and len(value) > limit:
        raise ValidationError(
            _("Houd het kort: maximaal %(limit)d tekens (nu %(length)d)."),
            code="bio_too_long",
            params={"limit": limit, "length": len(value)},
        )


def validate_photo_size(file):
    limit = settings.MAX_PHOTO_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("Je foto is te groot. Kies een foto van maximaal %(limit)s."),
            code="photo_too_large",
            params={"limit": filesizeformat(limit)},
        )
