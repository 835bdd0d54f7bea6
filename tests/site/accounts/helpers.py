"""Helpers of the accounts tests: read the delivered mail, make an image to upload."""

import io
import re

from PIL import Image

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def link_in(message, path_start):
    """The first link in the plain-text body whose path starts with ``path_start``."""
    match = re.search(rf"https?://[^\s/]+({re.escape(path_start)}[^\s]*)", message.body)
    assert match, f"No link to {path_start} in:\n{message.body}"
    return match.group(1)


def image_file(name="foto.png", size=(40, 40), fmt="PNG", noise=False):
    image = Image.new("RGB", size, "#1d5c63")
    if noise:
        image = Image.frombytes(
            "RGB", size, bytes((i * 7919) % 251 for i in range(size[0] * size[1] * 3))
        )
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")
