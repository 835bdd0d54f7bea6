"""The signals the community app sends, defined apart from its receivers (``community.signals``)
so the services can send them without importing the page models."""

from django.dispatch import Signal

# Sent after commit when a membership starts: an open community joined at once, or a request a
# manager approved. With ``membership``, ``actor`` (the new member) and ``request`` (the member's
# own request, or None when a manager approved). Attribution counts it as a conversion.
membership_started = Signal()
