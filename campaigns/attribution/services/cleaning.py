"""Cleaning what a visitor sends: UTM values, campaign codes and landing paths.
Nothing a visitor sends is stored as sent."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from django.utils.encoding import iri_to_uri

from .base import PATH_MAX, RAW_MAX, TOKEN_MAX

_TOKEN_JUNK = re.compile(r"[^a-z0-9._+]+")
_CODE_JUNK = re.compile(r"[^a-z0-9]+")


def _ascii(value):
    value = unicodedata.normalize("NFKD", str(value or "")[:RAW_MAX])
    # Control and format characters (including bidi overrides) go; accents fold to ASCII.
    value = "".join(ch for ch in value if not unicodedata.category(ch).startswith("C"))
    return value.encode("ascii", "ignore").decode().lower()


def clean_token(value: object) -> str:
    """A UTM source, medium or content as something safe to store and show: ``[a-z0-9._+-]``."""
    token = _TOKEN_JUNK.sub("-", _ascii(value)).strip("-._+")
    return re.sub(r"-{2,}", "-", token)[:TOKEN_MAX].strip("-")


def clean_code(value: object) -> str:
    """A campaign code shaped like CampaignPage.code: lower-case letters, digits, hyphens."""
    return _CODE_JUNK.sub("-", _ascii(value)).strip("-")[:TOKEN_MAX].strip("-")


def clean_path(value: object) -> str:
    """The path part of a landing URL, percent-encoded, without query or fragment."""
    raw = "".join(ch for ch in str(value or "")[:RAW_MAX] if unicodedata.category(ch)[0] != "C")
    try:
        path = urlsplit(raw.strip()).path
    except ValueError:
        return ""
    if not path.startswith("/") or path.startswith("//"):
        return ""
    return iri_to_uri(path)[:PATH_MAX]
